// Desktop notifications for things the user should hear about even with the window hidden.
import { Notification } from 'electron';
import type { SyncRun } from '../../src-shared/domain.js';

export function notify(title: string, body: string): void {
  // Some Linux sessions have no notification daemon; failing silently beats crashing the tray.
  if (!Notification.isSupported()) return;
  new Notification({ title, body }).show();
}

export function describeFailedRun(run: SyncRun): { title: string; body: string } {
  const reason = run.error ? `${run.error.class}: ${run.error.message}` : 'unknown error';
  return { title: `Sync of ${run.source} failed`, body: reason };
}
