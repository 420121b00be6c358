import { beforeEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const electron = vi.hoisted(() => {
  const created: FakeWindow[] = [];
  type Handler = (...args: unknown[]) => unknown;
  class FakeWindow {
    handlers = new Map<string, Handler>();
    contentsHandlers = new Map<string, Handler>();
    openHandler: Handler | undefined;
    hide = vi.fn();
    show = vi.fn();
    loadFile = vi.fn(async (_file: string) => {});
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

import { createMainWindow, isAllowedNavigation } from '../../../src-main/desktop/window.js';

const appPath = path.resolve('/opt/syncflow/app');
const pageUrl = pathToFileURL(path.join(appPath, 'dist', 'renderer', 'index.html')).href;

describe('isAllowedNavigation', () => {
  it('allows reloads and hash routes of our page', () => {
    expect(isAllowedNavigation(pageUrl, pageUrl)).toBe(true);
    expect(isAllowedNavigation(`${pageUrl}#/runs`, pageUrl)).toBe(true);
  });
  it.each(['https://example.com/', 'http://localhost:5173/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url'])(
    'refuses %s',
    (url) => {
      expect(isAllowedNavigation(url, pageUrl)).toBe(false);
    },
  );
});

describe('createMainWindow', () => {
  let hide = true;
  beforeEach(() => {
    electron.created.length = 0;
    hide = true;
  });
  const make = () => {
    createMainWindow({ appPath, iconsDir: '/icons' }, () => hide);
    const win = electron.created[0];
    if (!win) throw new Error('no window');
    return win;
  };

  it('locks the renderer down and loads the bundled page with the bundled preload', () => {
    const win = make();
    expect(win.options.webPreferences).toEqual({
      preload: path.join(appPath, 'dist', 'main', 'preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
    });
    expect(win.options.show).toBe(false);
    expect(win.loadFile).toHaveBeenCalledWith(path.join(appPath, 'dist', 'renderer', 'index.html'));
  });

  it('denies new windows', () => {
    expect(make().openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('prevents navigation away from the page', () => {
    const win = make();
    for (const event of ['will-navigate', 'will-redirect']) {
      const handler = win.contentsHandlers.get(event);
      const away = { preventDefault: vi.fn() };
      handler?.(away, 'https://example.com/');
      expect(away.preventDefault).toHaveBeenCalled();
      const inPage = { preventDefault: vi.fn() };
      handler?.(inPage, `${pageUrl}#/search`);
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
