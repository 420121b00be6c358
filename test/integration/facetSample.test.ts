// The sampled search index (ftsSchema.ts) and the facet estimates read from it: the index holds exactly the live
// products whose rowid hash falls in its share, through row-by-row writes, a rebuild and a bulk load; a broad
// query's facets are flagged estimates within a bound set by the number of rows they counted; narrow ones exact.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { FACET_REUSE } from '../../src-main/engine/store/catalogSearch.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { facetCounts, sampleMatches } from '../../src-main/engine/store/facetCounts.js';
import { rowHashJs, SAMPLE_SHARE, SAMPLE_TABLE } from '../../src-main/engine/store/ftsSchema.js';
import { tempDir } from '../helpers/tmp.js';

const now = '2026-01-01T00:00:00.000Z';
const N = 20_000;
const brands = ['Atlas Copco', 'Schulz', 'Chiaperini', 'Parker', 'Wayne', 'Fiac', 'Motomil'];

// "alpha" in half the names, "beta" in a quarter, "narrowword" in 1 in 100; every code has the part "sku".
const product = (i: number, name?: string): MappedProduct => ({
  id: `p${i}`, source: 'erp', externalId: null,
  name: name ?? `${i % 2 ? 'Alpha' : 'Item'} ${i % 4 === 0 ? 'Beta' : 'Gamma'}${i % 100 === 7 ? ' Narrowword' : ''} ${i}`,
  code: `SKU-${i}`, description: null, type: 'product', category: ['Ar', 'Peças', 'Motores'][(i * 5) % 3]!, subcategory: null,
  brand: brands[(i * 3 + (i >> 4)) % 7]!, price: i % 50, currency: 'BRL', stock: 1, unit: 'UN', active: i % 5 !== 0,
  ncm: null, customFields: {}, sourceUpdatedAt: null,
});

const inShare = (rowid: number) => rowHashJs(rowid) < SAMPLE_SHARE * 2 ** 32;
const sampled = (db: Db, query: string) =>
  db.prepare<[string], number>(`SELECT rowid FROM ${SAMPLE_TABLE} WHERE ${SAMPLE_TABLE} MATCH ? ORDER BY rowid`).pluck().all(query);
/** Live products whose name has `word` and whose rowid is in the share: what the sampled index must answer. */
const expected = (db: Db, word: string) =>
  db
    .prepare<[string], { rowid: number }>(`SELECT rowid FROM products WHERE deleted_at IS NULL AND (' ' || lower(name) || ' ') LIKE ? ORDER BY rowid`)
    .all(`% ${word} %`)
    .map((r) => r.rowid)
    .filter(inShare);

