// The maintained product counts (store/productCounts.ts) against a fresh GROUP BY of the catalog, after random
// sequences of writes through the store's real write paths: pages (bulk and row by row), single upserts,
// tombstones and undeletes; and the migration that builds them for an existing data dir.
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { migrations } from '../../src-main/engine/store/migrations.js';
import { groupCountsSql } from '../../src-main/engine/store/productCounts.js';
import { tempDir } from '../helpers/tmp.js';

const now = '2026-01-01T00:00:00.000Z';

const fields = fc.record({
  category: fc.constantFrom(null, 'Compressores', 'Peças', 'Máquina "A"'),
  subcategory: fc.constantFrom(null, 'Parafuso', 'Pistão'),
  brand: fc.constantFrom(null, 'Atlas Copco', 'Schulz', 'Ação\\Ltda'),
  type: fc.constantFrom('product' as const, 'service' as const, 'rental' as const),
  active: fc.boolean(),
  stock: fc.constantFrom(null, 0, -1, 3, 0.5),
  source: fc.constantFrom('ploomes', 'omie'),
  price: fc.constantFrom(null, 10, 20),
});

const product = (id: string, f: Partial<MappedProduct>): MappedProduct => ({
  id, source: 's', externalId: null, name: `Produto ${id}`, code: `P-${id}`, description: null, type: 'product',
  category: null, subcategory: null, brand: null, price: 1, currency: 'BRL', stock: null, unit: 'UN', active: true,
  ncm: null, customFields: {}, sourceUpdatedAt: null, ...f,
});

const id = fc.integer({ min: 1, max: 25 }).map(String);
const op = fc.oneof(
  fc.record({ kind: fc.constant('page' as const), bulk: fc.boolean(), items: fc.array(fc.tuple(id, fields), { maxLength: 12 }) }),
  fc.record({ kind: fc.constant('upsert' as const), item: fc.tuple(id, fields) }),
  fc.record({ kind: fc.constant('delete' as const), ids: fc.array(id, { maxLength: 6 }), source: fc.constantFrom('ploomes', 'omie') }),
);

type Row = Record<string, unknown>;
const byKey = (a: Row, b: Row) => String(a.key).localeCompare(String(b.key));
const maintained = (db: Db) => (db.prepare('SELECT * FROM product_counts WHERE n > 0').all() as Row[]).sort(byKey);
const fresh = (db: Db) => (db.prepare(groupCountsSql).all() as Row[]).sort(byKey);

describe('maintained product counts', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let n = 0;

  it('equal a fresh GROUP BY after any sequence of creates, updates, deletes and undeletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const db = openDatabase(join(tmp.dir, `p${++n}.db`));
        const store = new CatalogStore(db);
        try {
          let bulk = false;
          for (const o of ops) {
            if (o.kind === 'page') {
              // A page repeats no id (the pipeline drops repeats before the store).
              const items = [...new Map(o.items).entries()].map(([i, f]) => prepareProduct(product(i, f)));
              db.transaction(() => store.applyPage(items, 1, now, { deferIndex: o.bulk }))();
              if (o.bulk) store.pageCommitted();
              bulk ||= o.bulk;
            } else if (o.kind === 'upsert') {
              db.transaction(() => store.upsert(product(o.item[0], o.item[1]), 2, now))();
            } else {
              db.transaction(() => store.markDeleted(o.ids, 3, now, o.source))();
            }
            expect(maintained(db)).toEqual(fresh(db));
          }
          if (bulk) await store.finishBulk();
          expect(maintained(db)).toEqual(fresh(db));
          expect(store.count()).toBe((db.prepare('SELECT count(*) AS c FROM products WHERE deleted_at IS NULL').get() as { c: number }).c);
          expect(store.count('omie')).toBe(
            (db.prepare(`SELECT count(*) AS c FROM products WHERE deleted_at IS NULL AND source = 'omie'`).get() as { c: number }).c,
          );
          // The category tree adds the maintained counts up the way a GROUP BY over the live rows does.
          const tree = store.categories();
          const live = db.prepare('SELECT category, count(*) AS c FROM products WHERE deleted_at IS NULL AND category IS NOT NULL GROUP BY 1').all() as { category: string; c: number }[];
          expect(tree.map((t) => [t.name, t.count]).sort()).toEqual(live.map((r) => [r.category, r.c]).sort());
          // Unfiltered and low-cardinality-filtered facets and totals come from the same counts.
          const r = store.search(searchInput.parse({ filters: { active: true }, facets: true, limit: 1 }));
          expect(r.total).toBe((db.prepare('SELECT count(*) AS c FROM products WHERE deleted_at IS NULL AND active = 1').get() as { c: number }).c);
        } finally {
          await store.close();
          db.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('are built by the migration for a data dir written before they existed', () => {
    const file = join(tmp.dir, 'old.db');
    const old = openDatabase(file, migrations.filter((m) => m.version < 11));
    const insert = old.prepare(
      `INSERT INTO products (id, source, name, product_type, category, subcategory, brand, active, stock, checksum,
       first_seen_at, last_synced_at, deleted_at) VALUES (?, ?, 'x', ?, ?, ?, ?, ?, ?, 'c', ?, ?, ?)`,
    );
    const cats = [null, 'Compressores', 'Peças "novas"'];
    for (let i = 0; i < 300; i++) {
      insert.run(`id${i}`, i % 2 ? 'a' : 'b', i % 3 ? 'product' : 'service', cats[i % 3], i % 5 ? 'Sub' : null, i % 7 ? 'Marca' : null, i % 4 ? 1 : 0, i % 6 ? i % 4 : null, now, now, i % 11 ? null : now);
    }
    old.close();
    const db = openDatabase(file);
    try {
      const rows = maintained(db);
      expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(300 - 28);
      expect(rows).toEqual(fresh(db));
      // The store keeps what the migration built.
      const store = new CatalogStore(db);
      db.transaction(() => [store.markDeleted(['id1'], 1, now, 'a'), store.markDeleted(['id2'], 1, now, 'b')])();
      expect(maintained(db)).toEqual(fresh(db));
      expect(store.count()).toBe(270);
    } finally {
      db.close();
    }
  });
});
