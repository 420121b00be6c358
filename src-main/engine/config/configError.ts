import type { ConfigProblem } from '../../../src-shared/config.js';

/** A configuration that cannot be used; each problem names the exact field and how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly problems: ConfigProblem[],
    readonly file?: string,
  ) {
    super(
      `${file ? `${file}: ` : ''}invalid configuration\n` + problems.map((p) => `  ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
