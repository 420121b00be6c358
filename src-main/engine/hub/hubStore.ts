// The hub's tables (hubMigration.ts): linked source records, per-record provenance / pins / picks, and conflicts.
// Plain reads and writes; the decisions are in catalogHub.ts and mergePolicy.ts. Callers own transactions.
import type { CatalogConflict, ConflictField } from '../../../src-shared/hubTypes.js';
import type { Db } from '../store/database.js';
import type { LinkState, StoredPick } from './mergePolicy.js';

export interface Link extends LinkState {
  matchKey: string | null;
  catalogSource: string;
  catalogId: string;
  checksum: string;
  deleted: boolean;
}

export interface StoredPin {
  value: unknown;
  pinnedAt: string;
  sourceValue: unknown;
}

export interface RecordMeta {
  provenance: Record<string, string>;
  pins: Record<string, StoredPin>;
  picks: Record<string, StoredPick>;
  /** Policy review: the last value per field that several sources agreed on (mergePolicy.ts). */
  agreed: Record<string, unknown>;
}

interface LinkRow {
  entity: string;
  source: string;
  id: string;
  match_key: string | null;
  catalog_source: string;
  catalog_id: string;
  data: string;
  field_times: string;
  source_updated_at: string | null;
  checksum: string;
  deleted_at: string | null;
}

interface ConflictRow {
  id: number;
  entity: string;
  record_source: string;
  record_id: string;
  label: string | null;
  fields: string;
  opened_at: string;
  updated_at: string;
  resolved_at: string | null;
}

const toLink = (r: LinkRow): Link => ({
  source: r.source,
  id: r.id,
  matchKey: r.match_key,
  catalogSource: r.catalog_source,
  catalogId: r.catalog_id,
  data: JSON.parse(r.data) as Record<string, unknown>,
  fieldTimes: JSON.parse(r.field_times) as Record<string, string>,
  sourceUpdatedAt: r.source_updated_at,
  checksum: r.checksum,
  deleted: r.deleted_at !== null,
});

export const toConflict = (r: ConflictRow): CatalogConflict => ({
  id: r.id,
  entity: r.entity,
  recordId: r.record_id,
  recordSource: r.record_source,
  label: r.label,
  status: r.resolved_at ? 'resolved' : 'open',
  fields: JSON.parse(r.fields) as ConflictField[],
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
  resolvedAt: r.resolved_at,
});

