// The statements a postgres source runs, built from validated names (quoted) and parameters (never spliced): the
// listing pages by key (keyset), so a full pass cannot skip a row that exists throughout it.
import type { PostgresSourceConfig } from '../../../src-shared/config.js';
import { durationMs } from '../../../src-shared/sourceSchemas.js';

export interface Statement {
  text: string;
  values: unknown[];
}

type Cfg = Pick<PostgresSourceConfig, 'table' | 'query' | 'key' | 'incremental' | 'softDelete'>;

/** "erp"."products": names were checked by the config schema; quoting keeps their case. */
export const quoteName = (name: string): string => name.split('.').map((p) => `"${p}"`).join('.');

const relation = (c: Cfg): string => (c.table ? quoteName(c.table) : `(${c.query})`);
const col = (name: string): string => `src.${quoteName(name)}`;

/** A row is soft-deleted when the column is set and not false (a deleted_at timestamp or an is_deleted flag). */
const softDeleted = (c: Cfg): string | null =>
  c.softDelete ? `(${col(c.softDelete.column)} IS NOT NULL AND ${col(c.softDelete.column)}::text NOT IN ('false', 'f'))` : null;

/**
 * The parameter an incremental read compares with. Timestamps: the cursor moved back by the lookback. Versions
 * travel through the catalog's cursor as the instant of that many milliseconds (see versionAsCursor).
 */
export function cursorParam(c: Cfg, cursor: string): string {
  const inc = c.incremental;
  const ms = Date.parse(cursor);
  if (Number.isNaN(ms)) throw new Error(`the saved cursor "${cursor}" is not a date`);
  if (inc?.type === 'version') return String(ms);
  return new Date(ms - (inc?.lookback ? durationMs(inc.lookback) : 0)).toISOString();
}

/** A version (a number that only grows) as the instant the catalog's cursor can hold and compare. */
export function versionAsCursor(version: unknown): string | null {
  if (version === null || version === undefined) return null;
  const n = Number(version);
  if (!Number.isSafeInteger(n) || n < 0 || n > 8.64e15) throw new Error(`version ${String(version)} is not a whole number between 0 and 8.64e15`);
  return new Date(n).toISOString();
}

function where(c: Cfg, opts: { cursor: string | null; deleted: boolean }, values: unknown[]): string[] {
  const parts: string[] = [];
  const sd = softDeleted(c);
  if (sd) parts.push(opts.deleted ? sd : `NOT ${sd}`);
  if (opts.cursor !== null && c.incremental) {
    values.push(opts.cursor);
    parts.push(`${col(c.incremental.column)} >= $${values.length}::${c.incremental.type === 'version' ? 'numeric' : 'timestamptz'}`);
  }
  return parts;
}

/** One page of the listing: live rows (changed since `cursor` when given) after `afterKey`, in key order. */
export function listingPage(c: Cfg, opts: { cursor: string | null; afterKey: string | null; offset: number; limit: number }): Statement {
  const values: unknown[] = [];
  const parts = where(c, { cursor: opts.cursor, deleted: false }, values);
  if (opts.afterKey !== null) {
    values.push(opts.afterKey);
    parts.push(`${col(c.key)} > $${values.length}`);
  }
  values.push(opts.limit);
  let text = `SELECT * FROM ${relation(c)} AS src${parts.length ? ` WHERE ${parts.join(' AND ')}` : ''} ORDER BY ${col(c.key)} LIMIT $${values.length}`;
  // Only a resume that lost its key skips by count (the pipeline then proves no delete by this listing).
  if (opts.afterKey === null && opts.offset > 0) {
    values.push(opts.offset);
    text += ` OFFSET $${values.length}`;
  }
  return { text, values };
}

/** How many rows the listing will return (the run's progress total). */
export function listingCount(c: Cfg, cursor: string | null): Statement {
  const values: unknown[] = [];
  const parts = where(c, { cursor, deleted: false }, values);
  return { text: `SELECT count(*)::bigint AS n FROM ${relation(c)} AS src${parts.length ? ` WHERE ${parts.join(' AND ')}` : ''}`, values };
}

/** Live rows by key (a change notification named them). */
export function rowsByKeys(c: Cfg, keys: string[]): Statement {
  const values: unknown[] = [keys];
  const parts = where(c, { cursor: null, deleted: false }, values);
  parts.push(`${col(c.key)}::text = ANY($1::text[])`);
  return { text: `SELECT * FROM ${relation(c)} AS src WHERE ${parts.join(' AND ')}`, values };
}

/** Keys of rows soft-deleted since the cursor, one page after `afterKey`. */
export function deletedPage(c: Cfg, cursor: string, afterKey: string | null, limit: number): Statement {
  const values: unknown[] = [];
  const parts = where(c, { cursor, deleted: true }, values);
  if (afterKey !== null) {
    values.push(afterKey);
    parts.push(`${col(c.key)} > $${values.length}`);
  }
  values.push(limit);
  return { text: `SELECT ${col(c.key)}::text AS k FROM ${relation(c)} AS src WHERE ${parts.join(' AND ')} ORDER BY ${col(c.key)} LIMIT $${values.length}`, values };
}
