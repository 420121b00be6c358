import { beforeEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';

const electron = vi.hoisted(() => {
  const created: FakeWindow[] = [];
  type Handler = (...args: unknown[]) => unknown;
  class FakeWindow {
    handlers = new Map<string, Handler>();
    contentsHandlers = new Map<string, Handler>();
    openHandler: Handler | undefined;
    hide = vi.fn();
    show = vi.fn();
    loadURL = vi.fn(async (_url: string) => {});
    webContents = {
      on: (event: string, fn: Handler) => this.contentsHandlers.set(event, fn),
      setWindowOpenHandler: (fn: Handler) => {
        this.openHandler = fn;
      },
    };
    constructor(readonly options: Record<string, unknown>) {
      created.push(this);
    }
    on(event: string, fn: Handler) {
      this.handlers.set(event, fn);
      return this;
    }
    once(event: string, fn: Handler) {
      return this.on(event, fn);
    }
  }
  return { created, module: { BrowserWindow: FakeWindow } };
});
vi.mock('electron', () => electron.module);

import { APP_PAGE } from '../../../src-main/desktop/appProtocol.js';
import { denyPermissionCheck, isAllowedNavigation, lockDownSession } from '../../../src-main/desktop/security.js';
import { createMainWindow } from '../../../src-main/desktop/window.js';

const appPath = path.resolve('/opt/syncflow/app');

describe('isAllowedNavigation', () => {
  it('allows reloads and hash routes of our page', () => {
    expect(isAllowedNavigation(APP_PAGE)).toBe(true);
    expect(isAllowedNavigation(`${APP_PAGE}#/runs`)).toBe(true);
  });
  it.each([
    'https://example.com/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'file:///opt/syncflow/app/dist/renderer/index.html',
    'app://other/index.html',
    'app://syncflow/other.html',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('session permissions', () => {
  it('every permission request and check is denied', () => {
    let request!: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
    let check!: (wc: unknown, permission: string) => boolean;
    lockDownSession({ setPermissionRequestHandler: (h) => void (request = h), setPermissionCheckHandler: (h) => void (check = h) });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'midi']) {
      const answers: boolean[] = [];
      request({}, permission, (granted) => answers.push(granted));
      expect(answers).toEqual([false]);
      expect(check({}, permission)).toBe(false);
    }
    expect(denyPermissionCheck()).toBe(false);
    warn.mockRestore();
  });
});

describe('createMainWindow', () => {
  let hide = true;
  beforeEach(() => {
    electron.created.length = 0;
    hide = true;
  });
  const make = (route?: string) => {
    createMainWindow({ appPath, iconsDir: '/icons' }, () => hide, route);
    const win = electron.created[0];
    if (!win) throw new Error('no window');
    return win;
  };

  // Fails if any of the four regresses (or a risky one is switched on).
  it('locks the renderer down: context isolation, sandbox, web security on; node integration off', () => {
    const prefs = make().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: path.join(appPath, 'dist', 'main', 'preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(Object.keys(prefs).filter((k) => /enableRemoteModule|experimental/.test(k) && prefs[k] === true)).toEqual([]);
  });

  it('loads our app:// page (never file://), on a route when asked', () => {
    expect(make().loadURL).toHaveBeenCalledWith(APP_PAGE);
    electron.created.length = 0;
    expect(make('#/problems').loadURL).toHaveBeenCalledWith(`${APP_PAGE}#/problems`);
    expect(make().options.show).toBe(false);
  });

  it('denies new windows', () => {
    expect(make().openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('prevents navigation away from the page', () => {
    const win = make();
    for (const event of ['will-navigate', 'will-redirect']) {
      const handler = win.contentsHandlers.get(event);
      const away = { preventDefault: vi.fn() };
      handler?.(away, 'file:///home/u/evil.html');
      expect(away.preventDefault).toHaveBeenCalled();
      const inPage = { preventDefault: vi.fn() };
      handler?.(inPage, `${APP_PAGE}#/search`);
      expect(inPage.preventDefault).not.toHaveBeenCalled();
    }
  });

  it('hides instead of closing unless the app is quitting', () => {
    const win = make();
    const close = win.handlers.get('close');
    const event = { preventDefault: vi.fn() };
    close?.(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(win.hide).toHaveBeenCalled();

    hide = false;
    const quitting = { preventDefault: vi.fn() };
    close?.(quitting);
    expect(quitting.preventDefault).not.toHaveBeenCalled();
  });

  it('shows itself once ready', () => {
    const win = make();
    win.handlers.get('ready-to-show')?.();
    expect(win.show).toHaveBeenCalled();
  });
});
