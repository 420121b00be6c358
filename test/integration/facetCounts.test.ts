// Facet counts against the true counts, for broad and narrow queries with and without filters: exact when the
// matches fit the budget (more than the 1,000 the old sample counted), else estimates flagged as such.
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { CategoryNode, FacetCount, MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { tempDir } from '../helpers/tmp.js';

const now = '2026-01-01T00:00:00.000Z';
const N = 3000;
const brands = ['Atlas Copco', 'Schulz', 'Chiaperini', 'Parker', 'Wayne', 'Fiac', 'Motomil'];
const cats = ['Ar', 'Peças', 'Hidráulica', 'Motores'];
const subs = [null, 'Parafuso', 'Pistão'];
const types = ['product', 'service', 'rental'] as const;

// "compressor" is in the names of two thirds of the catalog and nowhere else; "bomba" in the rest.
const product = (i: number): MappedProduct => ({
  id: `p${i}`, source: i % 4 ? 'ploomes' : 'omie', externalId: null, name: i % 3 ? `Compressor ${i % 13} ${['X', 'Y'][i % 2]}` : `Bomba ${i}`,
  code: `P-${i}`, description: null, type: types[(i * 7) % 3]!, category: cats[(i * 5) % 4]!, subcategory: subs[(i * 11) % 3]!,
  brand: brands[(i * 3) % 7]!, price: (i % 50) * 10, currency: 'BRL', stock: i % 6 ? 1 : 0, unit: 'UN', active: i % 5 !== 0,
  ncm: null, customFields: {}, sourceUpdatedAt: null,
});

interface Filters {
  category?: string;
  brand?: string;
  active?: boolean;
  minPrice?: number;
  inStock?: boolean;
}

const all = Array.from({ length: N }, (_, i) => product(i));

/** What the facets should say, computed from the products themselves. */
function truth(query: string, f: Filters) {
  const words: Record<string, (p: MappedProduct) => boolean> = {
    '': () => true,
    compressor: (p) => p.name.startsWith('Compressor'),
    compr: (p) => p.name.startsWith('Compressor'),
    // The last word is a prefix, of a name word or of a code part (P-7…).
    'compressor 7': (p) => p.name.startsWith('Compressor') && (/^Compressor 7\b/.test(p.name) || p.code!.startsWith('P-7')),
    bomba: (p) => p.name.startsWith('Bomba'),
  };
  const rest = all.filter(
    (p) =>
      words[query]!(p) &&
      (f.brand === undefined || p.brand === f.brand) &&
      (f.active === undefined || p.active === f.active) &&
      (f.inStock === undefined || (p.stock! > 0) === f.inStock) &&
      (f.minPrice === undefined || p.price! >= f.minPrice),
  );
  const inCategory = rest.filter((p) => f.category === undefined || p.category === f.category || p.subcategory === f.category);
  const tally = (key: 'brand' | 'type' | 'category') => {
    const m = new Map<string, number>();
    for (const p of inCategory) m.set(p[key]!, (m.get(p[key]!) ?? 0) + 1);
    return new Map([...m]);
  };
  const tree = new Map<string, number>();
  for (const p of rest) tree.set(p.category!, (tree.get(p.category!) ?? 0) + 1);
  return { total: inCategory.length, brand: tally('brand'), type: tally('type'), category: tally('category'), tree };
}

const asMap = (counts: FacetCount[]) => new Map(counts.map((c) => [c.value, c.count]));
const treeMap = (nodes: CategoryNode[]) => new Map(nodes.map((n) => [n.name, n.count]));

const queries = fc.constantFrom('', 'compressor', 'compr', 'compressor 7', 'bomba');
const filters = fc.record(
  {
    category: fc.constantFrom('Ar', 'Peças', 'Parafuso'),
    brand: fc.constantFrom(...brands),
    active: fc.boolean(),
    inStock: fc.boolean(),
    minPrice: fc.constantFrom(0, 250),
  },
  { requiredKeys: [] },
);

describe('facet counts', () => {
  const tmp = tempDir();
  let db: Db;
  let store: CatalogStore;
  let sampled: CatalogStore;
  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'facets.db'));
    store = new CatalogStore(db);
    // The same catalog read by a store that counts 300 matching rows exactly, else samples 900 of the catalog.
    sampled = new CatalogStore(db, { facetBudget: { exact: 300, sample: 900 } });
    db.transaction(() => store.applyPage(all.map((p) => prepareProduct({ ...p })), 1, now))();
  });
  afterAll(async () => {
    await store.close();
    await sampled.close();
    db.close();
    tmp.cleanup();
  });

  it('are the true counts over every match, with the tree following query and filters', () => {
    fc.assert(
      fc.property(queries, filters, (query, f) => {
        const r = store.search(searchInput.parse({ query, filters: f, facets: true, limit: 5 }));
        const t = truth(query, f);
        expect(r.facetsApproximate).toBe(false);
        expect(asMap(r.facets!.brand)).toEqual(t.brand);
        expect(asMap(r.facets!.type)).toEqual(t.type);
        expect(asMap(r.facets!.category)).toEqual(t.category);
        expect(treeMap(r.facets!.tree!)).toEqual(t.tree);
        if (r.totalExact) expect(r.total).toBe(t.total);
      }),
      { numRuns: 120 },
    );
  });

  it('counts a broad query past the old 1,000-match sample, and its total exactly', () => {
    const r = store.search(searchInput.parse({ query: 'compressor', facets: true, limit: 1 }));
    expect(r.total).toBe(2000);
    expect(r.totalExact).toBe(true);
    expect(r.facets!.brand.reduce((n, c) => n + c.count, 0)).toBe(2000);
  });

  it('flags estimates when the matches pass the budget, and they land near the truth', () => {
    for (const [query, f] of [['compressor', {}], ['', { minPrice: 100 }], ['compr', { active: true }]] as const) {
      const r = sampled.search(searchInput.parse({ query, filters: f, facets: true, limit: 1 }));
      expect(r.facetsApproximate).toBe(true);
      const t = truth(query, f);
      for (const [brand, n] of t.brand) {
        const est = asMap(r.facets!.brand).get(brand) ?? 0;
        expect(Math.abs(est - n) / n).toBeLessThan(0.35);
      }
    }
    // Narrow queries stay exact under the same budget.
    const narrow = sampled.search(searchInput.parse({ query: 'compressor 7', filters: { active: true }, facets: true, limit: 1 }));
    expect(narrow.facetsApproximate).toBe(false);
    expect(asMap(narrow.facets!.brand)).toEqual(truth('compressor 7', { active: true }).brand);
  });
});
