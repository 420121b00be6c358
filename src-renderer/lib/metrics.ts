// Display helpers for the dashboard's metrics: ratios, freshness, errors by class, pause state.
import type { AgentMetrics, ErrorClass, SourceStatus } from '../../src-shared/domain.js';

/** 0..1 as "97.5%"; "—" when unknown. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Seconds since the last success as "45 s", "12 min", "3 h", "2 d"; "never" when there was none. */
export function formatFreshness(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'never';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** "network 3 · auth 1", most frequent first; empty when nothing failed. */
export function formatErrorsByClass(errors: Partial<Record<ErrorClass, number>>): string {
  return Object.entries(errors)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cls, n]) => `${cls} ${n}`)
    .join(' · ');
}

export type QueueState = AgentMetrics['queue'];

/** Whether scheduled runs of a source are held, by a pause of that source or of all sources. */
export function isPaused(queue: QueueState | undefined, source: string): boolean {
  if (!queue) return false;
  return queue.paused.all || queue.paused.sources.some((p) => p.source === source);
}

/** When a source's pause ends by itself, if it does. */
export function pausedUntil(queue: QueueState | undefined, source: string): string | null {
  if (!queue) return null;
  if (queue.paused.all) return queue.paused.allUntil;
  return queue.paused.sources.find((p) => p.source === source)?.until ?? null;
}

export type BreakerState = NonNullable<SourceStatus['breaker']>['state'];

export const breakerTone: Record<BreakerState, 'ok' | 'warn' | 'bad'> = {
  closed: 'ok',
  'half-open': 'warn',
  open: 'bad',
};
