// Electron's security checklist, in one place: the renderer's web preferences, a session that grants nothing,
// and navigation rules. The app uses no permission (camera, notifications from the page, clipboard, …), so
// every request and check is denied; desktop notifications come from the main process, not the page.
import type { WebPreferences } from 'electron';
import { APP_HOST, APP_SCHEME } from './appProtocol.js';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export interface PermissionSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export const denyPermissionRequest = (_wc: unknown, permission: string, callback: (granted: boolean) => void): void => {
  console.warn(`syncflow: denied the page's request for "${permission}"`);
  callback(false);
};
export const denyPermissionCheck = (): boolean => false;

export function lockDownSession(session: PermissionSession): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
}

/** In-page navigation (hash routes, reloads) of our app:// page stays allowed; any other document is refused. */
export function isAllowedNavigation(targetUrl: string): boolean {
  try {
    const target = new URL(targetUrl);
    return target.protocol === `${APP_SCHEME}:` && target.host === APP_HOST && target.pathname === '/index.html';
  } catch {
    return false;
  }
}
