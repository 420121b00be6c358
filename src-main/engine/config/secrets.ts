// Secret references are resolved only where a request is built; resolved values are registered so the logger can
// scrub them from any message that would otherwise carry them. A reference may be the whole value or part of it
// (`Bearer ${env:TOKEN}`): `${env:NAME}`, `${file:PATH}` (a file only its owner can read) or `${keychain:NAME}`.
import { readFileSync, statSync } from 'node:fs';
import { secretRefIn } from '../../../src-shared/secretRefSyntax.js';
import { ConfigError } from './configError.js';

const known = new Set<string>();

export function isSecretRef(value: string): boolean {
  return new RegExp(`^${secretRefIn.source}$`).test(value);
}

/** The OS keychain's lookup by name (the desktop face's safeStorage store); undefined when it holds no such name. */
export type Keychain = (name: string) => string | undefined;

type Scheme = 'env' | 'file' | 'keychain';

/** The value of one reference, or why there is none (a sentence naming the fix). */
function lookUp(scheme: Scheme, name: string, keychain: Keychain | undefined): { value: string } | { problem: string } {
  if (scheme === 'env') {
    const v = process.env[name];
    return v === undefined || v === '' ? { problem: `environment variable ${name} is not set; export it before starting Syncflow` } : { value: v };
  }
  if (scheme === 'keychain') {
    if (!keychain) return { problem: `\${keychain:${name}} needs the desktop app's keychain; here use \${env:…} or \${file:…}` };
    const v = keychain(name);
    return v === undefined || v === '' ? { problem: `no secret named "${name}" in the OS keychain; store it from the desktop app's settings` } : { value: v };
  }
  let mode: number;
  try {
    mode = statSync(name).mode;
  } catch (err) {
    return { problem: `cannot read the secret file ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  // Windows has no POSIX modes to check; its ACLs are the user profile's.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return {
      problem: `the secret file ${name} can be read by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${name}`,
    };
  }
  const v = readFileSync(name, 'utf8').replace(/\r?\n$/, '');
  return v === '' ? { problem: `the secret file ${name} is empty` } : { value: v };
}

/** Replaces every reference in `value`; throws a ConfigError naming `where` when one cannot be resolved. */
export function createSecretResolver(keychain?: Keychain) {
  return (value: string, where: string): string => {
    if (!value.includes('${')) return value;
    return value.replace(new RegExp(secretRefIn.source, 'g'), (_all, scheme: Scheme, name: string) => {
      const found = lookUp(scheme, name, keychain);
      if ('problem' in found) throw new ConfigError([{ path: where, message: found.problem }]);
      known.add(found.value);
      return found.value;
    });
  };
}

export type SecretResolver = ReturnType<typeof createSecretResolver>;

// Neither secrets nor settings: names, what is mapped and how, and the webhook's own secret (resolved apart).
const notRequestFields = new Set(['name', 'kind', 'entity', 'mapping', 'validation', 'schedule', 'dependsOn', 'webhook']);

/**
 * The source with every reference in its request fields (headers, query, URLs, auth, paths) resolved. Errors name
 * the field as the user wrote it (`sources[0].apiKey`), not where a preset moved it.
 */
export function resolveSourceSecrets<T extends object>(source: T, resolve: SecretResolver, where: string): T {
  const problems: { path: string; message: string }[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') {
      try {
        return resolve(v, at);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(...err.problems);
        return v;
      }
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${at}.${k}`)]));
    }
    return v;
  };
  const out = Object.fromEntries(
    Object.entries(source).map(([k, v]) => [k, notRequestFields.has(k) ? v : walk(v, `${where}.${k}`)]),
  ) as T;
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

// A credential in a URL's query (`?api_key=…`, `&access_token=…`), whatever put it there.
const queryCredential = /([?&;][^=&\s"'<>#]*(?:key|token|secret|password|passwd|signature|credential|auth)[^=&\s"'<>#]*=)[^&\s"'<>#]+/gi;

/** Replaces every resolved secret value, and every credential-like query parameter's value, in `text` with ***. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const s of known) if (s.length >= 4) out = out.split(s).join('***');
  // Scrubbed values may appear percent-encoded in a URL.
  for (const s of known) {
    const enc = encodeURIComponent(s);
    if (s.length >= 4 && enc !== s) out = out.split(enc).join('***');
  }
  return out.replace(queryCredential, '$1***');
}
