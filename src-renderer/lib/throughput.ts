// Records per second and time left of running syncs, from the progress events seen so far.
import type { Progress } from '../../src-shared/domain.js';

interface Sample {
  at: number;
  fetched: number;
}

export interface RunRate {
  /** Records per second since this screen first saw the run; null until two samples a second apart. */
  perSecond: number | null;
  /** Milliseconds left at that rate, when the source reported a total. */
  etaMs: number | null;
}

/** Keeps the first sample of each run; the rate is measured from it, so one slow page does not swing it. */
export class ThroughputTracker {
  private readonly first = new Map<number, Sample>();

  observe(p: Progress, at: number): void {
    if (!this.first.has(p.runId)) this.first.set(p.runId, { at, fetched: p.fetched });
  }

  forget(runId: number): void {
    this.first.delete(runId);
  }

  rate(p: Progress, at: number): RunRate {
    const start = this.first.get(p.runId);
    if (!start || at - start.at < 1000 || p.fetched <= start.fetched) return { perSecond: null, etaMs: null };
    const perSecond = ((p.fetched - start.fetched) * 1000) / (at - start.at);
    const left = p.total !== null ? Math.max(0, p.total - p.fetched) : null;
    return { perSecond, etaMs: left === null ? null : (left / perSecond) * 1000 };
  }
}
