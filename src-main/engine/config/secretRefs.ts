// Which sources a changed secret touches. A connector resolves its secret references once, when it is built, so a
// secret set or replaced while the engine runs (desktop keychain, Settings → credentials) reaches a source only
// if its connector is built again: those that reference the changed secret drop theirs, the others keep theirs
// (and their rate limiter and auth token state).
import { secretRefIn } from '../../../src-shared/secretRefSyntax.js';

export interface SecretRef {
  scheme: 'env' | 'file' | 'keychain';
  name: string;
}

/** Every `${scheme:NAME}` reference anywhere in a config value. */
export function secretRefsIn(value: unknown): SecretRef[] {
  const text = JSON.stringify(value) ?? '';
  return [...text.matchAll(new RegExp(secretRefIn.source, 'g'))].map((m) => ({ scheme: m[1] as SecretRef['scheme'], name: m[2]! }));
}

/** Names whose value differs between two snapshots (added, replaced or removed). */
export function changedSecretNames(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

/** Drops the built connector of every entry whose config references one of `changed`; returns their names. */
export function dropConnectorsUsing(
  entries: Iterable<[string, { config: unknown; connector?: unknown }]>,
  changed: readonly SecretRef[],
): string[] {
  const dropped: string[] = [];
  for (const [name, entry] of entries) {
    if (entry.connector === undefined) continue;
    const refs = secretRefsIn(entry.config);
    if (refs.some((r) => changed.some((c) => c.scheme === r.scheme && c.name === r.name))) {
      delete entry.connector;
      dropped.push(name);
    }
  }
  return dropped;
}
