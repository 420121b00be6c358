// The reader thread's search runs in steps with a turn of the event loop between them (readEngine.ts): a call that
// arrives meanwhile is answered before the search ends, and every step, and the calls in between, read one
// snapshot, so a page committed by the engine during the search shows in the next search, not half in this one.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { ReadEngine } from '../../src-main/engine/read/readEngine.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, openReader, type Db } from '../../src-main/engine/store/database.js';
import { tempDir } from '../helpers/tmp.js';

const now = '2026-01-01T00:00:00.000Z';
const N = 8_000;
const product = (i: number): MappedProduct => ({
  id: `p${i}`, source: 'erp', externalId: null, name: `${i % 2 ? 'Compressor' : 'Bomba'} ${i}`, code: `C-${i}`, description: null,
  type: 'product', category: ['Ar', 'Peças'][i % 2]!, subcategory: null, brand: ['Schulz', 'Wayne', 'Fiac'][i % 3]!, price: i % 90,
  currency: 'BRL', stock: 1, unit: 'UN', active: true, ncm: null, customFields: {}, sourceUpdatedAt: null,
});

describe('reader search in steps', () => {
  const tmp = tempDir();
  let db: Db;
  let store: CatalogStore;
  let reader: Db;
  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'catalog.db'));
    store = new CatalogStore(db);
    db.transaction(() => store.applyPage(Array.from({ length: N }, (_, i) => prepareProduct(product(i))), 1, now))();
    reader = openReader(join(tmp.dir, 'catalog.db'));
  });
  afterAll(async () => {
    reader.close();
    await store.close();
    db.close();
    tmp.cleanup();
  });

  it('answers other calls between its steps from its snapshot; a page committed meanwhile shows in the next search', async () => {
    const reads = new ReadEngine(reader, { max: 100, ttlMs: 60_000 });
    // A price range: the facets count a share of the matches, read in chunks (more than FACET_CHUNK_ROWS rows).
    const input = searchInput.parse({ query: 'compressor', filters: { minPrice: 1 }, facets: true, limit: 10 });
    const before = store.search(input);
    const order: string[] = [];
    const search = reads.search(input).then((r) => {
      order.push('search');
      return r;
    });
    // The engine commits a page of new compressors while the search is in its steps.
    db.transaction(() => store.applyPage(Array.from({ length: 500 }, (_, k) => prepareProduct({ ...product(N + 2 * k + 1), category: 'Novos' })), 2, now))();
    const tree = await reads.listCategories({});
    order.push('listCategories');
    const during = await search;
    expect(order).toEqual(['listCategories', 'search']);
    // One snapshot: the tree and the search are both from before the commit, and the search is the engine's own.
    expect(tree.map((c) => c.name)).toEqual(['Ar', 'Peças']);
    expect(during).toEqual(before);
    const after = await reads.search(input);
    expect(after).toEqual(store.search(input));
    expect(after.facets!.category.find((c) => c.value === 'Novos')?.count).toBeGreaterThan(0);
    expect((await reads.listCategories({})).map((c) => c.name)).toEqual(['Ar', 'Novos', 'Peças']);
  });
});
