// Auto-update through electron-updater, off unless the config names a feed (`updates.feed`: a generic URL or a
// GitHub repository). Checks at start and daily, downloads in the background, installs when the app quits; the
// tray shows "Update ready: restart" once a download is complete.
import type { UpdateFeed } from '../../src-shared/updates.js';

/** The slice of electron-updater's AppUpdater used here (tests pass a fake). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: UpdateFeed): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export const DAY_MS = 86_400_000;

export interface UpdaterHandle {
  check(): Promise<void>;
  install(): void;
  dispose(): void;
}

export function startUpdater(opts: {
  updater: UpdaterLike;
  feed: UpdateFeed | null;
  onReady: (version: string) => void;
  intervalMs?: number;
}): UpdaterHandle | null {
  if (!opts.feed) return null;
  const { updater } = opts;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL(opts.feed);
  updater.on('update-downloaded', (info) => opts.onReady(info.version));
  // A feed that is down or offline is not worth a notification; the next daily check tries again.
  updater.on('error', (err) => console.error('syncflow: update check failed:', err.message));
  const check = async (): Promise<void> => {
    await updater.checkForUpdates().catch((err: unknown) => console.error('syncflow: update check failed:', err));
  };
  const timer = setInterval(() => void check(), opts.intervalMs ?? DAY_MS);
  timer.unref();
  void check();
  return { check, install: () => updater.quitAndInstall(), dispose: () => clearInterval(timer) };
}
