// App lifecycle of the desktop face: one instance, the engine (in its worker, via the engine host), IPC, tray,
// and a window that hides instead of closing. Launched at login it stays in the tray; a launch by the user opens
// the window. The engine opener is a parameter so the lifecycle is testable without SQLite.
import { app, BrowserWindow, dialog, ipcMain, net, powerMonitor, protocol, safeStorage, session } from 'electron';
import { registerAppProtocol, registerAppScheme } from './appProtocol.js';
import { secretMethods, withDesktopMethods } from './desktopApi.js';
import type { EngineHandle } from './engine-handle.js';
import { SecretStore } from './secretStore.js';
import { startUpdater, type UpdaterHandle, type UpdaterLike } from './updater.js';
import { bindIpc } from './ipc.js';
import { createLoginItem, launchedAtLogin } from './loginItem.js';
import { createNotifier, notify, type Notifier } from './notify.js';
import { iconsDir as resolveIconsDir, resolveLaunchOptions } from './options.js';
import { isAllowedNavigation, lockDownSession } from './security.js';
import { watchSystemState } from './systemState.js';
import { createTray, type TrayHandle } from './tray.js';
import { createMainWindow, rendererRoot, showRoute } from './window.js';

export const APP_ID = 'dev.syncflow.agent';
/** A wedged engine must not keep Quit from quitting. */
export const CLOSE_TIMEOUT_MS = 10_000;

/** Schedules, webhooks and restored queued jobs run once the agent is started. */
export type ClosableEngine = EngineHandle & {
  close(): Promise<void>;
  startAgent(): Promise<void>;
  /** The `${keychain:NAME}` values the engine resolves from (the engine host's copy in its worker). */
  updateSecrets?(secrets: Record<string, string>): void;
};

/** Where the engine's data and configuration are; main.ts adds the rest (agent kind, keychain secrets). */
export interface EngineLocation {
  dataDir: string;
  configPath?: string;
}

export interface DesktopDeps {
  openEngine: (opts: EngineLocation) => Promise<ClosableEngine>;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  resourcesPath: string;
  platform?: NodeJS.Platform;
  execPath?: string;
  /** Home folder for the Linux autostart entry (default: os.homedir()). */
  home?: string;
}

