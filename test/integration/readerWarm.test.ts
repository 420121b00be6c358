// The reader thread's cache is warmed before it answers, as the engine warms its own: the category tree, the first
// catalog page and the searches operators used most are hits from the first read; a search never used is a miss.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { ReadEngine } from '../../src-main/engine/read/readEngine.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, openReader, type Db } from '../../src-main/engine/store/database.js';
import { UsageStore } from '../../src-main/engine/store/usageStore.js';
import { tempDir } from '../helpers/tmp.js';

const now = '2026-01-01T00:00:00.000Z';
const product = (i: number): MappedProduct => ({
  id: `p${i}`, source: 'erp', externalId: null, name: `${i % 2 ? 'Compressor' : 'Bomba'} ${i}`, code: `C-${i}`, description: null,
  type: 'product', category: ['Ar', 'Peças'][i % 2]!, subcategory: null, brand: 'Schulz', price: i, currency: 'BRL', stock: 1,
  unit: 'UN', active: true, ncm: null, customFields: {}, sourceUpdatedAt: null,
});

describe('reader cache warming', () => {
  const tmp = tempDir();
  let db: Db;
  let reader: Db;
  const used = searchInput.parse({ query: 'compressor', facets: true, limit: 50 });
  beforeAll(async () => {
    db = openDatabase(join(tmp.dir, 'catalog.db'));
    const store = new CatalogStore(db);
    db.transaction(() => store.applyPage(Array.from({ length: 200 }, (_, i) => prepareProduct(product(i))), 1, now))();
    const usage = new UsageStore(db);
    usage.note('search', JSON.stringify(used));
    usage.note('search', 'not json');
    usage.flush(now);
    await store.close();
    reader = openReader(join(tmp.dir, 'catalog.db'));
  });
  afterAll(() => {
    reader.close();
    db.close();
    tmp.cleanup();
  });

  it('answers the tree, the first page and the searches used most from its cache at once, and counts none of the warming', async () => {
    const reads = new ReadEngine(reader, { max: 100, ttlMs: 60_000 });
    expect(reads.warm({ searches: 10, budgetMs: 10_000 })).toBe(2);
    const stats = () => (reads as unknown as { cache: { stats(): { hits: number; misses: number } } }).cache.stats();
    expect(stats()).toMatchObject({ hits: 0, misses: 0 });
    await reads.listCategories({});
    const first = await reads.search(searchInput.parse({ query: '', filters: {}, limit: 50, facets: false }));
    const warmed = await reads.search(used);
    expect(stats()).toMatchObject({ hits: 3, misses: 0 });
    expect(first.total).toBe(200);
    expect(warmed.total).toBe(100);
    await reads.search(searchInput.parse({ query: 'bomba' }));
    expect(stats()).toMatchObject({ hits: 3, misses: 1 });
  });

  it('stops at its budget', () => {
    const reads = new ReadEngine(reader, { max: 100, ttlMs: 60_000 });
    expect(reads.warm({ searches: 10, budgetMs: 0 })).toBe(0);
  });
});
