import { beforeEach, describe, expect, it, vi } from 'vitest';

// The IPC binding takes ipcMain as a parameter; electron is mocked only so nothing can reach the real binary.
vi.mock('electron', () => ({}));

import { apiEventNames, ipcChannels } from '../../../src-shared/api.js';
import { emptyCounts, type SyncRun } from '../../../src-shared/domain.js';
import { EngineEvents } from '../../../src-main/engine/events.js';
import { contractDefaults } from './fakeEngine.js';
import { bindIpc, handleInvoke, isTrustedSender, type EventTarget } from '../../../src-main/desktop/ipc.js';

function fakeEngine() {
  return {
    events: new EngineEvents(),
    ...contractDefaults(),
    getStatus: vi.fn(),
    syncNow: vi.fn(async () => []),
    search: vi.fn(async () => ({ total: 0, items: [] })),
    getProduct: vi.fn(async () => null),
    listRuns: vi.fn(async () => []),
    tailLogs: vi.fn(async () => []),
    cancelSync: vi.fn(async () => ({ cancelled: [] })),
    pauseSync: vi.fn(async () => ({ depth: 0, running: [], paused: { all: false, allUntil: null, sources: [] } })),
    resumeSync: vi.fn(async () => ({ depth: 0, running: [], paused: { all: false, allUntil: null, sources: [] } })),
  };
}

const run: SyncRun = {
  id: 7,
  source: 'ploomes',
  trigger: 'manual',
  strategy: 'incremental',
  strategyReason: 'checkpoint',
  status: 'succeeded',
  startedAt: '2025-01-01T10:00:00.000Z',
  finishedAt: '2025-01-01T10:00:01.000Z',
  durationMs: 1000,
  pages: 1,
  counts: emptyCounts(),
  requests: 0,
  bytes: 0,
  error: null,
};

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
}

function fakeWindow(destroyed = false) {
  return {
    destroyed,
    isDestroyed() {
      return this.destroyed;
    },
    webContents: { isDestroyed: () => destroyed, send: vi.fn() },
  };
}

const PAGE = 'app://syncflow/index.html';
const mainFrame = (url: string) => ({ url, parent: null });
const fromPage = { senderFrame: mainFrame(PAGE) };

