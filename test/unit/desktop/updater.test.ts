import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS, startUpdater, type UpdaterLike } from '../../../src-main/desktop/updater.js';

function fakeUpdater() {
  const listeners = new Map<string, (arg: never) => void>();
  const u = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    feed: null as unknown,
    setFeedURL: vi.fn((f: unknown) => void (u.feed = f)),
    checkForUpdates: vi.fn(async () => null),
    quitAndInstall: vi.fn(),
    on: vi.fn((event: string, fn: (arg: never) => void) => listeners.set(event, fn)),
    emit: (event: string, arg: unknown) => listeners.get(event)?.(arg as never),
  };
  return u;
}

describe('startUpdater', () => {
  afterEach(() => vi.useRealTimers());

  it('is off without a feed: nothing is checked', () => {
    const u = fakeUpdater();
    expect(startUpdater({ updater: u as UpdaterLike, feed: null, onReady: () => {} })).toBeNull();
    expect(u.checkForUpdates).not.toHaveBeenCalled();
  });

  it('with a feed: downloads in the background, installs on quit, checks at start and daily, tells when ready', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const u = fakeUpdater();
    const ready: string[] = [];
    const handle = startUpdater({ updater: u as UpdaterLike, feed: { provider: 'github', owner: 'acme', repo: 'syncflow' }, onReady: (v) => ready.push(v) })!;
    expect(u).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, feed: { provider: 'github', owner: 'acme', repo: 'syncflow' } });
    expect(u.checkForUpdates).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DAY_MS);
    expect(u.checkForUpdates).toHaveBeenCalledTimes(2);
    u.emit('update-downloaded', { version: '0.2.0' });
    expect(ready).toEqual(['0.2.0']);
    handle.install();
    expect(u.quitAndInstall).toHaveBeenCalledTimes(1);
    handle.dispose();
    vi.advanceTimersByTime(DAY_MS);
    expect(u.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('a failing check is logged, not thrown', async () => {
    const u = fakeUpdater();
    u.checkForUpdates.mockRejectedValue(new Error('offline'));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handle = startUpdater({ updater: u as UpdaterLike, feed: { provider: 'generic', url: 'https://updates.example/syncflow' }, onReady: () => {} })!;
    await handle.check();
    expect(error).toHaveBeenCalled();
    handle.dispose();
    error.mockRestore();
  });
});
