import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

import { apiMethodNames, ipcChannels } from '../../../src-shared/api.js';
import { buildBridge } from '../../../src-main/desktop/preload.js';

function fakeIpcRenderer() {
  const listeners = new Set<(...args: unknown[]) => void>();
  return {
    listeners,
    invoke: vi.fn(async (..._args: unknown[]) => 'result'),
    on: vi.fn((channel: string, fn: (...args: unknown[]) => void) => {
      expect(channel).toBe(ipcChannels.event);
      listeners.add(fn);
    }),
    removeListener: vi.fn((_channel: string, fn: (...args: unknown[]) => void) => {
      listeners.delete(fn);
    }),
    deliver(name: unknown, payload: unknown) {
      for (const fn of listeners) fn({ sender: 'the ipcRenderer itself' }, name, payload);
    },
  };
}

describe('preload bridge', () => {
  let ipc: ReturnType<typeof fakeIpcRenderer>;
  beforeEach(() => {
    ipc = fakeIpcRenderer();
  });

  it('is exposed to the page as window.syncflow', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledWith('syncflow', expect.any(Object));
  });

  it('exposes exactly the contract methods plus `on`', () => {
    const bridge = buildBridge(ipc as never);
    expect(Object.keys(bridge).sort()).toEqual([...apiMethodNames, 'on'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('each method invokes the one IPC channel with its name and raw input', async () => {
    const bridge = buildBridge(ipc as never);
    await expect(bridge.search({ query: 'drill' })).resolves.toBe('result');
    expect(ipc.invoke).toHaveBeenLastCalledWith(ipcChannels.invoke, 'search', { query: 'drill' });
    await bridge.getStatus();
    expect(ipc.invoke).toHaveBeenLastCalledWith(ipcChannels.invoke, 'getStatus', undefined);
  });

  it('`on` delivers the payload only (never the IPC event) and unsubscribes', () => {
    const bridge = buildBridge(ipc as never);
    const listener = vi.fn();
    const off = bridge.on('log', listener);
    ipc.deliver('log', { seq: 1 });
    ipc.deliver('progress', { runId: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ seq: 1 });
    off();
    ipc.deliver('log', { seq: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(ipc.listeners.size).toBe(0);
  });

  it('shares one IPC listener between page listeners', () => {
    const bridge = buildBridge(ipc as never);
    const a = vi.fn();
    const b = vi.fn();
    const offA = bridge.on('runFinished', a);
    bridge.on('runFinished', b);
    expect(ipc.on).toHaveBeenCalledTimes(1);
    offA();
    ipc.deliver('runFinished', { id: 1 });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ id: 1 });
  });

  it('`on` ignores unknown event names', () => {
    const bridge = buildBridge(ipc as never);
    const listener = vi.fn();
    const off = bridge.on('secrets' as never, listener);
    expect(typeof off).toBe('function');
    expect(ipc.on).not.toHaveBeenCalled();
    off();
    bridge.on('log', vi.fn());
    ipc.deliver('secrets', { token: 'x' });
    expect(listener).not.toHaveBeenCalled();
  });

  it('a throwing listener does not starve the others', () => {
    const bridge = buildBridge(ipc as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    bridge.on('log', () => {
      throw new Error('boom');
    });
    bridge.on('log', after);
    ipc.deliver('log', { seq: 1 });
    expect(after).toHaveBeenCalled();
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