describe('sampled search index', () => {
  const tmp = tempDir();
  let db: Db;
  let store: CatalogStore;
  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'sample.db'));
    store = new CatalogStore(db);
    const all = Array.from({ length: N }, (_, i) => prepareProduct(product(i)));
    db.transaction(() => store.applyPage(all, 1, now))();
  });
  afterAll(async () => {
    await store.close();
    db.close();
    tmp.cleanup();
  });

  it('holds the live products in its share, through updates, deletes and undeletes, and after a rebuild', () => {
    const share = sampled(db, 'sku');
    expect(share.length).toBeGreaterThan(N * SAMPLE_SHARE * 0.9);
    expect(share.length).toBeLessThan(N * SAMPLE_SHARE * 1.1);
    expect(share).toEqual(expected(db, 'alpha').concat(expected(db, 'item')).sort((a, b) => a - b));
    // Renames move products between words; tombstones leave; undeletes come back with their new text.
    db.transaction(() => {
      store.applyPage(Array.from({ length: 400 }, (_, k) => prepareProduct(product(k * 3, `Delta renamed ${k}`))), 2, now);
      store.markDeleted(Array.from({ length: 300 }, (_, k) => `p${k * 7 + 1}`), 2, now, 'erp');
    })();
    db.transaction(() => store.applyPage(Array.from({ length: 50 }, (_, k) => prepareProduct(product(k * 14 + 1, `Delta back ${k}`))), 3, now))();
    const check = () => {
      for (const word of ['alpha', 'beta', 'delta', 'narrowword']) expect(sampled(db, word)).toEqual(expected(db, word));
      expect(sampled(db, 'delta').length).toBeGreaterThan(0);
    };
    check();
    store.fts.rebuildNow();
    check();
  });

  it('is built alongside a bulk load like the full index', async () => {
    const bulkDb = openDatabase(join(tmp.dir, 'bulk.db'));
    const bulk = new CatalogStore(bulkDb);
    try {
      for (let from = 0; from < 5000; from += 500) {
        const page = Array.from({ length: 500 }, (_, k) => prepareProduct(product(from + k)));
        bulkDb.transaction(() => bulk.applyPage(page, 1, now, { deferIndex: true }))();
        bulk.pageCommitted();
      }
      await bulk.finishBulk();
      expect(bulk.fts.lastBuild?.alongside).toBe(true);
      for (const word of ['alpha', 'beta', 'narrowword']) expect(sampled(bulkDb, word)).toEqual(expected(bulkDb, word));
    } finally {
      await bulk.close();
      bulkDb.close();
    }
  });

  it('estimates a broad query from it, flagged, each count within four standard errors of the truth', () => {
    const budget = { exact: 300, sample: 600 };
    const small = new CatalogStore(db, { facetBudget: budget });
    const where = { sql: 'p.deleted_at IS NULL', params: [] };
    for (const word of ['alpha', 'beta']) {
      const fts = `"${word}"*`;
      // Broad by the rule: at least half the estimate budget matches in the sampled index.
      expect(sampleMatches(db, fts)).toBeGreaterThanOrEqual(budget.sample / 2);
      const direct = facetCounts(db, { fts, where, category: undefined, allowed: store.count() }, null, budget);
      const r = small.search(searchInput.parse({ query: word, facets: true, limit: 1 }));
      expect(r.facetsApproximate).toBe(true);
      expect(r.facets).toEqual(direct.facets);
      const s = direct.share;
      expect(s).toBeLessThanOrEqual(SAMPLE_SHARE);
      const truth = new Map<string, number>();
      for (const b of db.prepare<[string], { brand: string; n: number }>(
        `SELECT brand, count(*) AS n FROM products WHERE deleted_at IS NULL AND (' ' || lower(name) || ' ') LIKE ? GROUP BY brand`,
      ).all(`% ${word}%`)) truth.set(b.brand, b.n);
      expect(truth.size).toBeGreaterThanOrEqual(3);
      for (const [brand, n] of truth) {
        const est = r.facets!.brand.find((c) => c.value === brand)?.count ?? 0;
        // A count c estimated from a share s of the rows has a standard error of sqrt(c (1 - s) / s); rounding adds 1/s.
        expect(Math.abs(est - n)).toBeLessThanOrEqual(4 * Math.sqrt((n * (1 - s)) / s) + 1 / s);
      }
    }
    // Narrow queries stay exact under the same budget.
    const narrow = small.search(searchInput.parse({ query: 'narrowword', facets: true, limit: 1 }));
    expect(narrow.facetsApproximate).toBe(false);
    const brandsOf = db
      .prepare<[], { brand: string; n: number }>(`SELECT brand, count(*) AS n FROM products WHERE deleted_at IS NULL AND lower(name) LIKE '%narrowword%' GROUP BY brand`)
      .all();
    expect(new Map(narrow.facets!.brand.map((c) => [c.value, c.count]))).toEqual(new Map(brandsOf.map((b) => [b.brand, b.n])));
  });

  it('reuses an estimate while less than 1% of the catalog moved, recounts it after 5 s; exact facets never', async () => {
    let t = 0;
    const small = new CatalogStore(db, { facetBudget: { exact: 300, sample: 600 }, clock: () => t });
    const brandCount = (query: string, brand: string) => {
      const r = small.search(searchInput.parse({ query, facets: true, limit: 1 }));
      return { approximate: r.facetsApproximate, n: r.facets!.brand.find((c) => c.value === brand)?.count ?? 0 };
    };
    const rebrand = (ids: number[], brand: string) =>
      db.transaction(() => store.applyPage(ids.map((i) => prepareProduct({ ...product(i), brand })), 2, now))();
    // Alpha products (odd ids), leaving out those with the narrow word.
    const alphas = (from: number, count: number) => Array.from({ length: count }, (_, k) => 2 * (from + k) + 1).filter((i) => i % 100 !== 7);
    const limit = FACET_REUSE.share * N;

    expect(brandCount('alpha', 'Nova')).toEqual({ approximate: true, n: 0 });
    const first = alphas(0, 150);
    expect(first.length).toBeLessThan(limit);
    rebrand(first, 'Nova');
    // Fewer than 1% of the catalog changed: the estimate stands, still flagged.
    expect(brandCount('alpha', 'Nova')).toEqual({ approximate: true, n: 0 });
    // A narrow query's exact facets follow every change.
    rebrand([7], 'Solo');
    expect(brandCount('narrowword', 'Solo')).toEqual({ approximate: false, n: 1 });
    rebrand(alphas(150, 60), 'Nova');
    // Past 1%: counted again, and the new brand shows (within the estimate's error of its 210).
    const moved = brandCount('alpha', 'Nova');
    expect(moved.approximate).toBe(true);
    expect(moved.n).toBeGreaterThan(0);
    // Kept again from here; the next change is small. Past its age limit the estimate is still answered once,
    // and recounted as soon as that answer is out.
    rebrand(alphas(210, 100), 'Vela');
    expect(brandCount('alpha', 'Vela').n).toBe(0);
    t += FACET_REUSE.maxAgeMs + 1;
    expect(brandCount('alpha', 'Vela').n).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    const recounted = brandCount('alpha', 'Vela');
    expect(recounted.approximate).toBe(true);
    expect(recounted.n).toBeGreaterThan(0);
  });

  it('flags the total of a prefix far past the count cap without merging its words', () => {
    const r = store.search(searchInput.parse({ query: 'sk', limit: 1 }));
    expect(r.totalExact).toBe(false);
    expect(r.total).toBe(10_000);
  });
});
