// Collects why a run went as it did while it runs (strategy, retries, deletes and their proof) and, at its end,
// adds the quarantine by rule and the source's pace; the run's record keeps it (sync_runs.explain).
import type { PaceExplanation, RunExplanation } from '../../../src-shared/runExplanation.js';
import type { RunStore } from '../store/runStore.js';

export class RunExplainer {
  private readonly e: RunExplanation;

  constructor(strategy: string, reason: string) {
    this.e = { strategy: { chosen: strategy, reason }, retries: [], quarantined: [], deletes: { count: 0, proof: null, skipped: null, review: null }, pace: null };
  }

  changed(strategy: string, reason: string): void {
    const was = this.e.strategy;
    this.e.strategy = { chosen: strategy, reason, changedFrom: { strategy: was.chosen, reason: was.reason } };
  }

  retry(cause: string, waitMs: number, fromRecord: number): void {
    if (this.e.retries.length < 50) this.e.retries.push({ cause, waitMs, fromRecord });
  }

  deletes(d: Partial<RunExplanation['deletes']>): void {
    Object.assign(this.e.deletes, d);
  }

  /** Retries the pacer made (refused requests sent again) are the run's retries too. */
  static paceRetries(pace: PaceExplanation | null): number {
    return pace?.resent ?? 0;
  }

  build(runs: RunStore, runId: number, pace: PaceExplanation | null): RunExplanation {
    return { ...this.e, quarantined: runs.quarantineByRule(runId), pace };
  }
}
