import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  type Handler = (...args: unknown[]) => unknown;
  const state = {
    windows: [] as FakeWindow[],
    notifications: [] as Array<{ title: string; body: string; click?: () => void }>,
    gotLock: true,
    loginSettings: { openAtLogin: false, wasOpenedAtLogin: false },
    ready: Promise.resolve(),
  };
  class FakeWindow {
    handlers = new Map<string, Handler>();
    destroyed = false;
    show = vi.fn();
    hide = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    loadURL = vi.fn(async (_url: string) => {});
    webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), send: vi.fn(), isDestroyed: () => false };
    constructor(readonly options: unknown) {
      state.windows.push(this);
    }
    on(event: string, fn: Handler) {
      this.handlers.set(event, fn);
      return this;
    }
    once(event: string, fn: Handler) {
      return this.on(event, fn);
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => false;
    static getAllWindows = () => state.windows;
  }
  class Tray {
    setContextMenu = vi.fn();
    setImage = vi.fn();
    setToolTip = vi.fn();
    on = vi.fn();
    isDestroyed = () => false;
    destroy = vi.fn();
  }
  class Notification {
    static isSupported = () => true;
    private click?: () => void;
    constructor(private readonly opts: { title: string; body: string }) {}
    on(_event: 'click', fn: () => void) {
      this.click = fn;
    }
    show() {
      state.notifications.push({ ...this.opts, ...(this.click ? { click: this.click } : {}) });
    }
  }
  const app = Object.assign(new EventEmitter(), {
    getPath: vi.fn(() => '/home/u/.config/Syncflow'),
    setPath: vi.fn(),
    getAppPath: vi.fn(() => '/opt/syncflow/app'),
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => state.gotLock),
    setAppUserModelId: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => state.ready),
    isReady: vi.fn(() => true),
    getLoginItemSettings: vi.fn(() => state.loginSettings),
    setLoginItemSettings: vi.fn(),
  });
  const module = {
    app,
    BrowserWindow: FakeWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t) },
    nativeImage: { createFromPath: vi.fn(() => ({})) },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    net: { isOnline: vi.fn(() => true) },
    safeStorage: { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString(), getSelectedStorageBackend: () => 'gnome_libsecret' },
    powerMonitor: Object.assign(new EventEmitter(), {}),
  };
  return { state, module, app };
});
vi.mock('electron', () => electron.module);

import { ipcChannels } from '../../../src-shared/api.js';
import { emptyCounts, type SyncRun } from '../../../src-shared/domain.js';
import { EngineEvents } from '../../../src-main/engine/events.js';
import { contractDefaults } from './fakeEngine.js';
import { notificationSettings } from '../../../src-shared/notifications.js';
import { APP_PAGE } from '../../../src-main/desktop/appProtocol.js';
import { CLOSE_TIMEOUT_MS, runDesktop, type DesktopDeps } from '../../../src-main/desktop/lifecycle.js';

function fakeEngine() {
  return {
    events: new EngineEvents(),
    ...contractDefaults(),
    getStatus: vi.fn(() => new Promise<never>(() => {})),
    syncNow: vi.fn(async () => []),
    search: vi.fn(),
    getProduct: vi.fn(),
    listRuns: vi.fn(),
    tailLogs: vi.fn(),
    cancelSync: vi.fn(),
    pauseSync: vi.fn(),
    resumeSync: vi.fn(),
    reportSystemState: vi.fn(async () => ({ online: true, offlineSince: null, reason: null })),
    getNotificationSettings: vi.fn(async () => notificationSettings.parse(undefined)),
    getUpdateFeed: vi.fn(async () => null),
    updateSecrets: vi.fn(),
    close: vi.fn(async () => {}),
    startAgent: vi.fn(async () => {}),
  };
}
type FakeEngine = ReturnType<typeof fakeEngine>;

const failedRun: SyncRun = {
  id: 3,
  source: 'ploomes',
  trigger: 'schedule',
  strategy: 'incremental',
  strategyReason: 'checkpoint',
  status: 'failed',
  startedAt: '2025-01-01T10:00:00.000Z',
  finishedAt: '2025-01-01T10:00:01.000Z',
  durationMs: 1000,
  pages: 0,
  counts: emptyCounts(),
  requests: 0,
  bytes: 0,
  error: { class: 'auth', message: '401 from Ploomes' },
};