describe('isTrustedSender', () => {
  it('accepts the main frame of our app:// page, on any route', () => {
    expect(isTrustedSender(mainFrame(PAGE))).toBe(true);
    expect(isTrustedSender(mainFrame(`${PAGE}#/problems`))).toBe(true);
  });
  it.each([
    ['a foreign file:// page', 'file:///opt/Syncflow/resources/app.asar/dist/renderer/index.html'],
    ['a downloaded file:// page', 'file:///home/u/Downloads/evil.html'],
    ['another scheme', 'https://evil.example/'],
    ['a dev server', 'http://127.0.0.1:5173/'],
    ['another app:// host', 'app://evil/index.html'],
    ['a look-alike host', 'app://syncflow.evil/index.html'],
    ['credentials in the URL', 'app://x@syncflow/index.html'],
    ['a password in the URL', 'app://:pw@syncflow/index.html'],
    ['our host under another scheme', 'http://syncflow/index.html'],
    ['about:blank', 'about:blank'],
    ['an empty URL', ''],
  ])('rejects %s', (_what, url) => {
    expect(isTrustedSender(mainFrame(url))).toBe(false);
  });
  it('rejects a subframe, even one showing our page, and a missing frame', () => {
    expect(isTrustedSender({ url: PAGE, parent: { url: PAGE } })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
  it('rejects a URL that is not a string, even one that prints as our page', () => {
    const lookalike = { toString: () => PAGE };
    expect(isTrustedSender({ url: lookalike as unknown as string, parent: null })).toBe(false);
  });
});

describe('bindIpc', () => {
  let engine: ReturnType<typeof fakeEngine>;
  let ipcMain: ReturnType<typeof fakeIpcMain>;
  let windows: ReturnType<typeof fakeWindow>[];
  let unbind: () => void;
  const invoke = (event: unknown, method: unknown, input?: unknown) => {
    const handler = ipcMain.handlers.get(ipcChannels.invoke);
    if (!handler) throw new Error('no handler bound');
    return Promise.resolve(handler(event, method, input));
  };

  beforeEach(() => {
    engine = fakeEngine();
    ipcMain = fakeIpcMain();
    windows = [fakeWindow(), fakeWindow()];
    unbind = bindIpc(ipcMain, engine, () => windows as EventTarget[]);
  });

  it('registers exactly one invoke handler', () => {
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle).toHaveBeenCalledWith(ipcChannels.invoke, expect.any(Function));
  });

  it('rejects unknown method names without calling the engine', async () => {
    await expect(invoke(fromPage, 'dropDatabase', {})).rejects.toThrow(/unknown method: dropDatabase/);
    await expect(invoke(fromPage, 'constructor', {})).rejects.toThrow(/unknown method/);
    await expect(invoke(fromPage, 'toString', {})).rejects.toThrow(/unknown method/);
    await expect(invoke(fromPage, 42, {})).rejects.toThrow(/^unknown method: number$/);
    await expect(invoke(fromPage, 'nope', {})).rejects.toThrow(/^unknown method: nope$/);
    for (const fn of [engine.search, engine.syncNow, engine.getStatus]) expect(fn).not.toHaveBeenCalled();
  });

  it('rejects invalid input, naming the field, without calling the engine', async () => {
    await expect(invoke(fromPage, 'search', { limit: -1 })).rejects.toThrow(/invalid input for search: limit:/);
    await expect(invoke(fromPage, 'search', { query: 'x', drop: true })).rejects.toThrow(/drop/);
    await expect(invoke(fromPage, 'search', { filters: { colour: 'red' } })).rejects.toThrow(/filters.*colour/);
    await expect(invoke(fromPage, 'syncNow', { full: 'yes' })).rejects.toThrow(/full:/);
    await expect(invoke(fromPage, 'getProduct', {})).rejects.toThrow(/invalid input for getProduct: id:/);
    expect(engine.search).not.toHaveBeenCalled();
    expect(engine.syncNow).not.toHaveBeenCalled();
    expect(engine.getProduct).not.toHaveBeenCalled();
  });

  it('passes parsed input with defaults applied and returns the result', async () => {
    await expect(invoke(fromPage, 'search', { query: 'drill' })).resolves.toEqual({ total: 0, items: [] });
    expect(engine.search).toHaveBeenCalledWith({ query: 'drill', filters: {}, limit: 50, facets: false });

    await invoke(fromPage, 'syncNow', undefined);
    expect(engine.syncNow).toHaveBeenCalledWith({ full: false });

    await invoke(fromPage, 'tailLogs', { afterSeq: 3 });
    expect(engine.tailLogs).toHaveBeenCalledWith({ limit: 200, afterSeq: 3 });
  });

  it('calls the engine method with the engine as `this`', async () => {
    const seen: unknown[] = [];
    engine.listRuns.mockImplementation(async function (this: unknown) {
      seen.push(this);
      return [];
    });
    await invoke(fromPage, 'listRuns', {});
    expect(seen[0]).toBe(engine);
  });

  it('refuses calls from a frame that is not the main frame of our app:// page', async () => {
    await expect(invoke({ senderFrame: mainFrame('https://evil.example/') }, 'search', {})).rejects.toThrow(
      /untrusted frame https:\/\/evil.example/,
    );
    await expect(invoke({ senderFrame: mainFrame('file:///tmp/x.html') }, 'search', {})).rejects.toThrow(/untrusted frame file:/);
    await expect(invoke({ senderFrame: mainFrame('https://evil.example/') }, 'search', {})).rejects.toThrow(
      /^refused IPC call from untrusted frame https:\/\/evil\.example\/$/,
    );
    await expect(invoke({ senderFrame: { url: PAGE, parent: {} } }, 'search', {})).rejects.toThrow(
      `refused IPC call from untrusted frame ${PAGE} (a subframe)`,
    );
    await expect(invoke({ senderFrame: null }, 'search', {})).rejects.toThrow(/^refused IPC call from untrusted frame \(none\)$/);
    expect(engine.search).not.toHaveBeenCalled();
  });

  it('forwards every contract event to all live windows', () => {
    windows.push(fakeWindow(true));
    // A window being torn down whose contents still answer: skipped too.
    const closing = fakeWindow();
    closing.destroyed = true;
    windows.push(closing);
    engine.events.emit('runFinished', run);
    engine.events.emit('log', { seq: 1, time: run.startedAt, level: 'info', msg: 'hi' });
    engine.events.emit('progress', {
      runId: 7,
      source: 'ploomes',
      phase: 'fetching',
      pages: 1,
      fetched: 10,
      total: null,
    });
    engine.events.emit('alert', { kind: 'run-failed', level: 'error', source: 'ploomes', message: 'sync failed', at: run.startedAt });
    engine.events.emit('engineState', { state: 'restarting', reason: 'exited with code 1', restarts: 1 });
    engine.events.emit('alertResolved', {
      id: 1,
      kind: 'run-failed',
      level: 'error',
      source: 'ploomes',
      message: 'sync failed',
      at: run.startedAt,
      resolvedAt: run.startedAt,
    });
    engine.events.emit('network', { online: false, offlineSince: run.startedAt, reason: 'no network' });
    for (const win of windows.slice(0, 2)) {
      expect(win.webContents.send).toHaveBeenCalledWith(ipcChannels.event, 'runFinished', run);
      expect(win.webContents.send).toHaveBeenCalledWith(ipcChannels.event, 'log', expect.objectContaining({ seq: 1 }));
      expect(win.webContents.send).toHaveBeenCalledWith(
        ipcChannels.event,
        'progress',
        expect.objectContaining({ fetched: 10 }),
      );
      expect(win.webContents.send).toHaveBeenCalledTimes(apiEventNames.length);
    }
    expect(windows[2]?.webContents.send).not.toHaveBeenCalled();
    expect(windows[3]?.webContents.send).not.toHaveBeenCalled();
  });

  it('unbinding removes the handler and stops forwarding', () => {
    unbind();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(ipcChannels.invoke);
    engine.events.emit('runFinished', run);
    for (const win of windows) expect(win.webContents.send).not.toHaveBeenCalled();
  });
});

describe('handleInvoke', () => {
  it('checks the sender before looking at the method', async () => {
    const engine = fakeEngine();
    await expect(handleInvoke(engine, { url: 'https://x.example/', parent: null }, 'nope', {})).rejects.toThrow(/untrusted/);
  });
});
