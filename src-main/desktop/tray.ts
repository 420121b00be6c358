// Tray icon and menu: the app lives here while the window is hidden.
import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Progress, SyncRun } from '../../src-shared/domain.js';
import type { EngineHandle } from './engine-handle.js';
import { notify } from './notify.js';

export interface TrayMenuOptions {
  onSyncNow: () => void;
  onOpen: () => void;
  onQuit: () => void;
  syncing: boolean;
}

export function createTrayMenuTemplate(opts: TrayMenuOptions): MenuItemConstructorOptions[] {
  return [
    { id: 'sync-now', label: opts.syncing ? 'Syncing…' : 'Sync now', enabled: !opts.syncing, click: opts.onSyncNow },
    { id: 'open', label: 'Open Syncflow', click: opts.onOpen },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: opts.onQuit },
  ];
}

export function trayTooltip(state: { running: readonly Progress[]; lastRun: SyncRun | null }): string {
  const first = state.running[0];
  if (first) {
    const more = state.running.length > 1 ? ` (+${state.running.length - 1} more)` : '';
    return `Syncflow — syncing ${first.source}: ${first.fetched} records${more}`;
  }
  const run = state.lastRun;
  if (!run) return 'Syncflow — no sync yet';
  const when = new Date(run.finishedAt ?? run.startedAt).toLocaleTimeString();
  if (run.status === 'failed') return `Syncflow — last sync of ${run.source} failed at ${when}`;
  return `Syncflow — last sync of ${run.source} ${run.status} at ${when}`;
}

export interface CreateTrayOptions {
  engine: EngineHandle;
  iconsDir: string;
  onOpen: () => void;
  onQuit: () => void;
}

export interface TrayHandle {
  readonly tray: Tray;
  /** Resolves when the triggered sync settles; exposed so callers (and tests) can await it. */
  syncNow(): Promise<void>;
  dispose(): void;
}

export function createTray(opts: CreateTrayOptions): TrayHandle {
  const { engine } = opts;
  // createFromPath picks tray@2x.png on HiDPI screens by itself.
  const icon = nativeImage.createFromPath(path.join(opts.iconsDir, 'tray.png'));
  // Not a macOS template image on purpose: the blue disc with white arrows reads on light and dark bars alike.
  const tray = new Tray(icon);

  const running = new Map<number, Progress>();
  let lastRun: SyncRun | null = null;
  let manualInFlight = false;
  let menuSyncing: boolean | undefined;

  const refresh = (): void => {
    if (tray.isDestroyed()) return;
    const syncing = manualInFlight || running.size > 0;
    // Progress arrives per page; rebuilding the native menu only when its state flips keeps that cheap.
    if (syncing !== menuSyncing) {
      menuSyncing = syncing;
      tray.setContextMenu(
        Menu.buildFromTemplate(
          createTrayMenuTemplate({
            onSyncNow: () => void syncNow(),
            onOpen: opts.onOpen,
            onQuit: opts.onQuit,
            syncing,
          }),
        ),
      );
    }
    tray.setToolTip(trayTooltip({ running: [...running.values()], lastRun }));
  };

  const syncNow = async (): Promise<void> => {
    if (manualInFlight) return;
    manualInFlight = true;
    refresh();
    try {
      await engine.syncNow({ full: false });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error('syncflow: manual sync failed', err);
      notify('Sync failed', message);
    } finally {
      manualInFlight = false;
      refresh();
    }
  };

  const unsubscribers = [
    engine.events.on('progress', (p) => {
      running.set(p.runId, p);
      refresh();
    }),
    engine.events.on('runFinished', (run) => {
      running.delete(run.id);
      lastRun = run;
      refresh();
    }),
  ];

  // On macOS a click opens the menu; elsewhere a click is the usual way back to the window.
  if (process.platform !== 'darwin') tray.on('click', opts.onOpen);
  refresh();

  // Seed the tooltip with the last run from before this launch. Running syncs are left to progress events,
  // which cannot race with a stale snapshot.
  engine.getStatus({}).then(
    (status) => {
      const last = status.sources
        .map((s) => s.lastRun)
        .filter((r): r is SyncRun => r !== null)
        .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))[0];
      if (lastRun === null && last) {
        lastRun = last;
        refresh();
      }
    },
    (err: unknown) => console.error('syncflow: could not read status for the tray', err),
  );

  return {
    tray,
    syncNow,
    dispose() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
