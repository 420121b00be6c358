// The catalog as a hub: every write of a sync goes through here to the entity's store. Without a match rule and
// without pins (the single-source case) a page goes straight to the store, at the store's cost. With a match rule,
// each source record is kept as a link and its catalog record rebuilt by the conflict policy (mergePolicy.ts);
// an older source update time than the one stored never overwrites it. Pins hold across syncs.
import type { CatalogConfig, EntityCatalogConfig } from '../../../src-shared/catalogConfig.js';
import type { CatalogConflict, ConflictPick, RecordProvenance } from '../../../src-shared/hubTypes.js';
import type { CatalogStore, PageResult } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { RecordStore } from '../store/recordStore.js';
import { productStore, recordStoreFor, type EntityStore, type Incoming, type WriteOptions } from './entityStores.js';
import { HubStore, type Link, type RecordMeta } from './hubStore.js';
import { amongSignature, canonical, merge } from './mergePolicy.js';

export class HubInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'HubInputError';
  }
}

export interface HubOptions {
  rules: () => CatalogConfig;
  /** Called (after the current transaction) with the number of open conflicts when it may have changed. */
  onConflicts?: (open: number) => void;
  /** Catalog records a source's delete rebuilt (their ids are not the deleted source ids): for the record cache. */
  invalidate?: (ids: readonly string[]) => void;
}

type Key = { source: string; id: string };
const emptyMeta = (): RecordMeta => ({ provenance: {}, pins: {}, picks: {}, agreed: {} });
const matchKeyOf = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : typeof v === 'string' ? v.trim() || null : canonical(v));

