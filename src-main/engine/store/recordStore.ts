// Entities other than products (customers, invoices, …) declared in the config: stored, change-logged, searched
// and exported by the same mechanism as products, with no code per entity. Fields are whatever the mapping makes.
import type { EntityRecord } from '../../../src-shared/domain.js';
import type { Db } from './database.js';
import { checkpointerFor } from './walCheckpointer.js';
import { toFtsQuery } from './catalogSearch.js';
import { ChangeFeed } from './changeFeed.js';

export type { EntityRecord };

export interface PreparedRecord {
  id: string;
  source: string;
  data: Record<string, unknown>;
  sourceUpdatedAt: string | null;
  checksum: string;
}

interface RecordRow {
  rowid: number;
  entity: string;
  id: string;
  source: string;
  data: string;
  checksum: string;
  sync_version: number;
  source_updated_at: string | null;
  first_seen_at: string;
  last_synced_at: string;
  deleted_at: string | null;
}

const toRecord = (r: RecordRow): EntityRecord => ({
  entity: r.entity,
  id: r.id,
  source: r.source,
  data: JSON.parse(r.data) as Record<string, unknown>,
  sourceUpdatedAt: r.source_updated_at,
  syncVersion: r.sync_version,
  firstSeenAt: r.first_seen_at,
  lastSyncedAt: r.last_synced_at,
});

/** The searchable text of a record: every string and number among its fields, nested ones included. */
function searchText(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (typeof data === 'string' || typeof data === 'number') return String(data);
  if (Array.isArray(data)) return data.map(searchText).join(' ');
  if (typeof data === 'object') return Object.values(data).map(searchText).join(' ');
  return '';
}

interface LiteRecord {
  rowid: number;
  id: string;
  sync_version: number;
  checksum: string;
  deleted_at: string | null;
  data: string;
}

export class RecordStore {
  private readonly stmts;
  private readonly feed: ChangeFeed;

