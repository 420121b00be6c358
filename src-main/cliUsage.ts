// Checks of the `syncflow` command's arguments. A bad one is a UsageError (exit code 2) whose message names the
// option and says what would be accepted.
// No zod here: `serve` loads this module on its way to the first answer (see cli.ts).

export class UsageError extends Error {}

// The synopses of the commands whose code loads on demand (cliControl.ts, cliTargets.ts), for the usage text.
export const runsSynopsis = 'runs [--source S] [--status X] [--since ISO] [--until ISO] [--limit N] [--json] | runs --id N [--explain] [--json]';
export const pauseSynopsis = 'pause [source] [--until ISO] [--json]';
export const resumeSynopsis = 'resume [source] [--json]';
export const pushSynopsis = 'push [target] [--json]';
export const targetsSynopsis = 'targets [--json]';
export const syncEntitySynopsis = 'sync-entity <entity> --from SOURCE --to TARGET[,TARGET…] [--json]';

/** Options every command takes. */
const globalOptions = ['data-dir', 'config', 'help', 'version'];

export function int(
  value: string | undefined,
  name: string,
  fallback: number,
  range: { min?: number; max?: number } = {},
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isInteger(n) || n < min || n > max) {
    const bounds = range.max !== undefined ? ` from ${min} to ${max}` : min > 0 ? ` of at least ${min}` : '';
    throw new UsageError(`--${name}: expected a whole number${bounds}, got "${value}"`);
  }
  return n;
}

/** Rejects options the command does not take, naming them and the command's synopsis. */
export function onlyOptions(
  command: string,
  given: readonly string[],
  allowed: readonly string[],
  synopsis: string,
): void {
  const wrong = given.filter((o) => !allowed.includes(o) && !globalOptions.includes(o));
  if (wrong.length > 0) {
    const list = [...new Set(wrong)].map((o) => `--${o}`).join(', ');
    throw new UsageError(
      `${command}: ${list} ${wrong.length > 1 ? 'do' : 'does'} not apply; usage: syncflow ${synopsis}`,
    );
  }
}

/** Rejects more positional arguments than the command takes. */
export function atMost(command: string, positionals: readonly string[], n: number, synopsis: string): void {
  if (positionals.length > n) {
    throw new UsageError(`${command}: unexpected argument "${positionals[n]}"; usage: syncflow ${synopsis}`);
  }
}