export class CatalogHub {
  readonly links: HubStore;
  private readonly stores = new Map<string, EntityStore>();
  /** Pinned ids per entity + source; a page of a source with none skips every pin lookup. */
  private readonly pinned = new Map<string, Set<string>>();
  private conflictsChanged = false;

  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogStore,
    private readonly records: RecordStore,
    private readonly opts: HubOptions,
  ) {
    this.links = new HubStore(db);
  }

  store(entity: string): EntityStore {
    let s = this.stores.get(entity);
    if (!s) {
      s = entity === 'products' ? productStore(this.catalog) : recordStoreFor(this.records, entity);
      this.stores.set(entity, s);
    }
    return s;
  }

  rule(entity: string): EntityCatalogConfig | undefined {
    return this.opts.rules()[entity];
  }

  /** Whether the entity's records are merged row by row (a match rule): no bulk load, no skipping by raw hash. */
  merges(entity: string): boolean {
    return this.rule(entity) !== undefined;
  }

  /** SQL of one source's live ids of the entity (the full pass's deletes compare what it saw with these). */
  liveIdsSql(entity: string): string {
    return this.merges(entity)
      ? `SELECT id FROM hub_links WHERE entity = '${entity.replace(/'/g, "''")}' AND source = ? AND deleted_at IS NULL`
      : this.store(entity).liveIdsSql;
  }

  /** Writes a page of one source inside the caller's transaction. */
  applyPage(entity: string, items: readonly Incoming[], runId: number | null, at: string, opts: WriteOptions = {}): PageResult {
    const result: PageResult = { created: 0, updated: 0, unchanged: 0, changedIds: [] };
    if (items.length === 0) return result;
    const store = this.store(entity);
    const rule = this.rule(entity);
    if (!rule) {
      const source = items[0]!.source;
      const pinned = this.pinnedIds(entity, source);
      if (pinned.size === 0 || items.some((i) => i.source !== source)) return store.writePage(items, runId, at, opts);
      return store.writePage(items.map((i) => (pinned.has(i.id) ? this.withPins(store, i) : i)), runId, at, opts);
    }
    for (const item of items) {
      const r = this.linkOne(store, rule, item, runId, at);
      result.created += r.created;
      result.updated += r.updated;
      result.unchanged += r.unchanged;
      result.changedIds.push(...r.changedIds);
    }
    this.flushConflicts();
    return result;
  }

  /** A source no longer has these records: its links go, their catalog records are rebuilt from what is left. */
  markDeleted(entity: string, source: string, ids: readonly string[], runId: number | null, at: string): string[] {
    const store = this.store(entity);
    const rule = this.rule(entity);
    if (!rule) return store.remove(source, ids, runId, at);
    const deleted: string[] = [];
    for (const id of ids) {
      if (!this.links.tombstoneLink(entity, source, id, at)) continue;
      const link = this.links.link(entity, source, id)!;
      this.rebuild(store, rule, { source: link.catalogSource, id: link.catalogId }, runId, at, source);
      this.opts.invalidate?.([link.catalogId]);
      deleted.push(id);
    }
    this.flushConflicts();
    return deleted;
  }

  private linkOne(store: EntityStore, rule: EntityCatalogConfig, item: Incoming, runId: number | null, at: string): PageResult {
    const entity = store.entity;
    const prev = this.links.link(entity, item.source, item.id);
    const live = prev && !prev.deleted ? prev : null;
    const unchanged = { created: 0, updated: 0, unchanged: 1, changedIds: [] };
    // Out of order: what the source sent before was newer.
    if (live && item.sourceUpdatedAt && live.sourceUpdatedAt && item.sourceUpdatedAt < live.sourceUpdatedAt) return unchanged;
    if (live && live.checksum === item.checksum) {
      // Same content, newer time: remembered, so an edit from in between that arrives late is still refused.
      if (item.sourceUpdatedAt && (!live.sourceUpdatedAt || item.sourceUpdatedAt > live.sourceUpdatedAt)) {
        this.links.saveLink(entity, { ...live, sourceUpdatedAt: item.sourceUpdatedAt }, at);
      }
      return unchanged;
    }
    const fields = store.fieldsOf(item);
    const t = item.sourceUpdatedAt ?? at;
    const fieldTimes: Record<string, string> = {};
    for (const [f, v] of Object.entries(fields)) {
      fieldTimes[f] = live && canonical(live.data[f]) === canonical(v) ? (live.fieldTimes[f] ?? t) : t;
    }
    const matchKey = matchKeyOf(fields[rule.match]);
    const self: Key = { source: item.source, id: item.id };
    let target: Key = self;
    if (live && live.matchKey === matchKey) target = { source: live.catalogSource, id: live.catalogId };
    else if (matchKey !== null) {
      const other = this.links.matchOf(entity, matchKey, item.source);
      if (other) target = { source: other.catalogSource, id: other.catalogId };
    }
    const link: Link = {
      source: item.source, id: item.id, matchKey, catalogSource: target.source, catalogId: target.id,
      data: fields, fieldTimes, sourceUpdatedAt: item.sourceUpdatedAt, checksum: item.checksum, deleted: false,
    };
    this.links.saveLink(entity, link, at);
    // A record that joins another's catalog record no longer stands alone (its row from before the rule goes).
    if ((target.source !== self.source || target.id !== self.id) && this.links.linksOf(entity, self.source, self.id).length === 0) {
      store.remove(self.source, [self.id], runId, at);
    }
    if (prev && (prev.catalogSource !== target.source || prev.catalogId !== target.id)) {
      this.rebuild(store, rule, { source: prev.catalogSource, id: prev.catalogId }, runId, at, item.source);
    }
    return this.rebuild(store, rule, target, runId, at, item.source);
  }

  /** Rebuilds one catalog record from its live links, pins and picks, and writes it (or tombstones it). */
  private rebuild(store: EntityStore, rule: EntityCatalogConfig, key: Key, runId: number | null, at: string, origin: string): PageResult {
    const entity = store.entity;
    const links = this.links.linksOf(entity, key.source, key.id).filter((l) => !l.deleted);
    const meta = this.links.meta(entity, key.source, key.id) ?? emptyMeta();
    if (links.length === 0) {
      const gone = store.remove(key.source, [key.id], runId, at, origin);
      meta.provenance = {};
      this.links.saveMeta(entity, key.source, key.id, meta);
      this.links.setConflict(entity, key.source, key.id, null, [], at);
      this.conflictsChanged = true;
      return { created: 0, updated: gone.length, unchanged: 0, changedIds: gone };
    }
    const current = store.current(key.source, key.id);
    const r = merge({ links, rule, pins: meta.pins, picks: meta.picks, current: current?.fields ?? null, agreed: meta.agreed });
    for (const [f, pin] of Object.entries(meta.pins)) pin.sourceValue = r.sourceValues[f] ?? null;
    meta.provenance = r.provenance;
    meta.agreed = r.agreed;
    this.links.saveMeta(entity, key.source, key.id, meta);
    const label = typeof r.fields.name === 'string' ? r.fields.name : null;
    if (this.links.setConflict(entity, key.source, key.id, label, r.conflicts, at) || r.conflicts.length > 0) this.conflictsChanged = true;
    const written = store.withFields({ id: key.id, source: key.source, sourceUpdatedAt: r.sourceUpdatedAt }, r.fields);
    return store.writePage([written], runId, at, { origin });
  }

  /** A single-source record with pins: the pinned values replace the source's, which are kept as "the source says". */
  private withPins(store: EntityStore, item: Incoming): Incoming {
    const meta = this.links.meta(store.entity, item.source, item.id);
    if (!meta || Object.keys(meta.pins).length === 0) return item;
    const fields = store.fieldsOf(item);
    for (const [f, pin] of Object.entries(meta.pins)) {
      pin.sourceValue = fields[f] ?? null;
      fields[f] = pin.value;
    }
    this.links.saveMeta(store.entity, item.source, item.id, meta);
    const out = store.withFields(item, fields);
    if ('rawHash' in item && item.rawHash) (out as { rawHash?: string | null }).rawHash = item.rawHash;
    return out;
  }

  private pinnedIds(entity: string, source: string): Set<string> {
    const k = `${entity}\u0000${source}`;
    let ids = this.pinned.get(k);
    if (!ids) {
      ids = this.links.pinnedIds(entity, source);
      this.pinned.set(k, ids);
    }
    return ids;
  }

  /** Pins a field of a catalog record (inside the caller's transaction); the record shows the pinned value now. */
  pin(entity: string, ref: { id: string; source?: string | undefined }, field: string, value: unknown, at: string): Key {
    const store = this.store(entity);
    const key = this.keyOf(store, ref);
    const cur = store.current(key.source, key.id)!;
    if (!(field in cur.fields) && entity === 'products') throw new HubInputError('field', `"${field}" is not a product field; use one of ${Object.keys(cur.fields).join(', ')}`);
    checkPinValue(entity, field, value);
    const meta = this.links.meta(entity, key.source, key.id) ?? emptyMeta();
    meta.pins[field] = { value, pinnedAt: at, sourceValue: meta.pins[field]?.sourceValue ?? cur.fields[field] ?? null };
    this.links.saveMeta(entity, key.source, key.id, meta);
    this.pinned.delete(`${entity}\u0000${key.source}`);
    store.writePage([store.withFields({ ...key, sourceUpdatedAt: cur.sourceUpdatedAt }, { ...cur.fields, [field]: value })], null, at, { origin: 'operator' });
    return key;
  }

  /** Drops a pin: the field takes the sources' value again. */
  unpin(entity: string, ref: { id: string; source?: string | undefined }, field: string, at: string): Key {
    const store = this.store(entity);
    const key = this.keyOf(store, ref);
    const meta = this.links.meta(entity, key.source, key.id);
    const pin = meta?.pins[field];
    if (!meta || !pin) throw new HubInputError('field', `"${field}" is not pinned on ${entity} ${key.id}`);
    delete meta.pins[field];
    this.links.saveMeta(entity, key.source, key.id, meta);
    this.pinned.delete(`${entity}\u0000${key.source}`);
    const rule = this.rule(entity);
    if (rule && this.links.linksOf(entity, key.source, key.id).some((l) => !l.deleted)) {
      this.rebuild(store, rule, key, null, at, 'operator');
    } else {
      const cur = store.current(key.source, key.id)!;
      store.writePage([store.withFields({ ...key, sourceUpdatedAt: cur.sourceUpdatedAt }, { ...cur.fields, [field]: pin.sourceValue })], null, at, { origin: 'operator' });
    }
    return key;
  }

  /** An operator's picks per field; the record takes them now and the conflict keeps only what is left. */
  resolve(id: number, picks: Record<string, ConflictPick>, at: string): CatalogConflict {
    const c = this.links.conflict(id);
    if (!c) throw new HubInputError('id', `no conflict ${id}`);
    if (c.status === 'resolved') throw new HubInputError('id', `conflict ${id} is resolved already`);
    const rule = this.rule(c.entity);
    if (!rule) throw new HubInputError('id', `${c.entity} has no match rule any more (catalog.${c.entity} in syncflow.yaml)`);
    const meta = this.links.meta(c.entity, c.recordSource, c.recordId) ?? emptyMeta();
    for (const [field, pick] of Object.entries(picks)) {
      const cf = c.fields.find((f) => f.field === field);
      if (!cf) throw new HubInputError(`picks.${field}`, `not a field of conflict ${id}; its fields are ${c.fields.map((f) => f.field).join(', ')}`);
      let value: unknown;
      let source: string | null = null;
      if ('source' in pick) {
        const cand = cf.candidates.find((x) => x.source === pick.source);
        if (!cand) throw new HubInputError(`picks.${field}.source`, `"${pick.source}" is not among ${cf.candidates.map((x) => x.source).join(', ')}`);
        value = cand.value;
        source = pick.source;
      } else value = pick.value;
      meta.picks[field] = { value, source, among: amongSignature(cf.candidates) };
    }
    this.links.saveMeta(c.entity, c.recordSource, c.recordId, meta);
    this.rebuild(this.store(c.entity), rule, { source: c.recordSource, id: c.recordId }, null, at, 'operator');
    this.flushConflicts();
    return this.links.conflict(id)!;
  }

  /** Where each value of a catalog record came from; null when the record does not exist. */
  provenance(entity: string, ref: { id: string; source?: string | undefined }): RecordProvenance | null {
    const store = this.store(entity);
    let key: Key;
    try {
      key = this.keyOf(store, ref);
    } catch {
      return null;
    }
    return this.describe(store, key, true)!;
  }

  /**
   * Whether `source`'s linked record holds exactly the catalog record's current values for its fields (null when
   * the record is not merged from several sources): a merged record whose last change came from that source may
   * still carry another source's fields, which that system has yet to receive.
   */
  linkedHolds(entity: string, catalogSource: string | null, catalogId: string, record: Record<string, unknown> | null, source: string): boolean | null {
    if (!record || !catalogSource) return null;
    const links = this.links.linksOf(entity, catalogSource, catalogId).filter((l) => !l.deleted);
    const mine = links.find((l) => l.source === source);
    if (links.length < 2 || !mine) return null;
    return Object.entries(mine.data).every(([f, v]) => !(f in record) || canonical(record[f]) === canonical(v));
  }

  /**
   * A target linked to `source` was sent the catalog record: that system holds the record's values now, each as of
   * the write it came from, so its next read tells its own edits (newer) from our push read back (not newer).
   */
  linkedReceived(entity: string, catalogSource: string | null, catalogId: string, record: Record<string, unknown> | null, source: string, at: string): void {
    if (!record || !catalogSource) return;
    const links = this.links.linksOf(entity, catalogSource, catalogId).filter((l) => !l.deleted);
    const mine = links.find((l) => l.source === source);
    if (links.length < 2 || !mine) return;
    let changed = false;
    for (const [f, v] of Object.entries(mine.data)) {
      if (!(f in record) || canonical(record[f]) === canonical(v)) continue;
      const cv = canonical(record[f]);
      let t: string | undefined;
      for (const l of links) {
        const lt = l.fieldTimes[f] ?? l.sourceUpdatedAt ?? undefined;
        if (l !== mine && lt && canonical(l.data[f]) === cv && (!t || lt > t)) t = lt;
      }
      mine.data[f] = record[f];
      if (t) mine.fieldTimes[f] = t;
      changed = true;
    }
    // Its next read is compared field by field, even when that system refused the write and sends what it had.
    if (changed) this.links.saveLink(entity, { ...mine, checksum: '' }, at);
  }

  /** Adds provenance to a record read from a store, when it has any beyond "every value is its source's". */
  decorate<T extends { id: string; source: string; provenance?: RecordProvenance }>(entity: string, rec: T | null): T | null {
    if (!rec) return rec;
    const p = this.describe(this.store(entity), rec, false);
    return p ? { ...rec, provenance: p } : rec;
  }

  private describe(store: EntityStore, key: Key, always: boolean): RecordProvenance | null {
    const entity = store.entity;
    const meta = this.links.meta(entity, key.source, key.id);
    const links = this.links.linksOf(entity, key.source, key.id);
    if (!always && !meta && links.length === 0) return null;
    const cur = store.current(key.source, key.id);
    const fields: Record<string, string> = {};
    for (const f of Object.keys(cur?.fields ?? {})) fields[f] = meta?.provenance[f] ?? key.source;
    const pins: RecordProvenance['pins'] = {};
    for (const [f, pin] of Object.entries(meta?.pins ?? {})) {
      fields[f] = 'pin';
      pins[f] = { value: pin.value, pinnedAt: pin.pinnedAt, sourceValue: pin.sourceValue, disagrees: canonical(pin.value) !== canonical(pin.sourceValue) };
    }
    return {
      links: links.map((l) => ({ source: l.source, id: l.id, sourceUpdatedAt: l.sourceUpdatedAt, deleted: l.deleted })),
      fields,
      pins,
      conflictId: this.links.openConflictOf(entity, key.source, key.id)?.id ?? null,
    };
  }

  private keyOf(store: EntityStore, ref: { id: string; source?: string | undefined }): Key {
    const source = ref.source ?? (store.entity === 'products' ? this.catalog.get(ref.id)?.source : this.records.get(store.entity, ref.id)?.source);
    if (!source || !store.current(source, ref.id)) {
      throw new HubInputError('id', `no ${store.entity} record "${ref.id}"${ref.source ? ` from ${ref.source}` : ''}`);
    }
    return { source, id: ref.id };
  }

  /** Tells the owner the open-conflict count once the current transaction is over (a dry run rolls back first). */
  private flushConflicts(): void {
    if (!this.conflictsChanged || !this.opts.onConflicts) return;
    this.conflictsChanged = false;
    // The engine may have closed meanwhile (a sync's last page, then shutdown).
    setImmediate(() => this.db.open && this.opts.onConflicts?.(this.links.openConflicts()));
  }
}

/** A pinned product value must fit the column it replaces. */
function checkPinValue(entity: string, field: string, value: unknown): void {
  if (entity !== 'products') return;
  const kinds: Record<string, (v: unknown) => boolean> = {
    name: (v) => typeof v === 'string' && v.length > 0,
    price: (v) => v === null || (typeof v === 'number' && Number.isFinite(v)),
    stock: (v) => v === null || (typeof v === 'number' && Number.isFinite(v)),
    active: (v) => typeof v === 'boolean',
    type: (v) => v === 'product' || v === 'service' || v === 'rental',
    currency: (v) => typeof v === 'string' && v.length > 0,
    tags: (v) => Array.isArray(v) && v.every((t) => typeof t === 'string'),
    customFields: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    details: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  };
  const ok = kinds[field] ?? ((v: unknown) => v === null || typeof v === 'string');
  if (!ok(value)) throw new HubInputError('value', `not a valid ${field} (${field === 'price' || field === 'stock' ? 'a number or null' : field === 'active' ? 'true or false' : 'see the product fields'})`);
}
