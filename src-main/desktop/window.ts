// The main window: a locked-down renderer that only ever shows our page at app://syncflow/index.html.
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { APP_PAGE } from './appProtocol.js';
import { isAllowedNavigation, secureWebPreferences } from './security.js';

export interface WindowPaths {
  appPath: string;
  iconsDir: string;
}

export const rendererRoot = (appPath: string): string => path.join(appPath, 'dist', 'renderer');
export const preloadEntry = (appPath: string): string => path.join(appPath, 'dist', 'main', 'preload.cjs');

/** The page URL on a renderer route ('#/problems'); no route is the start view. */
export const pageUrl = (route?: string): string => (route ? `${APP_PAGE}${route.startsWith('#') ? route : `#${route}`}` : APP_PAGE);

export function createMainWindow(paths: WindowPaths, shouldHideOnClose: () => boolean, route?: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Syncflow',
    show: false,
    icon: path.join(paths.iconsDir, 'icon.png'),
    webPreferences: secureWebPreferences(preloadEntry(paths.appPath)),
  });

  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });

  // Closing hides: syncing goes on in the tray until the user picks Quit.
  win.on('close', (event) => {
    if (shouldHideOnClose()) {
      event.preventDefault();
      win.hide();
    }
  });
  win.once('ready-to-show', () => win.show());
  showRoute(win, route);
  return win;
}

/** Loads the page on a route; for the already-loaded page only the hash changes (same document, no reload). */
export function showRoute(win: Pick<BrowserWindow, 'loadURL'>, route?: string): void {
  const url = pageUrl(route);
  win.loadURL(url).catch((err: unknown) => console.error(`syncflow: could not load ${url}`, err));
}
