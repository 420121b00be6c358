// Desktop notifications: one per event that matters, never two for one failure. The engine raises a run-failed
// alert and, on the Nth failure in a row, a consecutive-failures alert for the same run (and maybe an error-rate
// one): alerts for one run are gathered for a moment and only the weightiest is shown. Switches per kind and a
// global mute come from the config (getNotificationSettings); a click opens the window on the relevant view.
import { Notification } from 'electron';
import type { Alert, AlertKind } from '../../src-shared/domain.js';
import type { NotificationKind } from '../../src-shared/notifications.js';
import type { EngineHandle } from './engine-handle.js';
import { CONFLICTS_ROUTE, PROBLEMS_ROUTE } from './trayMenu.js';

/** Alerts of one run that arrive within this window are one notification (they may cross a worker boundary). */
export const GATHER_MS = 300;

/** Weightiest first: what the one notification of a run says. */
const weight: AlertKind[] = ['consecutive-failures', 'needs-review', 'run-failed', 'conflict', 'error-rate', 'stale', 'queue-backlog', 'back-online'];

const titles: Record<AlertKind, (a: Alert) => string> = {
  'run-failed': (a) => `Sync of ${a.source} failed`,
  'consecutive-failures': (a) => `${a.source} keeps failing`,
  'error-rate': (a) => `${a.source} fails often`,
  stale: (a) => `${a.source} data is stale`,
  'needs-review': (a) => `${a.source} needs review`,
  'queue-backlog': () => 'Syncs are piling up',
  'back-online': () => 'Syncflow is back online',
  conflict: () => 'Catalog records wait for review',
};

/** The renderer view a notification's click opens. */
export function routeFor(kind: AlertKind): string {
  if (kind === 'conflict') return CONFLICTS_ROUTE;
  return kind === 'back-online' ? '#/' : kind === 'queue-backlog' ? '#/dashboard' : PROBLEMS_ROUTE;
}

export function notify(title: string, body: string, onClick?: () => void): void {
  // Some Linux sessions have no notification daemon; failing silently beats crashing the tray.
  if (!Notification.isSupported()) return;
  const n = new Notification({ title, body });
  if (onClick) n.on('click', onClick);
  n.show();
}

export interface Notifier {
  /** Shows what has been gathered now (tests; the gather timer calls it too). */
  flush(): Promise<void>;
  dispose(): void;
}

export function createNotifier(opts: { engine: EngineHandle; open: (route: string) => void; gatherMs?: number }): Notifier {
  const pending = new Map<string, Alert[]>();
  let timer: NodeJS.Timeout | null = null;

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const groups = [...pending.values()];
    pending.clear();
    if (groups.length === 0) return;
    const settings = await opts.engine.getNotificationSettings({}).catch(() => null);
    if (settings?.mute) return;
    for (const group of groups) {
      const shown = group.filter((a) => settings?.kinds[a.kind as NotificationKind] ?? true);
      const top = shown.sort((a, b) => weight.indexOf(a.kind) - weight.indexOf(b.kind))[0];
      if (top) notify(titles[top.kind](top), top.message, () => opts.open(routeFor(top.kind)));
    }
  };

  const off = opts.engine.events.on('alert', (alert) => {
    const key = alert.runId !== undefined ? `run:${alert.runId}` : `${alert.kind}:${alert.source}:${alert.at}`;
    pending.set(key, [...(pending.get(key) ?? []), alert]);
    timer ??= setTimeout(() => void flush(), opts.gatherMs ?? GATHER_MS);
  });

  return {
    flush,
    dispose() {
      off();
      if (timer) clearTimeout(timer);
    },
  };
}
