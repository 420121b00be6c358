// Where Syncflow keeps its data when no --data-dir is given: the same folder Electron's app.getPath('userData')
// uses for the desktop app, so the CLI, the server and the tray app share one catalog.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SYNCFLOW_DATA_DIR) return env.SYNCFLOW_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Syncflow');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Syncflow');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Syncflow');
}
