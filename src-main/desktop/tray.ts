// Tray icon, tooltip and menu: the app lives here while the window is hidden. The view is derived from the
// engine's status (re-read on run, alert, resolved-alert and network events, and once a minute for pauses that end) and from
// progress events; the image and menu are rebuilt only when what they show changes.
import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { AgentStatus } from '../../src-shared/domain.js';
import type { EngineHandle } from './engine-handle.js';
import { trayMenuTemplate } from './trayMenu.js';
import { pauseUntil, trayTooltip, trayView, type TrayState, type TrayView } from './trayState.js';

/** The icon file of a state: macOS template images (black + alpha, @2x picked by the OS), .ico on Windows. */
export function trayIconPath(iconsDir: string, state: TrayState, platform: NodeJS.Platform): string {
  const file = platform === 'darwin' ? `tray-${state}Template.png` : platform === 'win32' ? `tray-${state}.ico` : `tray-${state}.png`;
  return path.join(iconsDir, file);
}

export interface CreateTrayOptions {
  engine: EngineHandle;
  iconsDir: string;
  platform?: NodeJS.Platform;
  /** Shows the window, on a renderer route when given (e.g. the Problems view). */
  open: (route?: string) => void;
  quit: () => void;
  loginItem: { get(): boolean; set(on: boolean): void };
  installUpdate?: () => void;
  now?: () => Date;
  /** Status re-read period for pauses that end by themselves; 0 turns it off (tests). */
  refreshMs?: number;
}

export interface TrayHandle {
  readonly tray: Tray;
  view(): TrayView;
  /** Resolves when the triggered sync settles. */
  syncNow(): Promise<void>;
  /** Re-reads the engine's status; resolves when the tray shows it. */
  refresh(): Promise<void>;
  /** Resolves when the last pause/resume picked from the menu is done and shown. */
  settled(): Promise<void>;
  setUpdateReady(ready: boolean): void;
  dispose(): void;
}

export function createTray(opts: CreateTrayOptions): TrayHandle {
  const { engine } = opts;
  const platform = opts.platform ?? process.platform;
  const now = opts.now ?? (() => new Date());
  const tray = new Tray(nativeImage.createFromPath(trayIconPath(opts.iconsDir, 'idle', platform)));
  let shownState: TrayState = 'idle';
  let shownKey = '';
  let status: AgentStatus | null = null;
  let manualInFlight = false;
  let updateReady = false;
  const running = new Set<number>();
  let reads = 0;

  const currentView = (): TrayView => trayView({ status, syncing: manualInFlight || running.size > 0, updateReady });

  const render = (): void => {
    if (tray.isDestroyed()) return;
    const view = currentView();
    const openAtLogin = opts.loginItem.get();
    const key = JSON.stringify({ view, openAtLogin });
    if (key === shownKey) return;
    shownKey = key;
    if (view.state !== shownState) {
      shownState = view.state;
      tray.setImage(nativeImage.createFromPath(trayIconPath(opts.iconsDir, view.state, platform)));
    }
    tray.setToolTip(trayTooltip(view));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(view, { openAtLogin }, actions)));
  };

  const refresh = async (): Promise<void> => {
    const read = ++reads;
    try {
      const next = await engine.getStatus({});
      if (read !== reads) return; // a newer read is under way; it wins
      status = next;
      // Runs that ended while no event reached us (or before we subscribed) stop counting as syncing.
      for (const id of running) if (!next.running.some((p) => p.runId === id)) running.delete(id);
      render();
    } catch (err) {
      console.error('syncflow: could not read status for the tray', err);
    }
  };

  const syncNow = async (): Promise<void> => {
    if (manualInFlight) return;
    manualInFlight = true;
    render();
    try {
      // A failed run is announced once, by the engine's run-failed alert; nothing more here.
      await engine.syncNow({ full: false });
    } catch (err) {
      console.error('syncflow: Sync now did not start', err);
    } finally {
      manualInFlight = false;
      await refresh();
    }
  };

  let lastAction: Promise<unknown> = Promise.resolve();
  const track = (p: Promise<unknown>): void => {
    lastAction = p.then(refresh, (err: unknown) => console.error('syncflow: tray action failed', err));
  };
  const actions = {
    open: (route?: string) => opts.open(route),
    syncNow: () => void syncNow(),
    pause: (choice: Parameters<typeof pauseUntil>[0]) => track(engine.pauseSync({ until: pauseUntil(choice, now()).toISOString() })),
    resume: () => track(engine.resumeSync({})),
    setOpenAtLogin: (on: boolean) => {
      opts.loginItem.set(on);
      render();
    },
    installUpdate: () => opts.installUpdate?.(),
    quit: () => opts.quit(),
  };

  const unsubscribers = [
    engine.events.on('progress', (p) => {
      if (running.has(p.runId)) return;
      running.add(p.runId);
      render();
    }),
    engine.events.on('runFinished', (run) => {
      running.delete(run.id);
      void refresh();
    }),
    engine.events.on('alert', () => void refresh()),
    // A resolved conflict (or delete review) ends "needs review" without a run.
    engine.events.on('alertResolved', () => void refresh()),
    engine.events.on('network', () => void refresh()),
  ];
  const timer = (opts.refreshMs ?? 60_000) > 0 ? setInterval(() => void refresh(), opts.refreshMs ?? 60_000) : null;
  timer?.unref();

  // On macOS a click opens the menu; elsewhere a click is the usual way back to the window (where it works).
  if (platform !== 'darwin') tray.on('click', () => opts.open());
  render();
  void refresh();

  return {
    tray,
    view: currentView,
    syncNow,
    refresh,
    settled: () => lastAction.then(() => undefined),
    setUpdateReady(ready) {
      updateReady = ready;
      render();
    },
    dispose() {
      if (timer) clearInterval(timer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
