// Live product counts per (category, subcategory, brand, type, active, in stock, source), kept in the
// product_counts table by the store's own write functions, in the transaction of the page that changes them. The
// category tree, unfiltered facets, status totals and per-source totals read this small table instead of grouping
// a million rows (4.8 s cold at 1M). A page's changes are summed in memory first, so a bulk page of 300 rows costs
// a handful of upserts, not 300.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

/** The dimensions of one count, as stored. */
export interface CountKey {
  category: string | null;
  subcategory: string | null;
  brand: string | null;
  type: string;
  active: number;
  inStock: number;
  source: string;
}

export interface CountRow extends CountKey {
  n: number;
}

/** What a product row contributes to: the fields the counts are keyed by. */
export interface Countable {
  category: string | null;
  subcategory: string | null;
  brand: string | null;
  type: string;
  active: boolean | number;
  stock: number | null;
  source: string;
}

/** In stock the way the filters read it: `stock > 0`, NULL counting as not in stock. */
const inStock = (stock: number | null): number => (stock !== null && stock > 0 ? 1 : 0);

export function countKey(p: Countable): CountKey {
  return {
    category: p.category ?? null,
    subcategory: p.subcategory ?? null,
    brand: p.brand ?? null,
    type: p.type,
    active: p.active === true || p.active === 1 ? 1 : 0,
    inStock: inStock(p.stock ?? null),
    source: p.source,
  };
}

/** In-memory grouping key; \u0000 marks NULL (distinct from any text, which cannot hold \u0000 from JSON). */
const memoKey = (k: CountKey) =>
  `${k.category ?? '\u0000'}\u0001${k.subcategory ?? '\u0000'}\u0001${k.brand ?? '\u0000'}\u0001${k.type}\u0001${k.active}${k.inStock}\u0001${k.source}`;

/**
 * The SQL that (re)computes every count from the catalog: the numbered migration that introduced the table runs
 * it, and tests compare the maintained table with it. The key is built by SQLite in both places (json_array), so
 * the migration and the store can never spell one key two ways.
 */
export const groupCountsSql = `
  SELECT json_array(category, subcategory, brand, product_type, active, coalesce(stock > 0, 0), source) AS key,
         category, subcategory, brand, product_type AS type, active, coalesce(stock > 0, 0) AS in_stock, source,
         count(*) AS n
  FROM products WHERE deleted_at IS NULL GROUP BY 2, 3, 4, 5, 6, 7, 8`;

/** Deltas of one write (a page, a batch of tombstones), applied to the table in one go by flush(). */
export class CountDeltas {
  private readonly deltas = new Map<string, { key: CountKey; n: number }>();

  add(p: Countable, n: number): void {
    this.addKey(countKey(p), n);
  }

  /** Moves one row from `before` to `after` (an update); nothing when both count under the same key. */
  move(before: Countable, after: Countable): void {
    const a = countKey(before);
    const b = countKey(after);
    if (memoKey(a) === memoKey(b)) return;
    this.addKey(a, -1);
    this.addKey(b, 1);
  }

  private addKey(key: CountKey, n: number): void {
    const k = memoKey(key);
    const d = this.deltas.get(k);
    if (d) d.n += n;
    else this.deltas.set(k, { key, n });
  }

  get entries(): Iterable<{ key: CountKey; n: number }> {
    return this.deltas.values();
  }
}

export class ProductCounts {
  private readonly stmts: { upsert: Statement; dropEmpty: Statement; all: Statement<[], CountRow>; total: Statement<[], number>; bySource: Statement<[string], number> };

  constructor(db: Db) {
    // Numbers bind as REAL (0.0); the catalog's GROUP BY yields integers, and the key must be spelled as it is.
    const key = 'json_array(:category, :subcategory, :brand, :type, CAST(:active AS INTEGER), CAST(:inStock AS INTEGER), :source)';
    this.stmts = {
      upsert: db.prepare(
        `INSERT INTO product_counts (key, category, subcategory, brand, type, active, in_stock, source, n)
         VALUES (${key}, :category, :subcategory, :brand, :type, :active, :inStock, :source, :n)
         ON CONFLICT (key) DO UPDATE SET n = n + excluded.n`,
      ),
      dropEmpty: db.prepare(`DELETE FROM product_counts WHERE key = ${key} AND n <= 0`),
      all: db.prepare<[], CountRow>(
        'SELECT category, subcategory, brand, type, active, in_stock AS inStock, source, n FROM product_counts WHERE n > 0',
      ),
      total: db.prepare<[], number>('SELECT coalesce(sum(n), 0) FROM product_counts').pluck(),
      bySource: db.prepare<[string], number>('SELECT coalesce(sum(n), 0) FROM product_counts WHERE source = ?').pluck(),
    };
  }

  /** Applies a write's deltas. Must run inside the transaction of the rows they describe. */
  flush(deltas: CountDeltas): void {
    for (const { key, n } of deltas.entries) {
      if (n === 0) continue;
      this.stmts.upsert.run({ ...key, n });
      if (n < 0) this.stmts.dropEmpty.run(key);
    }
  }

  rows(): CountRow[] {
    return this.stmts.all.all();
  }

  /** Live products, of one source or all. */
  total(source?: string): number {
    return source === undefined ? this.stmts.total.get()! : this.stmts.bySource.get(source)!;
  }
}