export class HubStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      link: db.prepare<[string, string, string], LinkRow>('SELECT * FROM hub_links WHERE entity = ? AND source = ? AND id = ?'),
      byMatch: db.prepare<[string, string, string], LinkRow>(
        `SELECT * FROM hub_links WHERE entity = ? AND match_key = ? AND deleted_at IS NULL AND source != ?
         ORDER BY updated_at, source, id LIMIT 1`,
      ),
      ofCatalog: db.prepare<[string, string, string], LinkRow>(
        'SELECT * FROM hub_links WHERE entity = ? AND catalog_source = ? AND catalog_id = ? ORDER BY source, id',
      ),
      saveLink: db.prepare(
        `INSERT OR REPLACE INTO hub_links (entity, source, id, match_key, catalog_source, catalog_id, data, field_times,
           source_updated_at, checksum, deleted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      tombstone: db.prepare('UPDATE hub_links SET deleted_at = ?, updated_at = ? WHERE entity = ? AND source = ? AND id = ? AND deleted_at IS NULL'),
      meta: db.prepare<[string, string, string], { provenance: string; pins: string; picks: string; agreed: string }>(
        'SELECT provenance, pins, picks, agreed FROM hub_records WHERE entity = ? AND source = ? AND id = ?',
      ),
      saveMeta: db.prepare(
        'INSERT OR REPLACE INTO hub_records (entity, source, id, provenance, pins, picks, agreed, pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      pinnedIn: db.prepare<[string, string], { id: string }>('SELECT id FROM hub_records WHERE entity = ? AND source = ? AND pinned > 0'),
      openConflict: db.prepare<[string, string, string], ConflictRow>(
        'SELECT * FROM hub_conflicts WHERE entity = ? AND record_source = ? AND record_id = ? AND resolved_at IS NULL',
      ),
      conflict: db.prepare<[number], ConflictRow>('SELECT * FROM hub_conflicts WHERE id = ?'),
      insertConflict: db.prepare(
        'INSERT INTO hub_conflicts (entity, record_source, record_id, label, fields, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      updateConflict: db.prepare('UPDATE hub_conflicts SET fields = ?, label = ?, updated_at = ?, resolved_at = ? WHERE id = ?'),
      openCount: db.prepare<[], number>('SELECT count(*) FROM hub_conflicts WHERE resolved_at IS NULL').pluck(),
    };
  }

  link(entity: string, source: string, id: string): Link | null {
    const r = this.stmts.link.get(entity, source, id);
    return r ? toLink(r) : null;
  }

  /** A live record of another source with this match key (the group a new record joins). */
  matchOf(entity: string, matchKey: string, exceptSource: string): Link | null {
    const r = this.stmts.byMatch.get(entity, matchKey, exceptSource);
    return r ? toLink(r) : null;
  }

  linksOf(entity: string, catalogSource: string, catalogId: string): Link[] {
    return this.stmts.ofCatalog.all(entity, catalogSource, catalogId).map(toLink);
  }

  saveLink(entity: string, l: Link, at: string): void {
    this.stmts.saveLink.run(
      entity, l.source, l.id, l.matchKey, l.catalogSource, l.catalogId, JSON.stringify(l.data), JSON.stringify(l.fieldTimes),
      l.sourceUpdatedAt, l.checksum, l.deleted ? at : null, at,
    );
  }

  tombstoneLink(entity: string, source: string, id: string, at: string): boolean {
    return this.stmts.tombstone.run(at, at, entity, source, id).changes > 0;
  }

  meta(entity: string, source: string, id: string): RecordMeta | null {
    const r = this.stmts.meta.get(entity, source, id);
    if (!r) return null;
    return {
      provenance: JSON.parse(r.provenance) as RecordMeta['provenance'],
      pins: JSON.parse(r.pins) as RecordMeta['pins'],
      picks: JSON.parse(r.picks) as RecordMeta['picks'],
      agreed: JSON.parse(r.agreed) as RecordMeta['agreed'],
    };
  }

  saveMeta(entity: string, source: string, id: string, m: RecordMeta): void {
    const pinned = Object.keys(m.pins).length;
    this.stmts.saveMeta.run(entity, source, id, JSON.stringify(m.provenance), JSON.stringify(m.pins), JSON.stringify(m.picks), JSON.stringify(m.agreed), pinned);
  }

  /** Ids of one source's records that carry pins. */
  pinnedIds(entity: string, source: string): Set<string> {
    return new Set(this.stmts.pinnedIn.all(entity, source).map((r) => r.id));
  }

  openConflictOf(entity: string, source: string, id: string): CatalogConflict | null {
    const r = this.stmts.openConflict.get(entity, source, id);
    return r ? toConflict(r) : null;
  }

  conflict(id: number): CatalogConflict | null {
    const r = this.stmts.conflict.get(id);
    return r ? toConflict(r) : null;
  }

  /** Opens, updates or resolves (fields empty) the record's conflict. Returns whether one was opened or resolved. */
  setConflict(entity: string, source: string, id: string, label: string | null, fields: ConflictField[], at: string): boolean {
    const open = this.stmts.openConflict.get(entity, source, id);
    if (!open) {
      if (fields.length === 0) return false;
      this.stmts.insertConflict.run(entity, source, id, label, JSON.stringify(fields), at, at);
      return true;
    }
    const text = JSON.stringify(fields);
    if (text === open.fields && fields.length > 0) return false;
    this.stmts.updateConflict.run(fields.length > 0 ? text : open.fields, label, at, fields.length > 0 ? null : at, open.id);
    // Resolving changes the open count: the conflict alert must hear it to clear.
    return fields.length === 0;
  }

  listConflicts(q: { entity?: string; status: 'open' | 'resolved'; limit: number; beforeId?: number }): CatalogConflict[] {
    const where = [q.status === 'open' ? 'resolved_at IS NULL' : 'resolved_at IS NOT NULL', 'id < ?'];
    const params: unknown[] = [q.beforeId ?? Number.MAX_SAFE_INTEGER];
    if (q.entity) {
      where.push('entity = ?');
      params.push(q.entity);
    }
    return this.db
      .prepare<unknown[], ConflictRow>(`SELECT * FROM hub_conflicts WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .all(...params, q.limit)
      .map(toConflict);
  }

  openConflicts(): number {
    return this.stmts.openCount.get()!;
  }
}
