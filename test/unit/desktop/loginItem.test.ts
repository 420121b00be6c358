import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { autostartEntry, autostartFile, createLoginItem, HIDDEN_FLAG, launchedAtLogin, type LoginItemApp } from '../../../src-main/desktop/loginItem.js';
import { tempDir } from '../../helpers/tmp.js';

/** A stand-in for app's login item API that keeps what was set, so reading back shows the outcome. */
function fakeApp(): LoginItemApp & { settings: Record<string, unknown> } {
  const app = {
    settings: { openAtLogin: false } as Record<string, unknown>,
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: app.settings.openAtLogin === true })),
    setLoginItemSettings: vi.fn((s: Record<string, unknown>) => {
      app.settings = s;
    }),
  };
  return app;
}

describe('start at login', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('Linux: writes and removes an XDG autostart entry under XDG_CONFIG_HOME', () => {
    const env = { XDG_CONFIG_HOME: path.join(tmp.dir, 'cfg') };
    const item = createLoginItem({ app: fakeApp(), platform: 'linux', env, execPath: '/opt/Syncflow/syncflow' });
    const file = path.join(tmp.dir, 'cfg', 'autostart', 'syncflow.desktop');
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(text).toContain(`Exec="/opt/Syncflow/syncflow" ${HIDDEN_FLAG}\n`);
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(item.get()).toBe(false);
  });

  it('Linux: ~/.config/autostart without XDG_CONFIG_HOME; an AppImage starts the AppImage, quoted', () => {
    expect(autostartFile({}, '/home/u')).toBe(path.join('/home/u', '.config', 'autostart', 'syncflow.desktop'));
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(path.join('/home/u', '.config', 'autostart', 'syncflow.desktop'));
    const item = createLoginItem({ app: fakeApp(), platform: 'linux', env: { APPIMAGE: `${tmp.dir}/My "Apps"/Syncflow.AppImage` }, execPath: '/tmp/.mount_x/syncflow', home: tmp.dir });
    item.set(true);
    const text = readFileSync(autostartFile({}, tmp.dir), 'utf8');
    expect(text).toContain(`Exec="${tmp.dir}/My \\"Apps\\"/Syncflow.AppImage" --hidden`);
    expect(autostartEntry('/a/$b')).toContain('Exec="/a/\\$b" --hidden');
  });

  it('Windows: login item with --hidden and the executable path', () => {
    const app = fakeApp();
    const item = createLoginItem({ app, platform: 'win32', env: {}, execPath: 'C:\\Syncflow\\Syncflow.exe' });
    item.set(true);
    expect(app.settings).toEqual({ openAtLogin: true, args: [HIDDEN_FLAG], path: 'C:\\Syncflow\\Syncflow.exe' });
    expect(item.get()).toBe(true);
    expect(app.getLoginItemSettings).toHaveBeenLastCalledWith({ args: [HIDDEN_FLAG] });
    item.set(false);
    expect(item.get()).toBe(false);
  });

  it('macOS: login item opened hidden', () => {
    const app = fakeApp();
    const item = createLoginItem({ app, platform: 'darwin', env: {}, execPath: '/Applications/Syncflow.app/Contents/MacOS/Syncflow' });
    item.set(true);
    expect(app.settings).toEqual({ openAtLogin: true, openAsHidden: true });
    expect(item.get()).toBe(true);
  });

  it('a login launch is recognised by --hidden, or by macOS', () => {
    const app = fakeApp();
    expect(launchedAtLogin('linux', ['syncflow', HIDDEN_FLAG], app)).toBe(true);
    expect(launchedAtLogin('linux', ['syncflow'], app)).toBe(false);
    expect(launchedAtLogin('darwin', ['Syncflow'], { ...app, getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAtLogin: true }) })).toBe(true);
    expect(launchedAtLogin('win32', ['Syncflow.exe'], app)).toBe(false);
  });
});
