// How a secret is referenced in a config value, without the config's schemas (zod): the HTTP bridge scrubs
// references out of error messages on the UI-facing thread, which loads no schema library (apiIndex.ts).

/** `${env:NAME}`, `${file:/path/readable/by/owner/only}` or `${keychain:NAME}`, as the whole value. */
export const secretRef = /^\$\{(?:env:[A-Za-z_][A-Za-z0-9_]*|keychain:[A-Za-z0-9_.-]+|file:[^}]+)\}$/;
/** The same references anywhere in a text (`Bearer ${env:TOKEN}`, `https://${env:HOST}/api`). */
export const secretRefIn = /\$\{(env|keychain|file):([^}]+)\}/g;
export const hasSecretRef = (v: string): boolean => new RegExp(secretRefIn.source).test(v);
