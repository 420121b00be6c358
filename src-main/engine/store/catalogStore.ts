// The local product catalog: page-at-a-time upserts that skip unchanged records by checksum and log every write
// to the change feed, lookups, tombstones, categories and streaming export. Callers own transactions (a page
// and its checkpoint commit together). Search lives in catalogSearch.ts.
import type { Statement } from 'better-sqlite3';
import type { CategoryNode, MappedProduct, Product } from '../../../src-shared/domain.js';
import type { ParsedInput } from '../../../src-shared/api.js';
import { prepareProduct } from '../pipeline/checksum.js';
import { CatalogSearch } from './catalogSearch.js';
import { ChangeFeed, type ChangeEntry, type FeedQuery } from './changeFeed.js';
import type { Db } from './database.js';
import type { FacetBudget } from './facetCounts.js';
import { FtsIndex } from './ftsIndex.js';
import { CountDeltas, ProductCounts, type Countable } from './productCounts.js';
import { checkpointerFor, type WalCheckpointer } from './walCheckpointer.js';
import {
  comparableFields,
  productColumns,
  productValues,
  rowToProduct,
  type PreparedProduct,
  type ProductRow,
} from './productRows.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface PageResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Ids whose stored version changed (for cache invalidation). */
  changedIds: string[];
}

interface LiteRow {
  rowid: number;
  id: string;
  sync_version: number;
  checksum: string;
  deleted_at: string | null;
  raw_hash: string | null;
}

/** Text fields the search index holds; an update that leaves them alone leaves the index alone. */
const indexedFields: (keyof MappedProduct)[] = ['name', 'code', 'description', 'brand', 'category', 'subcategory', 'tags'];

export { toFtsQuery } from './catalogSearch.js';
export type { ChangeEntry } from './changeFeed.js';
export type { PreparedProduct } from './productRows.js';

export class CatalogStore {
  readonly fts: FtsIndex;
  /** Live counts per category/brand/type/…/source, kept by every write below in the caller's transaction. */
  readonly counts: ProductCounts;
  readonly feed: ChangeFeed;
  private readonly searcher: CatalogSearch;
  private readonly stmts;
  /** UPDATE statements by the set of columns they rewrite (see updateRow). */
  private readonly updateStmts = new Map<string, Statement>();
  /** Bumped on every committed change; caches of derived data (search pages, facets) compare against it. */
  private changeVersion = 0;
  /** A reader's version (SQLite's data_version): another connection's commits move it, this store's writes do not. */
  private externalVersion: (() => number) | undefined;

  /** Keeps the WAL short without checkpointing on this thread (null for in-memory databases). */
  private readonly checkpointer: WalCheckpointer | null;

