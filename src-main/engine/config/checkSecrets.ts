// `validate-config` resolves every secret reference the way a sync would, so an unset variable or a file others
// can read is reported before the first run, naming the field the user wrote.
import type { ConfigProblem, SyncflowConfig } from '../../../src-shared/config.js';
import { ConfigError } from './configError.js';
import { createSecretResolver, resolveSourceSecrets, type Keychain } from './secrets.js';

export interface SecretCheck {
  problems: ConfigProblem[];
  /** References that cannot be checked here (the keychain outside the desktop app). */
  unchecked: string[];
}

export function checkSecrets(config: SyncflowConfig, keychain?: Keychain): SecretCheck {
  const problems: ConfigProblem[] = [];
  const unchecked: string[] = [];
  const base = createSecretResolver(keychain);
  const resolve = (value: string, where: string): string => {
    if (!keychain && value.includes('${keychain:')) {
      unchecked.push(where);
      return base(value.replace(/\$\{keychain:[^}]+\}/g, ''), where);
    }
    return base(value, where);
  };
  config.sources.forEach((source, i) => {
    const where = `sources[${i}]`;
    try {
      resolveSourceSecrets(source, resolve, where);
      if (source.webhook) resolve(source.webhook.secret, `${where}.webhook.secret`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  });
  return { problems, unchecked };
}
