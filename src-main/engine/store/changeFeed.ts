// The change feed every store writes: one entry per created / updated / deleted record (old → new per field),
// with the record's identity (entity, source, id), who made the change (origin: a source name, 'operator', a
// target) and the record's version after it. A bulk load logs a page of creations as one entry over a rowid range
// of products. Readers: history, "what changed since", cache invalidation and the targets (by seq).
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Db } from './database.js';

export type ChangeOp = 'created' | 'updated' | 'deleted';

export interface ChangeEntry {
  seq: number;
  entity: string;
  recordId: string;
  /** The source the record belongs to (its identity is entity + source + recordId); null only when unknown. */
  source: string | null;
  /** Who made the change: the source name for a sync, 'operator' for a pin or a review pick, a target's name. */
  origin: string | null;
  /** The record's sync_version after this change (null for entries written before migration 13). */
  version: number | null;
  op: ChangeOp;
  runId: number | null;
  changes: Record<string, [unknown, unknown]> | null;
  at: string;
}

interface FeedRow {
  seq: number;
  entity: string;
  record_id: string;
  source: string | null;
  origin: string | null;
  version: number | null;
  op: string;
  run_id: number | null;
  changes: string | null;
  at: string;
  first_rowid: number | null;
  last_rowid: number | null;
}

export interface FeedQuery {
  afterSeq?: number;
  entity?: string;
  recordId?: string;
  /** With recordId: only that source's record of this id. */
  source?: string;
  since?: string;
  limit?: number;
}

export class ChangeFeed {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      one: db.prepare(
        `INSERT INTO change_feed (entity, record_id, source, origin, version, op, run_id, changes, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      range: db.prepare(
        `INSERT INTO change_feed (entity, record_id, source, origin, version, op, run_id, changes, at, first_rowid, last_rowid)
         VALUES ('products', '', ?, ?, 1, 'created', ?, NULL, ?, ?, ?)`,
      ),
      productIdsInRange: db
        .prepare<[number, number], string>('SELECT id FROM products WHERE rowid BETWEEN ? AND ? ORDER BY rowid')
        .pluck(),
      productRowid: db
        .prepare<[string, string | null, string | null], number>(
          'SELECT rowid FROM products WHERE id = ? AND (source = ? OR ? IS NULL) ORDER BY deleted_at IS NOT NULL, rowid LIMIT 1',
        )
        .pluck(),
    };
  }

  /** Must run inside the writer's transaction. `origin` defaults to the record's source. */
  write(
    e: { entity: string; recordId: string; source: string; op: ChangeOp; version: number; changes?: Record<string, [unknown, unknown]> | null },
    runId: number | null,
    at: string,
    origin?: string | null,
  ): void {
    this.stmts.one.run(e.entity, e.recordId, e.source, origin ?? e.source, e.version, e.op, runId, e.changes ? JSON.stringify(e.changes) : null, at);
  }

  /** A bulk load's page of product creations (consecutive rowids), all at version 1. */
  writeRange(source: string, runId: number | null, at: string, firstRowid: number, lastRowid: number, origin?: string | null): void {
    this.stmts.range.run(source, origin ?? source, runId, at, firstRowid, lastRowid);
  }

  /**
   * Entries oldest first. A bulk load's range entry comes back as one entry per record it covers, all with the
   * range's seq.
   */
  read(opts: FeedQuery = {}): ChangeEntry[] {
    const where = ['seq > ?'];
    const params: unknown[] = [opts.afterSeq ?? 0];
    // One record's history is a product's unless another entity is named.
    const entity = opts.entity ?? (opts.recordId !== undefined ? 'products' : undefined);
    if (entity) {
      where.push('entity = ?');
      params.push(entity);
    }
    const productRecord = opts.recordId !== undefined && entity === 'products';
    if (opts.recordId !== undefined) {
      // Entries of one record: by id (and source when given); a product's bulk-load creation by its rowid.
      const rowid = productRecord ? (this.stmts.productRowid.get(opts.recordId, opts.source ?? null, opts.source ?? null) ?? -1) : -1;
      const bySource = opts.source ? ' AND (source = ? OR source IS NULL)' : '';
      where.push(`((record_id = ?${bySource}) OR (record_id = '' AND last_rowid >= ? AND first_rowid <= ?))`);
      params.push(opts.recordId, ...(opts.source ? [opts.source] : []), rowid, rowid);
    }
    if (opts.since) {
      where.push('at >= ?');
      params.push(opts.since);
    }
    const rows = this.db
      .prepare<unknown[], FeedRow>(`SELECT * FROM change_feed WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`)
      .all(...params, opts.limit ?? 1000);
    const out: ChangeEntry[] = [];
    for (const r of rows) {
      const entry = {
        seq: r.seq,
        entity: r.entity,
        source: r.source,
        origin: r.origin ?? r.source,
        version: r.version,
        op: r.op as ChangeOp,
        runId: r.run_id,
        changes: r.changes ? (JSON.parse(r.changes) as Record<string, [unknown, unknown]>) : null,
        at: r.at,
      };
      if (r.record_id !== '') out.push({ ...entry, recordId: r.record_id });
      else if (opts.recordId !== undefined) out.push({ ...entry, recordId: opts.recordId });
      else for (const id of this.stmts.productIdsInRange.all(r.first_rowid!, r.last_rowid!)) out.push({ ...entry, recordId: id });
    }
    return out;
  }

  /** Deletes entries older than `before`, a slice at a time, so a large prune never holds the writer for long. */
  async prune(before: string, slice = 2000): Promise<number> {
    const stmt = this.db.prepare('DELETE FROM change_feed WHERE seq IN (SELECT seq FROM change_feed WHERE at < ? ORDER BY seq LIMIT ?)');
    let total = 0;
    for (;;) {
      const n = stmt.run(before, slice).changes;
      total += n;
      if (n < slice) return total;
      await yieldToLoop();
    }
  }
}
