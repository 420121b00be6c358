// Folds the engine's per-run progress events into what the dashboard shows: one bar for everything running.
import type { Progress } from '../../src-shared/domain.js';
import { createFormat, translator, type Format, type Translate } from '../i18n/index.js';

export interface ProgressSummary {
  /** True when every running source reported a total, so fetched/total is meaningful. */
  determinate: boolean;
  fetched: number;
  /** Sum of the reported totals; null when any running source did not report one. */
  total: number | null;
  /** 0..1 when determinate, else null. */
  fraction: number | null;
  pages: number;
  label: string;
}

export function summarizeProgress(
  running: readonly Progress[],
  t: Translate = translator('en'),
  fmt: Format = createFormat('en'),
): ProgressSummary {
  if (running.length === 0) {
    return { determinate: false, fetched: 0, total: null, fraction: null, pages: 0, label: t('progress.none') };
  }
  let fetched = 0;
  let pages = 0;
  let total: number | null = 0;
  for (const p of running) {
    fetched += p.fetched;
    pages += p.pages;
    total = total !== null && p.total !== null ? total + p.total : null;
  }
  const determinate = total !== null && total > 0;
  const fraction = determinate && total !== null ? Math.min(1, fetched / total) : null;
  const who = running.map((p) => p.source).join(', ');
  const finishing = running.every((p) => p.phase === 'finishing');
  const amount =
    determinate && total !== null
      ? t('progress.ofTotal', { fetched: fmt.integer(fetched), total: fmt.integer(total) })
      : t('progress.fetched', { count: fetched });
  const label = `${who}: ${finishing ? t('progress.finishing') : ''}${amount} · ${t('unit.pages', { count: pages })}`;
  return { determinate, fetched, total, fraction, pages, label };
}

/**
 * Keeps the latest progress per run. Runs already reported finished are ignored, so a late progress event can
 * never bring a finished run back (which would leave the UI stuck on "Syncing…").
 */
export function applyProgress(
  current: ReadonlyMap<number, Progress>,
  event: Progress,
  finished: ReadonlySet<number>,
): Map<number, Progress> {
  const next = new Map(current);
  if (!finished.has(event.runId)) next.set(event.runId, event);
  return next;
}