  constructor(
    private readonly db: Db,
    opts: { facetBudget?: FacetBudget; version?: () => number; clock?: () => number } = {},
  ) {
    if (opts.version) this.externalVersion = opts.version;
    this.checkpointer = checkpointerFor(db);
    this.fts = new FtsIndex(db);
    this.counts = new ProductCounts(db);
    this.feed = new ChangeFeed(db);
    this.searcher = new CatalogSearch(db, () => this.version, this.counts, opts.facetBudget, opts.clock);
    const placeholders = productColumns.split(',').map(() => '?').join(', ');
    this.stmts = {
      // By id alone: the live record of that id (one per id unless two sources share it; then the oldest).
      byId: db.prepare<[string], ProductRow>('SELECT rowid, * FROM products WHERE id = ? AND deleted_at IS NULL ORDER BY rowid LIMIT 1'),
      bySourceId: db.prepare<[string, string], ProductRow>('SELECT rowid, * FROM products WHERE id = ? AND source = ?'),
      byCode: db.prepare<[string], ProductRow>('SELECT rowid, * FROM products WHERE code = ? AND deleted_at IS NULL LIMIT 1'),
      byIds: db.prepare<[string, string], ProductRow>(
        'SELECT rowid, * FROM products WHERE id IN (SELECT value FROM json_each(?)) AND source = ?',
      ),
      liteByIds: db.prepare<[string, string], LiteRow>(
        'SELECT rowid, id, sync_version, checksum, deleted_at, raw_hash FROM products WHERE id IN (SELECT value FROM json_each(?)) AND source = ?',
      ),
      // One text per page, the hashes space-separated in the order of the ids ('' where none, tombstones
      // included): a row object per record cost 1.4 s of a 1M re-sync, this 0.8 s. Raw hashes are base64url, never
      // holding a space.
      rawHashesByIds: db
        .prepare<[string, string], string>(
          `SELECT group_concat(coalesce(p.raw_hash, ''), ' ' ORDER BY j.key) FROM json_each(?) j
           LEFT JOIN products p ON p.id = j.value AND p.source = ? AND p.deleted_at IS NULL`,
        )
        .pluck(),
      setRawHash: db.prepare('UPDATE products SET raw_hash = ? WHERE rowid = ?'),
      byRowid: db.prepare<[number], ProductRow>('SELECT rowid, * FROM products WHERE rowid = ?'),
      variants: db.prepare<[string], ProductRow>('SELECT rowid, * FROM products WHERE parent_id = ? AND deleted_at IS NULL ORDER BY name'),
      insert: db.prepare<unknown[]>(
        `INSERT INTO products (id, ${productColumns}, sync_version, first_seen_at, last_synced_at)
         VALUES (?, ${placeholders}, 1, ?, ?)`,
      ),
      update: db.prepare<unknown[]>(
        `UPDATE products SET (${productColumns}) = (${placeholders}), sync_version = sync_version + 1,
         last_synced_at = ?, deleted_at = NULL WHERE rowid = ?`,
      ),
      setChecksum: db.prepare('UPDATE products SET checksum = ? WHERE rowid = ?'),
      tombstone: db.prepare('UPDATE products SET deleted_at = ?, raw_hash = NULL, sync_version = sync_version + 1 WHERE rowid = ?'),
      anyInSource: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM products WHERE source = ? AND deleted_at IS NULL LIMIT 1'),
    };
  }

  /**
   * Completes what a crash during a bulk load (or a migration) left undone: the search index and browse indexes.
   * Runs on a worker; searches see the previous state until it commits.
   */
  async recover(): Promise<boolean> {
    this.fts.removeScratch();
    if (!this.fts.stale) return false;
    await this.fts.rebuild();
    this.changeVersion++;
    return true;
  }

