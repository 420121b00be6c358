// The filters a mongodb source sends and how its documents become records; no server needed to test them. Pages go
// by _id (keyset), so a full pass cannot skip a document that exists throughout it.
import type { MongoSourceConfig } from '../../../src-shared/config.js';
import { durationMs } from '../../../src-shared/sourceSchemas.js';

type Cfg = Pick<MongoSourceConfig, 'filter' | 'incremental' | 'softDelete'>;
type Doc = Record<string, unknown>;

const and = (parts: Doc[]): Doc => (parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts });

function base(c: Cfg, cursor: Date | null, deleted: boolean): Doc[] {
  const parts: Doc[] = [];
  if (Object.keys(c.filter).length > 0) parts.push(c.filter);
  // Set means present and neither null nor false ($in null also matches a missing field).
  if (c.softDelete) parts.push({ [c.softDelete.field]: deleted ? { $nin: [null, false] } : { $in: [null, false] } });
  if (cursor && c.incremental) parts.push({ [c.incremental.field]: { $gte: cursor } });
  return parts;
}

/** Live documents (changed since `cursor` when given) after `afterId`, for a page sorted by _id. */
export function listingFilter(c: Cfg, opts: { cursor: Date | null; afterId?: unknown }): Doc {
  const parts = base(c, opts.cursor, false);
  if (opts.afterId !== undefined && opts.afterId !== null) parts.push({ _id: { $gt: opts.afterId } });
  return and(parts);
}

/** Soft-deleted documents changed since the cursor, after `afterId`. */
export function deletedFilter(c: Cfg, cursor: Date, afterId?: unknown): Doc {
  const parts = base(c, cursor, true);
  if (afterId !== undefined && afterId !== null) parts.push({ _id: { $gt: afterId } });
  return and(parts);
}

/** The instant an incremental read starts from: the cursor moved back by the lookback. */
export function cursorDate(c: Cfg, cursor: string): Date {
  const ms = Date.parse(cursor);
  if (Number.isNaN(ms)) throw new Error(`the saved cursor "${cursor}" is not a date`);
  return new Date(ms - (c.incremental?.lookback ? durationMs(c.incremental.lookback) : 0));
}

/** BSON values as JSON-shaped ones: ObjectId as hex, dates as ISO 8601, decimals as text, binary as base64. */
export function plainValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map(plainValue);
  const bson = (v as { _bsontype?: string })._bsontype;
  if (bson === 'ObjectId') return (v as { toHexString(): string }).toHexString();
  if (bson === 'Long') {
    const n = (v as { toNumber(): number }).toNumber();
    return Number.isSafeInteger(n) ? n : String(v);
  }
  if (bson === 'Int32' || bson === 'Double') return (v as { valueOf(): number }).valueOf();
  if (bson === 'Binary') return Buffer.from((v as { buffer: Uint8Array }).buffer).toString('base64');
  if (bson !== undefined) return String(v); // Decimal128, Timestamp, UUID…: their text form
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) out[k] = plainValue(x);
  return out;
}

/** The source's mapping with what the connector implies: `id` is _id; the cursor is the incremental field. */
export function mongoMapping(c: MongoSourceConfig): MongoSourceConfig['mapping'] {
  const fields = { ...c.mapping.fields };
  fields.id ??= '_id';
  if (c.incremental) fields.sourceUpdatedAt = c.incremental.field;
  return { ...c.mapping, fields };
}

/** Catalog ids back to the _id values they may have been: an ObjectId (24 hex digits), a number, the text itself. */
export function idCandidates(ids: string[], objectId: (hex: string) => unknown): unknown[] {
  const out: unknown[] = [];
  for (const id of ids) {
    out.push(id);
    if (/^[0-9a-f]{24}$/i.test(id)) out.push(objectId(id));
    if (/^-?\d+$/.test(id) && Number.isSafeInteger(Number(id))) out.push(Number(id));
  }
  return out;
}
