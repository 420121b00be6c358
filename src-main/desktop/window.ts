// The main window: locked-down renderer that only ever shows our bundled page.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';

export interface WindowPaths {
  appPath: string;
  iconsDir: string;
}

export const rendererEntry = (appPath: string): string => path.join(appPath, 'dist', 'renderer', 'index.html');
export const preloadEntry = (appPath: string): string => path.join(appPath, 'dist', 'main', 'preload.cjs');

/** In-page navigation (hash routes, reloads) stays allowed; any other document or origin is refused. */
export function isAllowedNavigation(targetUrl: string, pageUrl: string): boolean {
  try {
    const target = new URL(targetUrl);
    const page = new URL(pageUrl);
    return target.protocol === 'file:' && page.protocol === 'file:' && target.pathname === page.pathname;
  } catch {
    return false;
  }
}

export function createMainWindow(paths: WindowPaths, shouldHideOnClose: () => boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Syncflow',
    show: false,
    icon: path.join(paths.iconsDir, 'icon.png'),
    webPreferences: {
      preload: preloadEntry(paths.appPath),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
    },
  });

  const entry = rendererEntry(paths.appPath);
  const pageUrl = pathToFileURL(entry).href;
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
  });

  // Closing hides: syncing goes on in the tray until the user picks Quit.
  win.on('close', (event) => {
    if (shouldHideOnClose()) {
      event.preventDefault();
      win.hide();
    }
  });
  win.once('ready-to-show', () => win.show());
  win.loadFile(entry).catch((err: unknown) => console.error(`syncflow: could not load ${entry}`, err));
  return win;
}