  /**
   * Writes one page of products inside the caller's transaction. With `deferIndex` (a bulk load) the search index
   * is not touched (it is marked stale in the same transaction; finishBulk rebuilds it) and the page's creations
   * are logged as one change-feed entry covering their rowid range.
   */
  applyPage(
    items: readonly PreparedProduct[],
    runId: number | null,
    now: string,
    opts: { deferIndex?: boolean; origin?: string } = {},
  ): PageResult {
    const result: PageResult = { created: 0, updated: 0, unchanged: 0, changedIds: [] };
    if (items.length === 0) return result;
    // A record is (source, id): a page of one source (every sync's) looks its records up at once.
    const source = items[0]!.source;
    if (items.some((i) => i.source !== source)) return this.applyMixed(items, runId, now, opts);
    const defer = opts.deferIndex ?? false;
    const origin = opts.origin ?? source;
    if (defer) this.fts.markStale();
    // Only the key and checksum of what exists: most records of a re-sync are unchanged and need nothing more.
    const existing = new Map<string, LiteRow>();
    for (const row of this.stmts.liteByIds.all(JSON.stringify(items.map((i) => i.id)), source)) existing.set(row.id, row);
    let firstCreated = 0;
    let lastCreated = 0;
    const deltas = new CountDeltas();
    for (const item of items) {
      const before = existing.get(item.id);
      if (before && before.checksum === item.checksum && before.deleted_at === null) {
        // Same content from a record text not seen before (a touched timestamp, rows older than raw hashes):
        // remember the text, so the next sync skips it without mapping.
        if (item.rawHash && item.rawHash !== before.raw_hash) this.stmts.setRawHash.run(item.rawHash, before.rowid);
        result.unchanged++;
        continue;
      }
      if (!before) {
        const rowid = Number(this.stmts.insert.run(item.id, ...productValues(item), now, now).lastInsertRowid);
        if (defer) {
          if (firstCreated === 0) firstCreated = rowid;
          lastCreated = rowid;
        } else {
          this.fts.add(rowid);
          this.feed.write({ entity: 'products', recordId: item.id, source, op: 'created', version: 1 }, runId, now, origin);
        }
        existing.set(item.id, { rowid, id: item.id, sync_version: 1, checksum: item.checksum, deleted_at: null, raw_hash: item.rawHash ?? null });
        deltas.add(item, 1);
        result.created++;
      } else {
        if (defer) this.fts.builder?.touched(before.rowid);
        const stored = this.stmts.byRowid.get(before.rowid)!;
        // Compare what is stored with what would be stored, so absent optional fields equal their defaults.
        const incoming = toRowShape(item, before.rowid, now);
        const changes = changedFields(stored, incoming);
        if (before.deleted_at !== null) changes.deleted = [true, false];
        else if (Object.keys(changes).length === 0 && stored.source === incoming.source) {
          // Same content under another checksum (the checksum's recipe changed in an upgrade): no write, no feed.
          this.stmts.setChecksum.run(item.checksum, before.rowid);
          if (item.rawHash) this.stmts.setRawHash.run(item.rawHash, before.rowid);
          existing.set(item.id, { ...before, checksum: item.checksum, raw_hash: item.rawHash ?? before.raw_hash });
          result.unchanged++;
          continue;
        }
        const reindex = !defer && (before.deleted_at !== null || indexedFields.some((f) => f in changes));
        if (reindex && before.deleted_at === null) this.fts.remove(before.rowid);
        this.updateRow(stored, incoming, now);
        if (before.deleted_at !== null) deltas.add(item, 1);
        else deltas.move(rowCountable(stored), item);
        if (reindex) this.fts.add(before.rowid);
        const version = stored.sync_version + 1;
        this.feed.write({ entity: 'products', recordId: item.id, source, op: 'updated', version, changes }, runId, now, origin);
        existing.set(item.id, { rowid: before.rowid, id: item.id, sync_version: version, checksum: item.checksum, deleted_at: null, raw_hash: item.rawHash ?? null });
        result.updated++;
      }
      result.changedIds.push(item.id);
    }
    if (firstCreated) this.feed.writeRange(source, runId, now, firstCreated, lastCreated, origin);
    this.counts.flush(deltas);
    if (result.changedIds.length > 0) this.changeVersion++;
    this.checkpointer?.maybeCheckpoint();
    return result;
  }

  /** A page holding records of several sources: each source's share on its own. */
  private applyMixed(items: readonly PreparedProduct[], runId: number | null, now: string, opts: { deferIndex?: boolean; origin?: string }): PageResult {
    const result: PageResult = { created: 0, updated: 0, unchanged: 0, changedIds: [] };
    for (const source of new Set(items.map((i) => i.source))) {
      const r = this.applyPage(items.filter((i) => i.source === source), runId, now, opts);
      result.created += r.created;
      result.updated += r.updated;
      result.unchanged += r.unchanged;
      result.changedIds.push(...r.changedIds);
    }
    return result;
  }

