// The local product catalog: upserts that skip unchanged records by checksum and log every write to the change
// feed, FTS5 search, and lookups. Callers own transactions (a page and its checkpoint commit together).
import type { Db } from './database.js';
import type { MappedProduct, Product, ProductHit, SearchResult } from '../../../src-shared/domain.js';
import type { ParsedInput } from '../../../src-shared/api.js';
import { productChecksum } from '../pipeline/checksum.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

interface ProductRow {
  rowid: number;
  id: string;
  source: string;
  external_id: string | null;
  name: string;
  code: string | null;
  description: string | null;
  product_type: string;
  category: string | null;
  subcategory: string | null;
  brand: string | null;
  price: number | null;
  currency: string;
  stock: number | null;
  unit: string | null;
  active: number;
  ncm: string | null;
  custom_fields: string;
  source_updated_at: string | null;
  checksum: string;
  sync_version: number;
  first_seen_at: string;
  last_synced_at: string;
  deleted_at: string | null;
}

const comparable: (keyof MappedProduct)[] = [
  'externalId',
  'name',
  'code',
  'description',
  'type',
  'category',
  'subcategory',
  'brand',
  'price',
  'currency',
  'stock',
  'unit',
  'active',
  'ncm',
  'customFields',
];

export function rowToProduct(r: ProductRow): Product {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    name: r.name,
    code: r.code,
    description: r.description,
    type: r.product_type as Product['type'],
    category: r.category,
    subcategory: r.subcategory,
    brand: r.brand,
    price: r.price,
    currency: r.currency,
    stock: r.stock,
    unit: r.unit,
    active: r.active === 1,
    ncm: r.ncm,
    customFields: JSON.parse(r.custom_fields) as Record<string, unknown>,
    sourceUpdatedAt: r.source_updated_at,
    syncVersion: r.sync_version,
    firstSeenAt: r.first_seen_at,
    lastSyncedAt: r.last_synced_at,
  };
}

function productParams(p: MappedProduct, checksum: string, now: string) {
  return {
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
    custom_fields: JSON.stringify(p.customFields),
    source_updated_at: p.sourceUpdatedAt,
    checksum,
    now,
  };
}

