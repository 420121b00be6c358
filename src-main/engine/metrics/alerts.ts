// Turns run outcomes, data age and the queue into alerts: a failed run, N consecutive failures, a share of failed
// runs above a threshold, data older than the stale threshold, a mass delete waiting for review, a queue backlog.
// Conditions that last (error rate, stale, backlog) alert once, and again only after they have cleared; a cleared
// condition resolves its alerts (a success resolves the source's failure, stale and review alerts).
import { ALL_SOURCES, type Alert, type AlertKind, type RunStatus, type SyncRun } from '../../../src-shared/domain.js';
import type { Backlog } from '../queue/jobQueue.js';

export interface AlertOptions {
  consecutiveFailures: number;
  staleAfterHours: number;
  errorRate: { threshold: number; windowRuns: number; minRuns: number };
  queueBacklog: { maxWaiting: number; maxWaitMinutes: number };
  /** Minutes offline after which coming back raises a back-online alert; 0 turns it off. */
  backOnlineAfterMinutes?: number;
  emit: (a: Alert) => void;
  /** The conditions behind these kinds of alert of a source cleared. */
  resolve?: (kinds: readonly AlertKind[], source: string) => void;
  now: () => number;
  /** A source's latest runs that count for its health, newest first (RunStore.recentOutcomes). */
  recentOutcomes: (source: string, limit: number) => RunStatus[];
}

const HEALTH_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'needs_review'];
const percent = (share: number): string => `${Math.round(share * 100)}%`;

export class AlertMonitor {
  private readonly failures = new Map<string, number>();
  private readonly staleReported = new Set<string>();
  private readonly errorRateReported = new Set<string>();
  private backlogReported = false;

  constructor(private readonly opts: AlertOptions) {}

  private at(): string {
    return new Date(this.opts.now()).toISOString();
  }

  onRun(run: SyncRun): void {
    const base = { source: run.source, at: this.at(), runId: run.id };
    if (run.status === 'succeeded') {
      this.failures.delete(run.source);
      this.staleReported.delete(run.source);
      if (!run.dryRun) this.opts.resolve?.(['run-failed', 'consecutive-failures', 'needs-review', 'stale'], run.source);
    } else if (run.status === 'needs_review') {
      this.opts.emit({
        ...base,
        kind: 'needs-review',
        level: 'warning',
        message: `${run.source}: ${run.error?.message ?? 'deletes need review'}`,
      });
    } else if (run.status === 'failed') {
      const n = (this.failures.get(run.source) ?? 0) + 1;
      this.failures.set(run.source, n);
      const why = run.error ? `[${run.error.class}] ${run.error.message}` : 'unknown error';
      this.opts.emit({ ...base, kind: 'run-failed', level: 'error', message: `${run.source}: sync failed: ${why}` });
      if (n === this.opts.consecutiveFailures) {
        this.opts.emit({
          ...base,
          kind: 'consecutive-failures',
          level: 'error',
          message: `${run.source}: ${n} syncs in a row have failed; last: ${why}`,
        });
      }
    }
    if (HEALTH_STATUSES.includes(run.status) && !run.dryRun) this.checkErrorRate(base);
  }

  /** The share of failed runs among the source's latest ones (from the run history, so it survives a restart). */
  private checkErrorRate(base: { source: string; at: string; runId: number }): void {
    const { threshold, windowRuns, minRuns } = this.opts.errorRate;
    if (threshold <= 0) return;
    const outcomes = this.opts.recentOutcomes(base.source, windowRuns);
    const failed = outcomes.filter((s) => s === 'failed').length;
    const rate = outcomes.length === 0 ? 0 : failed / outcomes.length;
    if (outcomes.length < minRuns || rate <= threshold) {
      this.errorRateReported.delete(base.source);
      this.opts.resolve?.(['error-rate'], base.source);
      return;
    }
    if (this.errorRateReported.has(base.source)) return;
    this.errorRateReported.add(base.source);
    this.opts.emit({
      ...base,
      kind: 'error-rate',
      level: 'error',
      message: `${base.source}: ${failed} of the last ${outcomes.length} syncs failed (${percent(rate)}, threshold ${percent(threshold)})`,
    });
  }

  /** The network is back: one alert when the outage lasted long enough to matter. */
  onBackOnline(outageMs: number): void {
    const min = this.opts.backOnlineAfterMinutes ?? 30;
    if (min <= 0 || outageMs < min * 60_000) return;
    const minutes = Math.round(outageMs / 60_000);
    this.opts.emit({ kind: 'back-online', level: 'warning', source: ALL_SOURCES, message: `back online after ${minutes} min offline; waiting syncs start now`, at: this.at() });
  }

  /** Checks each source's last success against the stale threshold. */
  checkStale(lastSuccess: (source: string) => string | null, sources: string[]): void {
    if (this.opts.staleAfterHours <= 0) return;
    const now = this.opts.now();
    for (const source of sources) {
      const last = lastSuccess(source);
      const age = last === null ? null : now - Date.parse(last);
      if (age !== null && age <= this.opts.staleAfterHours * 3_600_000) {
        this.opts.resolve?.(['stale'], source);
        continue;
      }
      if (this.staleReported.has(source)) continue;
      this.staleReported.add(source);
      const message =
        age === null
          ? `${source}: never synced successfully`
          : `${source}: no successful sync for ${Math.floor(age / 3_600_000)} h (threshold ${this.opts.staleAfterHours} h)`;
      this.opts.emit({ kind: 'stale', level: 'warning', source, message, at: new Date(now).toISOString() });
    }
  }

  /** Checks the jobs waiting to start against the backlog thresholds; alerts once until the queue is back within them. */
  checkBacklog(backlog: Backlog): void {
    const { maxWaiting, maxWaitMinutes } = this.opts.queueBacklog;
    const tooMany = maxWaiting > 0 && backlog.waiting > maxWaiting;
    const tooOld = maxWaitMinutes > 0 && backlog.oldest !== null && backlog.oldest.waitMs > maxWaitMinutes * 60_000;
    if (!tooMany && !tooOld) {
      this.backlogReported = false;
      this.opts.resolve?.(['queue-backlog'], ALL_SOURCES);
      return;
    }
    if (this.backlogReported) return;
    this.backlogReported = true;
    const oldest = backlog.oldest
      ? `; the oldest (${backlog.oldest.source}) has waited ${Math.floor(backlog.oldest.waitMs / 60_000)} min`
      : '';
    const limits = [maxWaiting > 0 ? `${maxWaiting} jobs` : null, maxWaitMinutes > 0 ? `${maxWaitMinutes} min` : null];
    this.opts.emit({
      kind: 'queue-backlog',
      level: 'warning',
      source: ALL_SOURCES,
      message: `queue backlog: ${backlog.waiting} job(s) waiting to start${oldest} (threshold ${limits.filter(Boolean).join(' or ')})`,
      at: this.at(),
    });
  }
}
