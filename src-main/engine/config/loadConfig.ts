// Reads syncflow.yaml. No file at all means the bundled demo source, so a fresh install shows something real.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { demoConfig, validateConfig, type SyncflowConfig } from '../../../src-shared/config.js';
import { ConfigError } from './configError.js';

export interface LoadedConfig {
  config: SyncflowConfig;
  /** The file it came from, or null when the demo configuration is in use. */
  file: string | null;
}

export function resolveConfigPath(dataDir: string, explicit?: string): string | null {
  if (explicit) return explicit;
  if (process.env.SYNCFLOW_CONFIG) return process.env.SYNCFLOW_CONFIG;
  const inDataDir = join(dataDir, 'syncflow.yaml');
  return existsSync(inDataDir) ? inDataDir : null;
}

export function loadConfig(dataDir: string, explicit?: string): LoadedConfig {
  const file = resolveConfigPath(dataDir, explicit);
  if (!file) return { config: demoConfig(), file: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ path: '(file)', message: `cannot read it: ${(err as Error).message}` }], file);
  }
  return { config: parseConfigText(text, file), file };
}

export function parseConfigText(text: string, file?: string): SyncflowConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}` : '(file)';
    throw new ConfigError([{ path: where, message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` }], file);
  }
  const result = validateConfig(raw ?? {});
  if (!result.ok) throw new ConfigError(result.problems, file);
  return result.config;
}