/** Turns operator text into a safe FTS5 query: every token is quoted, so `"`, `*`, `-`, AND, ( ) are plain text. */
export function toFtsQuery(text: string): string | null {
  const tokens = text
    .normalize('NFC')
    .split(/\s+/)
    .map((t) => t.replace(/"/g, ''))
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (tokens.length === 0) return null;
  // The last token is a prefix so results follow typing; a quoted token is a phrase, so `ATL-GA30` stays together.
  return tokens.map((t, i) => `"${t}"${i === tokens.length - 1 ? '*' : ''}`).join(' ');
}

export class CatalogStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      byId: db.prepare<[string], ProductRow>('SELECT * FROM products WHERE id = ?'),
      insert: db.prepare(`INSERT INTO products (id, source, external_id, name, code, description, product_type,
          category, subcategory, brand, price, currency, stock, unit, active, ncm, custom_fields, source_updated_at,
          checksum, sync_version, first_seen_at, last_synced_at)
        VALUES (@id, @source, @external_id, @name, @code, @description, @product_type, @category, @subcategory,
          @brand, @price, @currency, @stock, @unit, @active, @ncm, @custom_fields, @source_updated_at, @checksum, 1,
          @now, @now)`),
      update: db.prepare(`UPDATE products SET source = @source, external_id = @external_id, name = @name,
          code = @code, description = @description, product_type = @product_type, category = @category,
          subcategory = @subcategory, brand = @brand, price = @price, currency = @currency, stock = @stock,
          unit = @unit, active = @active, ncm = @ncm, custom_fields = @custom_fields,
          source_updated_at = @source_updated_at, checksum = @checksum, sync_version = sync_version + 1,
          last_synced_at = @now, deleted_at = NULL
        WHERE id = @id`),
      feed: db.prepare(
        'INSERT INTO change_feed (entity, record_id, op, run_id, changes, at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM products WHERE deleted_at IS NULL'),
    };
  }

  /** Writes one product unless its content is unchanged. Must run inside the caller's transaction. */
  upsert(p: MappedProduct, runId: number | null, now: string): UpsertOutcome {
    const checksum = productChecksum(p);
    const existing = this.stmts.byId.get(p.id);
    if (existing && existing.checksum === checksum && existing.deleted_at === null) return 'unchanged';
    const params = productParams(p, checksum, now);
    if (!existing) {
      this.stmts.insert.run(params);
      this.stmts.feed.run('products', p.id, 'created', runId, null, now);
      return 'created';
    }
    const before = rowToProduct(existing);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of comparable) {
      if (JSON.stringify(before[key]) !== JSON.stringify(p[key])) changes[key] = [before[key], p[key]];
    }
    this.stmts.update.run(params);
    this.stmts.feed.run('products', p.id, 'updated', runId, JSON.stringify(changes), now);
    return 'updated';
  }

  get(id: string): Product | null {
    const row = this.stmts.byId.get(id);
    return row && row.deleted_at === null ? rowToProduct(row) : null;
  }

  count(): number {
    return this.stmts.count.get()!.n;
  }

  /** Change feed entries, oldest first. */
  changes(opts: { afterSeq?: number; recordId?: string; limit?: number } = {}) {
    const rows = this.db
      .prepare<unknown[], { seq: number; entity: string; record_id: string; op: string; run_id: number | null; changes: string | null; at: string }>(
        `SELECT * FROM change_feed WHERE seq > ? ${opts.recordId ? 'AND record_id = ?' : ''} ORDER BY seq LIMIT ?`,
      )
      .all(...[opts.afterSeq ?? 0, ...(opts.recordId ? [opts.recordId] : []), opts.limit ?? 1000]);
    return rows.map((r) => ({
      seq: r.seq,
      entity: r.entity,
      recordId: r.record_id,
      op: r.op as 'created' | 'updated' | 'deleted',
      runId: r.run_id,
      changes: r.changes ? (JSON.parse(r.changes) as Record<string, [unknown, unknown]>) : null,
      at: r.at,
    }));
  }

  search(input: ParsedInput<'search'>): SearchResult {
    const where: string[] = ['p.deleted_at IS NULL'];
    const params: unknown[] = [];
    const { filters } = input;
    if (filters.brand) {
      where.push('p.brand = ? COLLATE NOCASE');
      params.push(filters.brand);
    }
    if (filters.category) {
      where.push('p.category = ? COLLATE NOCASE');
      params.push(filters.category);
    }
    if (filters.type) {
      where.push('p.product_type = ?');
      params.push(filters.type);
    }
    if (filters.active !== undefined) {
      where.push('p.active = ?');
      params.push(filters.active ? 1 : 0);
    }
    const offset = decodeCursor(input.cursor);
    const fts = toFtsQuery(input.query);
    let total: number;
    let rows: (ProductRow & { snippet: string | null })[];
    if (fts) {
      const from = 'FROM products_fts f JOIN products p ON p.rowid = f.rowid';
      const cond = `products_fts MATCH ? AND ${where.join(' AND ')}`;
      total = (this.db.prepare(`SELECT count(*) AS n ${from} WHERE ${cond}`).get(fts, ...params) as { n: number }).n;
      rows = this.db
        .prepare(
          `SELECT p.*, highlight(products_fts, 0, '[[', ']]') AS snippet ${from} WHERE ${cond}
           ORDER BY bm25(products_fts, 10.0, 8.0, 1.0, 3.0, 2.0), p.name LIMIT ? OFFSET ?`,
        )
        .all(fts, ...params, input.limit, offset) as (ProductRow & { snippet: string | null })[];
    } else {
      const cond = where.join(' AND ');
      total = (this.db.prepare(`SELECT count(*) AS n FROM products p WHERE ${cond}`).get(...params) as { n: number }).n;
      rows = this.db
        .prepare(`SELECT p.*, NULL AS snippet FROM products p WHERE ${cond} ORDER BY p.name, p.id LIMIT ? OFFSET ?`)
        .all(...params, input.limit, offset) as (ProductRow & { snippet: string | null })[];
    }
    const items: ProductHit[] = rows.map((r) => ({
      id: r.id,
      name: r.name,
      code: r.code,
      brand: r.brand,
      category: r.category,
      type: r.product_type as ProductHit['type'],
      price: r.price,
      currency: r.currency,
      stock: r.stock,
      active: r.active === 1,
      snippet: r.snippet,
    }));
    const next = offset + items.length;
    return { total, items, ...(next < total && items.length > 0 ? { nextCursor: encodeCursor(next) } : {}) };
  }

  /** Streams every live product in id order without holding them all in memory. */
  *iterate(): Generator<Product> {
    const stmt = this.db.prepare<[], ProductRow>('SELECT * FROM products WHERE deleted_at IS NULL ORDER BY id');
    for (const row of stmt.iterate()) yield rowToProduct(row);
  }
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const o = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : 0;
  } catch {
    return 0;
  }
}
