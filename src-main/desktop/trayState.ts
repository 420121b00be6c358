// What the tray shows, derived from the engine's status and events without touching Electron: one state (and its
// icon), the tooltip, and the facts the menu lists. The tray rebuilds its image and menu only when this changes.
import type { AgentStatus, SyncRun } from '../../src-shared/domain.js';

export const trayStates = ['idle', 'syncing', 'paused', 'offline', 'error', 'needs-review'] as const;
export type TrayState = (typeof trayStates)[number];

export const stateLabels: Record<TrayState, string> = {
  idle: 'Up to date',
  syncing: 'Syncing',
  paused: 'Paused',
  offline: 'Offline',
  error: 'Error',
  'needs-review': 'Needs review',
};

export interface TrayView {
  state: TrayState;
  /** Newest successful sync of any source (ISO), null when none yet. */
  lastSuccessAt: string | null;
  /** The newest failed run's source and reason, when the newest run of some source failed. */
  lastError: string | null;
  offlineSince: string | null;
  paused: { until: string | null } | null;
  updateReady: boolean;
  /** Catalog records whose sources disagree, waiting for an operator (Problems → Conflicts). */
  conflicts: number;
}

export interface TrayFacts {
  status: AgentStatus | null;
  /** Runs with progress events since their start, plus a Sync now in flight. */
  syncing: boolean;
  updateReady: boolean;
}

/** Offline and syncing say what is happening now; review and errors need a person; paused is chosen. */
export function trayView({ status, syncing, updateReady }: TrayFacts): TrayView {
  const sources = status?.sources ?? [];
  const lastRuns = sources.map((s) => s.lastRun).filter((r): r is SyncRun => r !== null);
  const failed = lastRuns.filter((r) => r.status === 'failed').sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))[0];
  const pausedQueue = status?.metrics?.queue.paused;
  const paused = pausedQueue?.all ? { until: pausedQueue.allUntil } : null;
  const offline = status?.network?.online === false;
  const conflicts = status?.conflicts?.open ?? 0;
  const state: TrayState = offline
    ? 'offline'
    : syncing || (status?.running.length ?? 0) > 0
      ? 'syncing'
      : conflicts > 0 || lastRuns.some((r) => r.status === 'needs_review')
        ? 'needs-review'
        : failed || sources.some((s) => s.breaker?.state === 'open')
          ? 'error'
          : paused
            ? 'paused'
            : 'idle';
  const lastSuccessAt = sources.map((s) => s.lastSuccessAt).filter((t): t is string => t !== null).sort().at(-1) ?? null;
  return {
    state,
    lastSuccessAt,
    lastError: failed ? `${failed.source}: ${failed.error?.message ?? 'failed'}` : null,
    offlineSince: offline ? (status?.network?.offlineSince ?? null) : null,
    paused,
    updateReady,
    conflicts,
  };
}

/** Date and time, in the user's locale and zone (the tooltip shows the date: "last sync 10:02" could be a week ago). */
export function formatWhen(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

export function lastSyncLine(view: TrayView, locale?: string): string {
  return `Last successful sync: ${view.lastSuccessAt ? formatWhen(view.lastSuccessAt, locale) : 'never'}`;
}

export function trayTooltip(view: TrayView, locale?: string): string {
  const detail =
    view.state === 'offline' && view.offlineSince
      ? ` since ${formatWhen(view.offlineSince, locale)}`
      : view.state === 'paused' && view.paused?.until
        ? ` until ${formatWhen(view.paused.until, locale)}`
        : '';
  return `Syncflow — ${stateLabels[view.state]}${detail}\n${lastSyncLine(view, locale).replace('Last', 'last')}`;
}

export type PauseChoice = '30m' | '1h' | 'tomorrow';

/** When a pause chosen at `now` ends: in 30 minutes, in an hour, or at the start of tomorrow (local time). */
export function pauseUntil(choice: PauseChoice, now: Date): Date {
  if (choice === '30m') return new Date(now.getTime() + 30 * 60_000);
  if (choice === '1h') return new Date(now.getTime() + 60 * 60_000);
  const tomorrow = new Date(now);
  tomorrow.setHours(24, 0, 0, 0);
  return tomorrow;
}
