// Secret references are resolved only where a request is built; resolved values are registered so the logger can
// scrub them from any message that would otherwise carry them.
import { ConfigError } from './configError.js';

const refPattern = /^\$\{(env|keychain):([A-Za-z_][A-Za-z0-9_.-]*)\}$/;
const known = new Set<string>();

export function isSecretRef(value: string): boolean {
  return refPattern.test(value);
}

export type Keychain = (name: string) => string | undefined;

export function createSecretResolver(keychain?: Keychain) {
  return (value: string, where: string): string => {
    const m = refPattern.exec(value);
    if (!m) return value;
    const [, scheme, name] = m as unknown as [string, 'env' | 'keychain', string];
    const resolved = scheme === 'env' ? process.env[name] : keychain?.(name);
    if (resolved === undefined || resolved === '') {
      throw new ConfigError([
        {
          path: where,
          message:
            scheme === 'env'
              ? `environment variable ${name} is not set; export it before starting Syncflow`
              : `no secret named "${name}" in the OS keychain; store it from the desktop app's settings`,
        },
      ]);
    }
    known.add(resolved);
    return resolved;
  };
}

/** Replaces every resolved secret value in `text` with ***. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const s of known) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
