// Launch options of the desktop face, resolved from argv/env without touching Electron so they are testable.
import path from 'node:path';

export interface LaunchOptions {
  dataDir: string;
  configPath?: string;
  /** True when the data dir was chosen explicitly (env), not Electron's default userData. */
  customDataDir: boolean;
}

export function resolveLaunchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  defaultDataDir: string,
): LaunchOptions {
  const envDataDir = nonEmpty(env.SYNCFLOW_DATA_DIR);
  const configPath = readFlag(argv, '--config') ?? nonEmpty(env.SYNCFLOW_CONFIG);
  return {
    dataDir: path.resolve(envDataDir ?? defaultDataDir),
    ...(configPath !== undefined ? { configPath: path.resolve(configPath) } : {}),
    customDataDir: envDataDir !== undefined,
  };
}

/** Accepts both `--flag value` and `--flag=value`; the last occurrence wins, like most CLIs. */
export function readFlag(argv: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === flag) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    } else if (arg?.startsWith(`${flag}=`)) {
      value = nonEmpty(arg.slice(flag.length + 1)) ?? value;
    }
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** Icons ship as real files next to the asar when packaged (tray icons cannot be read from inside it everywhere). */
export function iconsDir(app: { isPackaged: boolean; getAppPath(): string }, resourcesPath: string): string {
  return app.isPackaged ? path.join(resourcesPath, 'icons') : path.join(app.getAppPath(), 'resources', 'icons');
}