const quitEvent = () => ({ preventDefault: vi.fn() });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('runDesktop', () => {
  let engine: FakeEngine;
  let deps: DesktopDeps & { openEngine: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    electron.app.removeAllListeners();
    vi.clearAllMocks();
    electron.state.windows.length = 0;
    electron.state.notifications.length = 0;
    electron.state.gotLock = true;
    electron.state.ready = Promise.resolve();
    electron.state.loginSettings = { openAtLogin: false, wasOpenedAtLogin: false };
    electron.module.powerMonitor.removeAllListeners();
    engine = fakeEngine();
    deps = {
      openEngine: vi.fn(async () => engine),
      argv: ['electron', '.'],
      env: {},
      resourcesPath: '/res',
      platform: 'win32',
    };
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const start = async () => {
    expect(runDesktop(deps)).toBe(true);
    await flush();
  };

  it('quits at once when another instance holds the lock, without opening the engine', () => {
    electron.state.gotLock = false;
    expect(runDesktop(deps)).toBe(false);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(deps.openEngine).not.toHaveBeenCalled();
  });

  it('opens the engine on userData, with the config from --config', async () => {
    deps.argv = ['electron', '.', '--config', '/etc/syncflow.yaml'];
    await start();
    expect(deps.openEngine).toHaveBeenCalledWith({
      dataDir: path.resolve('/home/u/.config/Syncflow'),
      configPath: path.resolve('/etc/syncflow.yaml'),
    });
    expect(electron.app.setPath).not.toHaveBeenCalled();
  });

  it('uses SYNCFLOW_DATA_DIR (and gives it its own userData) and SYNCFLOW_CONFIG', async () => {
    deps.env = { SYNCFLOW_DATA_DIR: '/tmp/sf-data', SYNCFLOW_CONFIG: '/tmp/sf.yaml' };
    await start();
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', path.resolve('/tmp/sf-data'));
    expect(electron.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(
      electron.app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? 0,
    );
    expect(deps.openEngine).toHaveBeenCalledWith({
      dataDir: path.resolve('/tmp/sf-data'),
      configPath: path.resolve('/tmp/sf.yaml'),
    });
  });

  it('binds IPC, creates the tray and the window once ready', async () => {
    await start();
    expect(electron.module.ipcMain.handle).toHaveBeenCalledWith(ipcChannels.invoke, expect.any(Function));
    expect(electron.module.Menu.buildFromTemplate).toHaveBeenCalled();
    expect(electron.state.windows).toHaveLength(1);
    // Schedules, webhooks and restored jobs only run once the agent is started.
    await vi.waitFor(() => expect(engine.startAgent).toHaveBeenCalledTimes(1));
  });

  it('serves the page from app://, locks the session down, and loads app://syncflow/index.html', async () => {
    await start();
    expect(electron.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(electron.module.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.module.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(electron.state.windows[0]?.loadURL).toHaveBeenCalledWith(APP_PAGE);
  });

  it('launched at login (--hidden, or macOS wasOpenedAtLogin): tray only, no window; a second launch opens it', async () => {
    deps.argv = ['syncflow', '--hidden'];
    await start();
    expect(electron.module.Menu.buildFromTemplate).toHaveBeenCalled(); // the tray is there
    await vi.waitFor(() => expect(engine.startAgent).toHaveBeenCalledTimes(1));
    expect(electron.state.windows).toHaveLength(0);
    electron.app.emit('second-instance');
    expect(electron.state.windows).toHaveLength(1);
  });

  it('macOS login launch creates no window either', async () => {
    deps.platform = 'darwin';
    electron.state.loginSettings = { openAtLogin: true, wasOpenedAtLogin: true };
    await start();
    await vi.waitFor(() => expect(engine.startAgent).toHaveBeenCalledTimes(1));
    expect(electron.state.windows).toHaveLength(0);
  });

  it('passes sleep, wake and the online state to the engine', async () => {
    await start();
    expect(engine.reportSystemState).toHaveBeenCalledWith({ online: true });
    electron.module.powerMonitor.emit('suspend');
    expect(engine.reportSystemState).toHaveBeenLastCalledWith({ suspended: true });
    electron.module.net.isOnline.mockReturnValue(false);
    electron.module.powerMonitor.emit('resume');
    await flush();
    expect(engine.reportSystemState.mock.calls.slice(-2)).toEqual([[{ online: false }], [{ suspended: false }]]);
  });

  it('a notification click opens the window on its view', async () => {
    deps.argv = ['syncflow', '--hidden'];
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await start();
    engine.events.emit('alert', { kind: 'needs-review', level: 'warning', source: 'ploomes', message: 'ploomes: 40% would be deleted', at: '2026-01-01T00:00:00Z', runId: 4 });
    await vi.runAllTimersAsync();
    expect(electron.state.notifications.map((n) => n.title)).toEqual(['ploomes needs review']);
    electron.state.notifications[0]!.click!();
    expect(electron.state.windows).toHaveLength(1);
    expect(electron.state.windows[0]!.loadURL).toHaveBeenCalledWith(`${APP_PAGE}#/problems`);
  });

  it('a second launch focuses the existing window instead of opening another', async () => {
    await start();
    electron.app.emit('second-instance');
    expect(electron.state.windows).toHaveLength(1);
    expect(electron.state.windows[0]?.show).toHaveBeenCalled();
    expect(electron.state.windows[0]?.focus).toHaveBeenCalled();
  });

  it('closing the window hides it; the app stays up', async () => {
    await start();
    const win = electron.state.windows[0];
    const event = { preventDefault: vi.fn() };
    win?.handlers.get('close')?.(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(win?.hide).toHaveBeenCalled();
    expect(electron.app.listenerCount('window-all-closed')).toBe(1);
    expect(electron.app.exit).not.toHaveBeenCalled();
  });

  it('Quit holds the quit once, awaits engine.close(), then exits', async () => {
    let closed!: () => void;
    engine.close.mockImplementation(() => new Promise<void>((resolve) => (closed = resolve)));
    await start();

    const first = quitEvent();
    electron.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    await flush();
    expect(engine.close).toHaveBeenCalledTimes(1);
    expect(electron.app.exit).not.toHaveBeenCalled();
    expect(electron.module.ipcMain.removeHandler).toHaveBeenCalledWith(ipcChannels.invoke);

    // Quitting again while closing does not close twice or exit early.
    const again = quitEvent();
    electron.app.emit('before-quit', again);
    expect(again.preventDefault).toHaveBeenCalled();
    expect(engine.close).toHaveBeenCalledTimes(1);

    // Once quitting, a window close is a real close.
    const closeEvent = { preventDefault: vi.fn() };
    electron.state.windows[0]?.handlers.get('close')?.(closeEvent);
    expect(closeEvent.preventDefault).not.toHaveBeenCalled();

    closed();
    await flush();
    expect(electron.app.exit).toHaveBeenCalledWith(0);

    // The quit that app.exit triggers is let through.
    const last = quitEvent();
    electron.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('exits anyway when the engine does not close in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    engine.close.mockImplementation(() => new Promise<void>(() => {}));
    await start();
    electron.app.emit('before-quit', quitEvent());
    await flush();
    expect(electron.app.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(CLOSE_TIMEOUT_MS);
    await flush();
    expect(electron.app.exit).toHaveBeenCalledWith(0);
    error.mockRestore();
  });

  it('closes the engine even when Quit arrives while it is still opening', async () => {
    let opened!: (e: FakeEngine) => void;
    deps.openEngine.mockImplementation(() => new Promise((resolve) => (opened = resolve)));
    await start();
    electron.app.emit('before-quit', quitEvent());
    await flush();
    expect(electron.app.exit).not.toHaveBeenCalled();
    opened(engine);
    await flush();
    expect(engine.close).toHaveBeenCalled();
    expect(electron.app.exit).toHaveBeenCalledWith(0);
    expect(electron.state.windows).toHaveLength(0);
    expect(electron.module.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('a failed run alone raises no notification (the engine\'s run-failed alert does, once)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await start();
    engine.events.emit('runFinished', failedRun);
    await vi.runAllTimersAsync();
    expect(electron.state.notifications).toEqual([]);
  });

  it('shows the error and exits with 1 when the engine cannot open', async () => {
    deps.openEngine.mockRejectedValue(new Error('sources[0].kind: expected one of ploomes, rest'));
    await start();
    expect(electron.module.dialog.showErrorBox).toHaveBeenCalledWith(
      'Syncflow could not start',
      'sources[0].kind: expected one of ploomes, rest',
    );
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(electron.state.windows).toHaveLength(0);
  });
});
