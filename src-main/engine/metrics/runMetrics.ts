// Metrics for status, computed from the run history: success rate, average duration, failures by error class,
// throughput and freshness per source over a time window.
import { runThroughput, type ErrorClass, type SourceMetrics, type SyncRun } from '../../../src-shared/domain.js';

export const METRICS_WINDOW_HOURS = 24;

export function sourceMetrics(source: string, windowRuns: SyncRun[], lastSuccess: SyncRun | null, now: number): SourceMetrics {
  // An operator's Stop, a dry run or a run still going says nothing about the source's health.
  const runs = windowRuns.filter(
    (r) => r.source === source && !['skipped', 'cancelled', 'running'].includes(r.status) && !r.dryRun,
  );
  const succeeded = runs.filter((r) => r.status === 'succeeded');
  const durations = runs.map((r) => r.durationMs).filter((d): d is number => d !== null);
  const errorsByClass: Partial<Record<ErrorClass, number>> = {};
  for (const r of runs) if (r.status === 'failed' && r.error) errorsByClass[r.error.class] = (errorsByClass[r.error.class] ?? 0) + 1;
  const finished = lastSuccess?.finishedAt ? Date.parse(lastSuccess.finishedAt) : null;
  return {
    source,
    runs: runs.length,
    successRate: runs.length === 0 ? null : succeeded.length / runs.length,
    avgDurationMs: durations.length === 0 ? null : Math.round(durations.reduce((a, b) => a + b, 0) / durations.length),
    errorsByClass,
    throughput: lastSuccess ? runThroughput(lastSuccess) : null,
    freshnessSeconds: finished === null ? null : Math.max(0, Math.round((now - finished) / 1000)),
  };
}

export function hitRatio(cache: { hits: number; misses: number }): number | null {
  const total = cache.hits + cache.misses;
  return total === 0 ? null : cache.hits / total;
}
