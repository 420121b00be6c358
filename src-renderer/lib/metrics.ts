// Display helpers for the dashboard's metrics: errors by class, pause state, breaker tone.
import type { AgentMetrics, ErrorClass, SourceStatus } from '../../src-shared/domain.js';
import { createFormat, translator, type Format, type Translate } from '../i18n/index.js';

/** "network 3 · credentials 1", most frequent first; empty when nothing failed. */
export function formatErrorsByClass(
  errors: Partial<Record<ErrorClass, number>>,
  t: Translate = translator('en'),
  fmt: Format = createFormat('en'),
): string {
  return Object.entries(errors)
    .filter((e): e is [ErrorClass, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cls, n]) => `${t(`errorClass.${cls}`)} ${fmt.integer(n)}`)
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