  constructor(private readonly db: Db) {
    this.feed = new ChangeFeed(db);
    this.stmts = {
      lite: db.prepare<[string, string, string], LiteRecord>(
        'SELECT rowid, id, sync_version, checksum, deleted_at, data FROM records WHERE entity = ? AND id IN (SELECT value FROM json_each(?)) AND source = ?',
      ),
      // By id alone: the live record of that id (the oldest when two sources share it).
      get: db.prepare<[string, string], RecordRow>(
        'SELECT rowid, * FROM records WHERE entity = ? AND id = ? AND deleted_at IS NULL ORDER BY rowid LIMIT 1',
      ),
      getAt: db.prepare<[string, string, string], RecordRow>(
        'SELECT rowid, * FROM records WHERE entity = ? AND id = ? AND source = ? AND deleted_at IS NULL',
      ),
      insert: db.prepare(
        `INSERT INTO records (entity, id, source, data, checksum, source_updated_at, first_seen_at, last_synced_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare(
        `UPDATE records SET source = ?, data = ?, checksum = ?, source_updated_at = ?, last_synced_at = ?,
         sync_version = sync_version + 1, deleted_at = NULL WHERE rowid = ?`,
      ),
      tombstone: db.prepare('UPDATE records SET deleted_at = ?, sync_version = sync_version + 1 WHERE rowid = ?'),
      ftsAdd: db.prepare('INSERT INTO records_fts(rowid, entity, body) VALUES (?, ?, ?)'),
      ftsRemove: db.prepare('DELETE FROM records_fts WHERE rowid = ?'),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM records WHERE entity = ? AND deleted_at IS NULL'),
      entities: db.prepare<[], { entity: string; n: number }>(
        'SELECT entity, count(*) AS n FROM records WHERE deleted_at IS NULL GROUP BY entity ORDER BY entity',
      ),
    };
  }

  /**
   * Writes a page of one entity inside the caller's transaction; unchanged records (by checksum) cost nothing. A
   * record is (entity, source, id): records of other sources with the same id are never touched.
   */
  applyPage(entity: string, items: readonly PreparedRecord[], runId: number | null, now: string, opts: { origin?: string } = {}) {
    const result = { created: 0, updated: 0, unchanged: 0, changedIds: [] as string[] };
    if (items.length === 0) return result;
    const source = items[0]!.source;
    if (items.some((i) => i.source !== source)) {
      for (const s of new Set(items.map((i) => i.source))) {
        const r = this.applyPage(entity, items.filter((i) => i.source === s), runId, now, opts);
        result.created += r.created;
        result.updated += r.updated;
        result.unchanged += r.unchanged;
        result.changedIds.push(...r.changedIds);
      }
      return result;
    }
    const existing = new Map(this.stmts.lite.all(entity, JSON.stringify(items.map((i) => i.id)), source).map((r) => [r.id, r]));
    for (const item of items) {
      const before = existing.get(item.id);
      if (before && before.checksum === item.checksum && before.deleted_at === null) {
        result.unchanged++;
        continue;
      }
      const data = JSON.stringify(item.data);
      let rowid: number;
      let version = 1;
      if (!before) {
        rowid = Number(this.stmts.insert.run(entity, item.id, item.source, data, item.checksum, item.sourceUpdatedAt, now, now).lastInsertRowid);
        this.feed.write({ entity, recordId: item.id, source, op: 'created', version }, runId, now, opts.origin);
        result.created++;
      } else {
        rowid = before.rowid;
        const old = JSON.parse(before.data) as Record<string, unknown>;
        const changes: Record<string, [unknown, unknown]> = {};
        for (const key of new Set([...Object.keys(old), ...Object.keys(item.data)])) {
          if (JSON.stringify(old[key] ?? null) !== JSON.stringify(item.data[key] ?? null)) changes[key] = [old[key] ?? null, item.data[key] ?? null];
        }
        if (before.deleted_at === null) this.stmts.ftsRemove.run(rowid);
        this.stmts.update.run(item.source, data, item.checksum, item.sourceUpdatedAt, now, rowid);
        version = before.sync_version + 1;
        this.feed.write({ entity, recordId: item.id, source, op: 'updated', version, changes }, runId, now, opts.origin);
        result.updated++;
      }
      this.stmts.ftsAdd.run(rowid, entity, searchText(item.data));
      existing.set(item.id, { rowid, id: item.id, sync_version: version, checksum: item.checksum, deleted_at: null, data });
      result.changedIds.push(item.id);
    }
    checkpointerFor(this.db)?.maybeCheckpoint();
    return result;
  }

  /** Tombstones a source's records of one entity and logs each in the change feed. */
  markDeleted(entity: string, ids: readonly string[], runId: number | null, now: string, source: string, origin?: string): string[] {
    const deleted: string[] = [];
    for (const row of this.stmts.lite.all(entity, JSON.stringify(ids), source)) {
      if (row.deleted_at !== null) continue;
      this.stmts.ftsRemove.run(row.rowid);
      this.stmts.tombstone.run(now, row.rowid);
      this.feed.write({ entity, recordId: row.id, source, op: 'deleted', version: row.sync_version + 1 }, runId, now, origin);
      deleted.push(row.id);
    }
    return deleted;
  }

  /** A live record by its id (at its source, when two sources share ids). */
  get(entity: string, id: string, source?: string): EntityRecord | null {
    const row = source === undefined ? this.stmts.get.get(entity, id) : this.stmts.getAt.get(entity, id, source);
    return row ? toRecord(row) : null;
  }

  count(entity: string): number {
    return this.stmts.count.get(entity)!.n;
  }

  /** Entities with live records, and how many each. */
  entities(): { entity: string; count: number }[] {
    return this.stmts.entities.all().map((r) => ({ entity: r.entity, count: r.n }));
  }

  /** Text search within one entity (keyset by rowid; operator text is always searched as text). */
  search(entity: string, query: string, limit: number, afterRowid = 0): { items: EntityRecord[]; next: number | null } {
    const fts = toFtsQuery(query);
    const rows = fts
      ? this.db
          .prepare<[string, string, number, number], RecordRow>(
            `SELECT r.rowid AS rowid, r.* FROM records_fts f CROSS JOIN records r ON r.rowid = f.rowid
             WHERE records_fts MATCH ? AND r.entity = ? AND f.rowid > ? AND r.deleted_at IS NULL ORDER BY f.rowid LIMIT ?`,
          )
          .all(fts, entity, afterRowid, limit + 1)
      : this.db
          .prepare<[string, number, number], RecordRow>(
            'SELECT rowid, * FROM records WHERE entity = ? AND rowid > ? AND deleted_at IS NULL ORDER BY rowid LIMIT ?',
          )
          .all(entity, afterRowid, limit + 1);
    const page = rows.slice(0, limit);
    return { items: page.map(toRecord), next: rows.length > limit ? page.at(-1)!.rowid : null };
  }

  /** `search` with the contract's cursor (the keyset rowid as text); the engine and the reader both answer with it. */
  searchPage(input: { entity: string; query: string; limit: number; cursor?: string | undefined }): { items: EntityRecord[]; nextCursor?: string } {
    const after = input.cursor ? Number(input.cursor) : 0;
    const page = this.search(input.entity, input.query, input.limit, Number.isInteger(after) ? after : 0);
    return { items: page.items, ...(page.next !== null ? { nextCursor: String(page.next) } : {}) };
  }

  *iterate(entity: string): Generator<EntityRecord> {
    const stmt = this.db.prepare<[string], RecordRow>('SELECT rowid, * FROM records WHERE entity = ? AND deleted_at IS NULL ORDER BY id');
    for (const row of stmt.iterate(entity)) yield toRecord(row);
  }
}