/** Returns false when another instance already runs (this one then quits). */
export function runDesktop(deps: DesktopDeps): boolean {
  const launch = resolveLaunchOptions(deps.argv, deps.env, app.getPath('userData'));
  // The single-instance lock is keyed on userData, so an explicit data dir gets its own instance (and profile):
  // two agents on one data dir would fight over the SQLite file, two on different dirs are fine.
  if (launch.customDataDir) app.setPath('userData', launch.dataDir);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  const platform = deps.platform ?? process.platform;
  if (platform === 'win32') app.setAppUserModelId(APP_ID); // Windows drops notifications without it.
  registerAppScheme(protocol); // before ready, or the scheme is not privileged
  const loginItem = createLoginItem({ app, platform, env: deps.env, execPath: deps.execPath ?? process.execPath, ...(deps.home ? { home: deps.home } : {}) });
  const hidden = launchedAtLogin(platform, deps.argv, app);

  let window: BrowserWindow | null = null;
  let tray: TrayHandle | null = null;
  let unbindIpc: (() => void) | null = null;
  let notifier: Notifier | null = null;
  let system: { dispose(): void } | null = null;
  let updater: UpdaterHandle | null = null;
  // Encrypted `${keychain:NAME}` values in the data dir; decrypted only when the engine builds a connector.
  const secrets = new SecretStore(launch.dataDir, safeStorage, platform);
  let quitting = false;
  let shutdownStarted = false;
  let shutDown = false;
  const icons = resolveIconsDir(app, deps.resourcesPath);

  const showWindow = (route?: string): void => {
    if (!app.isReady() || quitting) return;
    if (!window || window.isDestroyed()) {
      window = createMainWindow({ appPath: app.getAppPath(), iconsDir: icons }, () => !quitting, route);
      return; // shows itself on ready-to-show
    }
    if (route) showRoute(window, route);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  // Opening the engine (migrations, config) overlaps with Electron's own start-up.
  const opening = deps.openEngine({
    dataDir: launch.dataDir,
    ...(launch.configPath !== undefined ? { configPath: launch.configPath } : {}),
  });
  // Awaited after whenReady; this only keeps an early failure from counting as an unhandled rejection.
  opening.catch(() => {});

  const shutdown = async (): Promise<void> => {
    unbindIpc?.();
    notifier?.dispose();
    updater?.dispose();
    system?.dispose();
    tray?.dispose();
    // Quit may arrive while the engine is still opening; it is closed all the same.
    const closing = opening.then(
      (engine) => engine.close(),
      () => {},
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error(`syncflow: engine did not close within ${CLOSE_TIMEOUT_MS} ms; quitting anyway`);
        resolve();
      }, CLOSE_TIMEOUT_MS);
    });
    try {
      await Promise.race([closing, timeout]);
    } catch (err) {
      console.error('syncflow: engine close failed', err);
    } finally {
      clearTimeout(timer);
    }
  };

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // Every web contents, not only our window's: no new windows, no navigation away from our page.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
  });
  // The tray keeps the app alive; without this listener Electron would quit when the last window goes.
  app.on('window-all-closed', () => {});

  app.on('before-quit', (event) => {
    quitting = true;
    if (shutDown) return;
    // Hold the quit once so the engine can flush and close SQLite, then leave with app.exit.
    event.preventDefault();
    if (shutdownStarted) return;
    shutdownStarted = true;
    void shutdown().finally(() => {
      shutDown = true;
      app.exit(0);
    });
  });

  const startUpdates = async (engine: ClosableEngine): Promise<void> => {
    const feed = await engine.getUpdateFeed({}).catch(() => null);
    if (!feed || !app.isPackaged) return; // off unless configured; an unpacked dev build has nothing to update
    const { autoUpdater } = await import('electron-updater');
    updater = startUpdater({ updater: autoUpdater as unknown as UpdaterLike, feed, onReady: () => tray?.setUpdateReady(true) });
  };

  void (async () => {
    await app.whenReady();
    registerAppProtocol(protocol, rendererRoot(app.getAppPath()));
    lockDownSession(session.defaultSession);
    let engine: ClosableEngine;
    try {
      engine = await opening;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox('Syncflow could not start', message);
      shutDown = true;
      app.exit(1);
      return;
    }
    if (quitting) return; // Quit arrived while the engine was opening; before-quit finishes the job.

    // The window's secret methods are served here (safeStorage is main-process only); the rest by the engine.
    // safeStorage decrypts only once the app is ready (Linux), so the engine gets its secrets here, before any run.
    engine.updateSecrets?.(secrets.snapshot());
    const secretApi = secretMethods(secrets, (snapshot) => engine.updateSecrets?.(snapshot));
    unbindIpc = bindIpc(ipcMain, withDesktopMethods(engine, secretApi), () => BrowserWindow.getAllWindows());
    // Failures are announced by the engine's alerts only (one per run), never also from runFinished.
    notifier = createNotifier({ engine, open: showWindow });
    tray = createTray({ engine, iconsDir: icons, platform, open: showWindow, quit: () => app.quit(), loginItem, installUpdate: () => updater?.install() });
    system = watchSystemState({ engine, powerMonitor, isOnline: () => net.isOnline() });
    if (!hidden) showWindow();
    void startUpdates(engine);
    await engine.startAgent().catch((err: unknown) => {
      console.error('syncflow: the agent (schedules, webhooks) did not start:', err);
      notify('Syncflow', `Schedules and webhooks did not start: ${err instanceof Error ? err.message : String(err)}`);
    });
  })();

  return true;
}
