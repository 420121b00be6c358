// What a target reads: the change feed after its offset, expanded (bulk-creation ranges become their records),
// reduced to the latest state of each record, with where the change came from. The origin is the entry's own
// `origin` where the feed records one, else the source of the run that wrote it (change_feed.run_id →
// sync_runs.source); the current content and its version come from the catalog (products) or the records store.
import { createHash } from 'node:crypto';
import type { Product } from '../../../src-shared/domain.js';
import type { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { RunStore } from '../store/runStore.js';

export interface RecordState {
  entity: string;
  id: string;
  /** null when the record is deleted (or gone). */
  record: Record<string, unknown> | null;
  /** The source whose content the record holds now (null when unknown). */
  holder: string | null;
  /** Who wrote the latest change read for this record (a source's name); null for operator changes. */
  origin: string | null;
  /** The record's version after that change, where the feed records it: below `version`, a later change exists. */
  entryVersion: number | null;
  version: number;
  deleted: boolean;
  /** Hash of the content a target would receive (bookkeeping left out), so equal content compares equal. */
  hash: string;
}

export interface FeedBatch {
  /** The last feed seq the batch covers; the offset to commit once it is delivered. */
  lastSeq: number;
  /** Feed entries read (ranges expanded). */
  read: number;
  records: RecordState[];
}

interface Bookkeeping {
  sync_version: number;
  deleted_at: string | null;
  source: string;
}

/** Catalog fields that say where a record is kept, not what it is: never part of the content hash. */
const bookkeeping = new Set(['source', 'syncVersion', 'firstSeenAt', 'lastSyncedAt', 'sourceUpdatedAt']);

export function contentHash(record: Record<string, unknown> | null): string {
  if (!record) return 'deleted';
  const content = Object.fromEntries(Object.entries(record).filter(([k]) => !bookkeeping.has(k)));
  return createHash('sha1').update(JSON.stringify(content)).digest('base64url');
}

export class ChangeReader {
  private readonly runSource = new Map<number, string | null>();
  private readonly stmts;

  constructor(
    db: Db,
    private readonly catalog: CatalogStore,
    private readonly runs: RunStore,
  ) {
    this.stmts = {
      // One row per id today; with the source where the feed names it, should ids repeat across sources.
      product: db.prepare<[string, string | null, string | null], Bookkeeping>(
        `SELECT sync_version, deleted_at, source FROM products WHERE id = ? AND (source = ? OR ? IS NULL)
         ORDER BY deleted_at IS NOT NULL LIMIT 1`,
      ),
      record: db.prepare<[string, string, string | null, string | null], Bookkeeping & { data: string }>(
        `SELECT sync_version, deleted_at, source, data FROM records WHERE entity = ? AND id = ? AND (source = ? OR ? IS NULL)
         ORDER BY deleted_at IS NOT NULL LIMIT 1`,
      ),
    };
  }

  /** Up to `limit` feed entries after `afterSeq`, as the latest state of each record they touch. */
  read(afterSeq: number, limit: number): FeedBatch {
    const entries = this.catalog.changes({ afterSeq, limit });
    const latest = new Map<string, { entity: string; id: string; source: string | null; origin: string | null; version: number | null }>();
    let lastSeq = afterSeq;
    for (const e of entries) {
      lastSeq = Math.max(lastSeq, e.seq);
      const key = `${e.entity}\u0000${e.recordId}`;
      latest.delete(key);
      // The feed's own origin, source and version where it has them (identity (source, id)), else from the run.
      const f = e as typeof e & { origin?: string | null; source?: string | null; version?: number | null };
      latest.set(key, { entity: e.entity, id: e.recordId, source: f.source ?? null, origin: f.origin ?? this.origin(e.runId), version: f.version ?? null });
    }
    const records = [...latest.values()].map((l) => ({ ...this.state(l.entity, l.id, l.origin, l.source), entryVersion: l.version }));
    return { lastSeq, read: entries.length, records };
  }

  /** The current state of one record (also for "sync entity E to B and C" and snapshots). */
  state(entity: string, id: string, origin: string | null, source: string | null = null): RecordState {
    let record: Record<string, unknown> | null = null;
    let row: Bookkeeping | undefined;
    if (entity === 'products') {
      row = this.stmts.product.get(id, source, source);
      if (row && row.deleted_at === null) record = productRecord(this.catalog.get(id));
    } else {
      const r = this.stmts.record.get(entity, id, source, source);
      row = r;
      if (r && r.deleted_at === null) record = { id, ...(JSON.parse(r.data) as Record<string, unknown>) };
    }
    return {
      entity,
      id,
      record,
      holder: row?.source ?? null,
      origin,
      entryVersion: null,
      version: row?.sync_version ?? 0,
      deleted: record === null,
      hash: contentHash(record),
    };
  }

  private origin(runId: number | null): string | null {
    if (runId === null) return null;
    if (!this.runSource.has(runId)) this.runSource.set(runId, this.runs.get(runId)?.source ?? null);
    return this.runSource.get(runId) ?? null;
  }
}

export function productRecord(p: Product | null): Record<string, unknown> | null {
  if (!p) return null;
  const { firstSeenAt: _f, lastSyncedAt: _l, ...rest } = p;
  return rest as unknown as Record<string, unknown>;
}

export function liveState(entity: string, id: string, record: Record<string, unknown>, holder: string, version: number): RecordState {
  return { entity, id, record, holder, origin: null, entryVersion: null, version, deleted: false, hash: contentHash(record) };
}
