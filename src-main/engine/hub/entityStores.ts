// One store model for every entity: what the hub (and the pipeline through it) needs of a store, whichever table
// holds the entity. Products specialise it (search columns, variants, facets in CatalogStore); every other entity is
// a JSON record (RecordStore). Both are keyed by (source, id) and write the same change feed.
import type { MappedProduct } from '../../../src-shared/domain.js';
import { prepareProduct } from '../pipeline/checksum.js';
import { recordChecksum } from '../pipeline/checksum.js';
import type { CatalogStore, PageResult, PreparedProduct } from '../store/catalogStore.js';
import { comparableFields } from '../store/productRows.js';
import type { PreparedRecord, RecordStore } from '../store/recordStore.js';

/** A record as a sync prepared it (a product with its JSON texts and checksum, or an entity record). */
export type Incoming = PreparedProduct | PreparedRecord;

export interface WriteOptions {
  /** A bulk load (products only): indexes are built once at the end. */
  deferIndex?: boolean;
  /** Who makes the change, when not the record's own source ('operator'). */
  origin?: string;
}

export interface EntityStore {
  readonly entity: string;
  /** The fields a match rule and a conflict policy work on. */
  fieldsOf(item: Incoming): Record<string, unknown>;
  /** An incoming record with some fields replaced (pins, a merge), checksum recomputed. */
  withFields(item: { id: string; source: string; sourceUpdatedAt: string | null }, fields: Record<string, unknown>): Incoming;
  /** The live record's fields, or null. */
  current(source: string, id: string): { fields: Record<string, unknown>; sourceUpdatedAt: string | null } | null;
  writePage(items: readonly Incoming[], runId: number | null, at: string, opts?: WriteOptions): PageResult;
  remove(source: string, ids: readonly string[], runId: number | null, at: string, origin?: string): string[];
  /** SQL listing the live ids of one source (`?` = the source), for a full pass's deletes. */
  readonly liveIdsSql: string;
}

export function productStore(catalog: CatalogStore): EntityStore {
  return {
    entity: 'products',
    liveIdsSql: 'SELECT id FROM products WHERE source = ? AND deleted_at IS NULL',
    fieldsOf: (item) => {
      const p = item as PreparedProduct;
      const out: Record<string, unknown> = {};
      for (const f of comparableFields) out[f] = p[f] ?? null;
      return out;
    },
    withFields: (key, fields) => {
      const p = {
        ...(fields as Omit<MappedProduct, 'id' | 'source' | 'sourceUpdatedAt'>),
        id: key.id,
        source: key.source,
        sourceUpdatedAt: key.sourceUpdatedAt,
        tags: (fields.tags as string[] | null) ?? [],
        details: (fields.details as MappedProduct['details'] | null) ?? {},
        customFields: (fields.customFields as Record<string, unknown> | null) ?? {},
      } as MappedProduct;
      return prepareProduct(p);
    },
    current: (source, id) => {
      const p = catalog.get(id, source);
      if (!p) return null;
      const out: Record<string, unknown> = {};
      for (const f of comparableFields) out[f] = p[f] ?? null;
      return { fields: out, sourceUpdatedAt: p.sourceUpdatedAt };
    },
    writePage: (items, runId, at, opts = {}) => catalog.applyPage(items as PreparedProduct[], runId, at, opts),
    remove: (source, ids, runId, at, origin) => catalog.markDeleted(ids, runId, at, source, origin),
  };
}

export function recordStoreFor(records: RecordStore, entity: string): EntityStore {
  return {
    entity,
    liveIdsSql: `SELECT id FROM records WHERE entity = '${entity.replace(/'/g, "''")}' AND source = ? AND deleted_at IS NULL`,
    fieldsOf: (item) => ({ ...(item as PreparedRecord).data }),
    withFields: (key, fields) => ({ id: key.id, source: key.source, sourceUpdatedAt: key.sourceUpdatedAt, data: fields, checksum: recordChecksum(fields) }),
    current: (source, id) => {
      const r = records.get(entity, id, source);
      return r ? { fields: r.data, sourceUpdatedAt: r.sourceUpdatedAt } : null;
    },
    writePage: (items, runId, at, opts = {}) =>
      records.applyPage(entity, items as PreparedRecord[], runId, at, opts.origin ? { origin: opts.origin } : {}),
    remove: (source, ids, runId, at, origin) => records.markDeleted(entity, ids, runId, at, source, origin),
  };
}
