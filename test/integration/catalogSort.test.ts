// Sorting both ways: for every sort and direction, with and without a query or filters, keyset paging returns
// every matching row exactly once and in order; "updated" is newest first unless asked otherwise.
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { tempDir } from '../helpers/tmp.js';

const now = '2026-01-01T00:00:00.000Z';
const N = 173;

// Repeated names, prices and times, and NULL prices and times, are where keyset paging goes wrong.
const product = (i: number): MappedProduct => ({
  id: `p${i}`, source: 's', externalId: null, name: `Compressor ${i % 7}`, code: `C-${i}`, description: i % 3 ? 'peça' : null,
  type: i % 4 ? 'product' : 'service', category: 'Ar', subcategory: null, brand: i % 2 ? 'Schulz' : 'Atlas', price: i % 5 === 0 ? null : i % 11,
  currency: 'BRL', stock: 1, unit: 'UN', active: true, ncm: null, customFields: {},
  sourceUpdatedAt: i % 6 ? new Date(Date.UTC(2025, 0, 1 + (i % 9))).toISOString() : null,
});

describe('sorted browse in both directions', () => {
  const tmp = tempDir();
  let db: Db;
  let store: CatalogStore;
  const byId = new Map<string, MappedProduct>();
  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'sort.db'));
    store = new CatalogStore(db);
    const items = Array.from({ length: N }, (_, i) => product(i));
    for (const p of items) byId.set(p.id, p);
    db.transaction(() => store.applyPage(items.map((p) => prepareProduct({ ...p })), 1, now))();
  });
  afterAll(async () => {
    await store.close();
    db.close();
    tmp.cleanup();
  });

  const value = (id: string, sort: 'name' | 'price' | 'updated') => {
    const p = byId.get(id)!;
    return sort === 'name' ? p.name : sort === 'price' ? p.price : p.sourceUpdatedAt;
  };
  /** -1, 0, 1 as SQLite orders the values: NULL first. */
  const cmp = (a: string | number | null, b: string | number | null) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

  const pageAll = (input: object) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const page = store.search(searchInput.parse({ ...input, ...(cursor ? { cursor } : {}) }));
      total = page.total;
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { seen, total };
  };

  it('pages every row exactly once, in the asked direction, for every sort', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('name' as const, 'price' as const, 'updated' as const),
        fc.constantFrom('asc' as const, 'desc' as const, undefined),
        fc.constantFrom('', 'compressor', 'peca'),
        fc.constantFrom({}, { brand: 'Schulz' }, { type: 'service' as const }, { minPrice: 3 }),
        fc.integer({ min: 1, max: 40 }),
        (sort, order, query, filters, limit) => {
          const { seen, total } = pageAll({ query, sort, limit, filters, ...(order ? { order } : {}) });
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(total);
          const desc = (order ?? (sort === 'updated' ? 'desc' : 'asc')) === 'desc';
          for (let i = 1; i < seen.length; i++) {
            const c = cmp(value(seen[i - 1]!, sort), value(seen[i]!, sort));
            expect(desc ? c >= 0 : c <= 0).toBe(true);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('shows the newest first for "updated" and the dearest first for price high to low', () => {
    const newest = store.search(searchInput.parse({ sort: 'updated', limit: 1 })).items[0]!;
    expect(byId.get(newest.id)!.sourceUpdatedAt).toBe(new Date(Date.UTC(2025, 0, 9)).toISOString());
    const dearest = store.search(searchInput.parse({ sort: 'price', order: 'desc', limit: 1 })).items[0]!;
    expect(dearest.price).toBe(10);
    const oldest = store.search(searchInput.parse({ sort: 'updated', order: 'asc', limit: 1 })).items[0]!;
    expect(byId.get(oldest.id)!.sourceUpdatedAt).toBeNull();
  });

  it('rejects an unknown direction, naming the field', () => {
    const r = searchInput.safeParse({ sort: 'price', order: 'down' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['order']);
  });
});