  /**
   * Rewrites only the columns whose stored text differs (plus checksum and raw hash, which no index holds): SQLite
   * rewrites the entry of every index whose column an UPDATE sets, changed or not, so a price change that set all
   * columns touched all nine browse indexes (10k scattered updates at 1M products: 0.9 s instead of 2.0-2.5 s).
   */
  private updateRow(stored: ProductRow, incoming: ProductRow, now: string): void {
    let cols = updatableColumns.filter((c) => c === 'checksum' || c === 'raw_hash' || (stored[c] ?? null) !== (incoming[c] ?? null));
    const key = cols.join(',');
    let stmt = this.updateStmts.get(key);
    if (!stmt && this.updateStmts.size >= MAX_UPDATE_SHAPES) {
      // Few column sets occur in practice; past the cap every further set shares the all-columns statement.
      cols = updatableColumns;
      stmt = this.stmts.update;
    } else if (!stmt) {
      stmt = this.db.prepare(
        `UPDATE products SET ${cols.map((c) => `${c} = ?`).join(', ')}, sync_version = sync_version + 1,
         last_synced_at = ?, deleted_at = NULL WHERE rowid = ?`,
      );
      this.updateStmts.set(key, stmt);
    }
    stmt.run(...cols.map((c) => incoming[c]), now, incoming.rowid);
  }

  /**
   * The raw hashes (pipeline/rawRecords.ts) of these live products: a re-sync counts a record whose bytes hash the
   * same as unchanged without parsing it. Must run inside the page's transaction.
   */
  rawHashesByIds(ids: readonly string[], source: string): Map<string, string> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const hashes = this.stmts.rawHashesByIds.get(JSON.stringify(ids), source)!.split(' ');
    for (let i = 0; i < ids.length; i++) if (hashes[i]) out.set(ids[i]!, hashes[i]!);
    return out;
  }

  /** One product, written unless unchanged. Must run inside the caller's transaction. */
  upsert(p: MappedProduct, runId: number | null, now: string): UpsertOutcome {
    const r = this.applyPage([prepareProduct({ ...p })], runId, now);
    return r.created ? 'created' : r.updated ? 'updated' : 'unchanged';
  }

  /** Tombstones a source's products (kept, hidden from search and lookups) and logs each in the change feed. */
  markDeleted(ids: readonly string[], runId: number | null, now: string, source: string, origin?: string): string[] {
    const deleted: string[] = [];
    const deltas = new CountDeltas();
    for (const row of this.stmts.byIds.all(JSON.stringify(ids), source)) {
      if (row.deleted_at !== null) continue;
      this.fts.remove(row.rowid);
      this.stmts.tombstone.run(now, row.rowid);
      const version = row.sync_version + 1;
      this.feed.write({ entity: 'products', recordId: row.id, source, op: 'deleted', version }, runId, now, origin);
      deltas.add(rowCountable(row), -1);
      deleted.push(row.id);
    }
    this.counts.flush(deltas);
    if (deleted.length > 0) this.changeVersion++;
    return deleted;
  }

  /**
   * A bulk load's page has committed: the search index being built alongside may read its rows now. Optional
   * (finishBulk indexes whatever was not handed over), but without it the index is built after the last page.
   */
  pageCommitted(): void {
    this.fts.builder?.pageCommitted();
  }

  /** Rebuilds the search index after a bulk load (in slices; see FtsIndex.rebuild). */
  async finishBulk(): Promise<void> {
    if (this.fts.stale) await this.fts.rebuild();
    this.changeVersion++;
    await this.checkpointer?.compact();
  }

  /** Stops the checkpoint worker; the connection's own close checkpoints what is left. */
  async close(): Promise<void> {
    await this.fts.stopBuilder();
    await this.checkpointer?.close();
  }

  get version(): number {
    return this.externalVersion?.() ?? this.changeVersion;
  }

  /** A live product by its id (at its source, when two sources share ids). */
  get(id: string, source?: string): Product | null {
    const row = source === undefined ? this.stmts.byId.get(id) : this.stmts.bySourceId.get(id, source);
    return row && row.deleted_at === null ? rowToProduct(row) : null;
  }

  getByCode(code: string): Product | null {
    const row = this.stmts.byCode.get(code);
    return row ? rowToProduct(row) : null;
  }

  variants(parentId: string): Product[] {
    return this.stmts.variants.all(parentId).map(rowToProduct);
  }

  /** Whether a source has any live product: a bulk-load decision that must not count a million rows. */
  hasAny(source: string): boolean {
    return this.stmts.anyInSource.get(source) !== undefined;
  }

  /** Live products (of one source), from the maintained counts: no scan, even during a bulk load. */
  count(source?: string): number {
    return this.counts.total(source || undefined);
  }

  /**
   * Change feed entries (every entity), oldest first; `since` is an ISO time (a product's "what changed since
   * yesterday"); `recordId` (with `source` when two sources share ids) is one product's history.
   */
  changes(opts: FeedQuery = {}): ChangeEntry[] {
    return this.feed.read(opts);
  }

  /** Deletes change-feed entries older than `before`, a slice at a time. Returns how many were removed. */
  pruneChanges(before: string, slice = 2000): Promise<number> {
    return this.feed.prune(before, slice);
  }

  search(input: ParsedInput<'search'>) {
    return this.searcher.search(input);
  }

  categories(): CategoryNode[] {
    return this.searcher.categories();
  }

  /** Streams every live product in id order without holding them all in memory. */
  *iterate(): Generator<Product> {
    const stmt = this.db.prepare<[], ProductRow>('SELECT rowid, * FROM products WHERE deleted_at IS NULL ORDER BY id');
    for (const row of stmt.iterate()) yield rowToProduct(row);
  }
}

