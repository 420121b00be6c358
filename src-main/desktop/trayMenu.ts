// The tray's context menu for one TrayView. Always attached with setContextMenu: Linux desktops differ on what a
// click on a tray icon does, so every action is reachable from the menu.
import type { MenuItemConstructorOptions } from 'electron';
import { formatWhen, lastSyncLine, type PauseChoice, type TrayView } from './trayState.js';

export interface TrayMenuActions {
  open: (route?: string) => void;
  syncNow: () => void;
  pause: (choice: PauseChoice) => void;
  resume: () => void;
  setOpenAtLogin: (on: boolean) => void;
  installUpdate: () => void;
  quit: () => void;
}

/** The renderer's route of the Problems view (hash routing: the app:// page stays the same document). */
export const PROBLEMS_ROUTE = '#/problems';
/** Problems, scrolled to the conflicts waiting for review. */
export const CONFLICTS_ROUTE = '#/problems/conflicts';

const clip = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function trayMenuTemplate(
  view: TrayView,
  opts: { openAtLogin: boolean; locale?: string },
  act: TrayMenuActions,
): MenuItemConstructorOptions[] {
  const syncing = view.state === 'syncing';
  const pauseItems: MenuItemConstructorOptions[] = view.paused
    ? [
        { id: 'paused', label: view.paused.until ? `Paused until ${formatWhen(view.paused.until, opts.locale)}` : 'Paused', enabled: false },
        { id: 'resume', label: 'Resume', click: () => act.resume() },
      ]
    : [
        { id: 'pause-30m', label: 'Pause for 30 minutes', click: () => act.pause('30m') },
        { id: 'pause-1h', label: 'Pause for 1 hour', click: () => act.pause('1h') },
        { id: 'pause-tomorrow', label: 'Pause until tomorrow', click: () => act.pause('tomorrow') },
      ];
  const status: MenuItemConstructorOptions[] = [
    { id: 'last-sync', label: lastSyncLine(view, opts.locale), enabled: false },
    ...(view.offlineSince ? [{ id: 'offline', label: `Offline since ${formatWhen(view.offlineSince, opts.locale)}`, enabled: false }] : []),
    ...(view.lastError
      ? [{ id: 'last-error', label: `Last error: ${clip(view.lastError)}`, click: () => act.open(PROBLEMS_ROUTE) }]
      : []),
    ...(view.conflicts > 0
      ? [{ id: 'conflicts', label: `${view.conflicts} ${view.conflicts === 1 ? 'conflict waits' : 'conflicts wait'} for review`, click: () => act.open(CONFLICTS_ROUTE) }]
      : []),
    ...(view.updateReady ? [{ id: 'update', label: 'Update ready: restart', click: () => act.installUpdate() }] : []),
  ];
  return [
    { id: 'open', label: 'Open Syncflow', click: () => act.open() },
    { id: 'sync-now', label: syncing ? 'Syncing…' : 'Sync now', enabled: !syncing, click: () => act.syncNow() },
    { type: 'separator' },
    ...pauseItems,
    { type: 'separator' },
    ...status,
    { type: 'separator' },
    { id: 'open-at-login', label: 'Start at login', type: 'checkbox', checked: opts.openAtLogin, click: (item) => act.setOpenAtLogin(item.checked) },
    { id: 'quit', label: 'Quit', click: () => act.quit() },
  ];
}
