// Turns run outcomes and data age into alerts: a failed run, N consecutive failures, data older than the stale
// threshold (once until the source is fresh again), a mass delete waiting for review.
import type { Alert, SyncRun } from '../../../src-shared/domain.js';

export class AlertMonitor {
  private readonly failures = new Map<string, number>();
  private readonly staleReported = new Set<string>();

  constructor(
    private readonly opts: { consecutiveFailures: number; staleAfterHours: number; emit: (a: Alert) => void; now: () => number },
  ) {}

  onRun(run: SyncRun): void {
    const at = new Date(this.opts.now()).toISOString();
    const base = { source: run.source, at, runId: run.id };
    if (run.status === 'succeeded') {
      this.failures.delete(run.source);
      this.staleReported.delete(run.source);
      return;
    }
    if (run.status === 'needs_review') {
      this.opts.emit({ ...base, kind: 'needs-review', level: 'warning', message: `${run.source}: ${run.error?.message ?? 'deletes need review'}` });
      return;
    }
    if (run.status !== 'failed') return;
    const n = (this.failures.get(run.source) ?? 0) + 1;
    this.failures.set(run.source, n);
    const why = run.error ? `[${run.error.class}] ${run.error.message}` : 'unknown error';
    this.opts.emit({ ...base, kind: 'run-failed', level: 'error', message: `${run.source}: sync failed: ${why}` });
    if (n === this.opts.consecutiveFailures) {
      this.opts.emit({ ...base, kind: 'consecutive-failures', level: 'error', message: `${run.source}: ${n} syncs in a row have failed; last: ${why}` });
    }
  }

  /** Checks each source's last success against the stale threshold. */
  checkStale(lastSuccess: (source: string) => string | null, sources: string[]): void {
    if (this.opts.staleAfterHours <= 0) return;
    const now = this.opts.now();
    for (const source of sources) {
      const last = lastSuccess(source);
      const age = last === null ? null : now - Date.parse(last);
      if (age !== null && age <= this.opts.staleAfterHours * 3_600_000) continue;
      if (this.staleReported.has(source)) continue;
      this.staleReported.add(source);
      const message =
        age === null
          ? `${source}: never synced successfully`
          : `${source}: no successful sync for ${Math.floor(age / 3_600_000)} h (threshold ${this.opts.staleAfterHours} h)`;
      this.opts.emit({ kind: 'stale', level: 'warning', source, message, at: new Date(now).toISOString() });
    }
  }
}