const rowCountable = (r: ProductRow): Countable => ({
  category: r.category, subcategory: r.subcategory, brand: r.brand, type: r.product_type, active: r.active, stock: r.stock, source: r.source,
});

const columnOf: Partial<Record<keyof MappedProduct, keyof ProductRow>> = {
  externalId: 'external_id', name: 'name', code: 'code', description: 'description', type: 'product_type',
  category: 'category', subcategory: 'subcategory', brand: 'brand', price: 'price', currency: 'currency',
  stock: 'stock', unit: 'unit', active: 'active', ncm: 'ncm', customFields: 'custom_fields', parentId: 'parent_id',
  tags: 'tags', details: 'details',
};
const jsonColumns = new Set<keyof ProductRow>(['custom_fields', 'tags', 'details']);
/** The columns an update may rewrite, in the order of productColumns (and of the all-columns update). */
const updatableColumns = productColumns.split(',').map((c) => c.trim() as keyof ProductRow);
const MAX_UPDATE_SHAPES = 128;

/**
 * Old → new values of the fields that differ, compared column by column: equal columns (nearly all of them) cost
 * no parse; JSON columns whose texts differ are compared as values, since equal content may be spelled otherwise.
 */
function changedFields(stored: ProductRow, incoming: ProductRow): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of comparableFields) {
    const col = columnOf[key]!;
    const a = stored[col] ?? null;
    const b = incoming[col] ?? null;
    if (a === b) continue;
    if (jsonColumns.has(col)) {
      const pa: unknown = JSON.parse(a as string);
      const pb: unknown = JSON.parse(b as string);
      if (JSON.stringify(pa) !== JSON.stringify(pb)) changes[key] = [pa, pb];
    } else changes[key] = col === 'active' ? [a === 1, b === 1] : [a, b];
  }
  return changes;
}

function toRowShape(p: PreparedProduct, rowid: number, now: string): ProductRow {
  return {
    rowid,
    id: p.id,
    source: p.source,
    external_id: p.externalId,
    name: p.name,
    code: p.code,
    description: p.description,
    product_type: p.type,
    category: p.category,
    subcategory: p.subcategory,
    brand: p.brand,
    price: p.price,
    currency: p.currency,
    stock: p.stock,
    unit: p.unit,
    active: p.active ? 1 : 0,
    ncm: p.ncm,
    custom_fields: p.json.customFields,
    source_updated_at: p.sourceUpdatedAt,
    checksum: p.checksum,
    sync_version: 1,
    first_seen_at: now,
    last_synced_at: now,
    deleted_at: null,
    parent_id: p.parentId ?? null,
    tags: p.json.tags,
    details: p.json.details,
    raw_hash: p.rawHash ?? null,
  };
}
