// Start at login. macOS and Windows have app.setLoginItemSettings; Linux desktops read XDG autostart entries
// (~/.config/autostart/*.desktop). A login launch passes --hidden (macOS reports wasOpenedAtLogin instead), so the
// app comes up in the tray with no window; a launch by the user opens the window.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const HIDDEN_FLAG = '--hidden';

export interface LoginItemApp {
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[]; path?: string }): void;
}

export interface LoginItemDeps {
  app: LoginItemApp;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The executable to start: the AppImage itself when running from one (its mount path changes per launch). */
  execPath: string;
  home?: string;
}

export function autostartFile(env: LoginItemDeps['env'], home = homedir()): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart', 'syncflow.desktop');
}

/** Desktop Entry Exec quoting: the path in double quotes with ", `, $ and \ escaped. */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Syncflow',
    'Comment=Catalog sync agent (starts in the tray)',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'Icon=syncflow',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function createLoginItem(deps: LoginItemDeps): { get(): boolean; set(on: boolean): void } {
  const exec = deps.env.APPIMAGE ?? deps.execPath;
  if (deps.platform === 'linux') {
    const file = autostartFile(deps.env, deps.home);
    return {
      get: () => existsSync(file),
      set(on) {
        if (!on) return rmSync(file, { force: true });
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, autostartEntry(exec));
      },
    };
  }
  // Windows matches the registered entry by path and args, so both are given when reading it back.
  const args = deps.platform === 'win32' ? [HIDDEN_FLAG] : [];
  return {
    get: () => deps.app.getLoginItemSettings(deps.platform === 'win32' ? { args } : undefined).openAtLogin,
    set(on) {
      deps.app.setLoginItemSettings(deps.platform === 'win32' ? { openAtLogin: on, args, path: exec } : { openAtLogin: on, openAsHidden: true });
    },
  };
}

/** Whether the OS started us at login (then: tray only, no window). */
export function launchedAtLogin(platform: NodeJS.Platform, argv: readonly string[], app: LoginItemApp): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
