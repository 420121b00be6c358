// Checks of the `syncflow` command's arguments. A bad one is a UsageError (exit code 2) whose message names the
// option and says what would be accepted.
import { z } from 'zod';

export class UsageError extends Error {}

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

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** An ISO 8601 time (with Z or an offset), or a date meaning midnight UTC; returned as toISOString(). */
export function isoTime(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (isoDate.safeParse(value).success) return new Date(`${value}T00:00:00.000Z`).toISOString();
  if (isoDateTime.safeParse(value).success) return new Date(value).toISOString();
  throw new UsageError(
    `--${name}: expected an ISO 8601 time such as 2026-03-01T18:00:00Z (or a date, 2026-03-01, for midnight UTC), got "${value}"`,
  );
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
