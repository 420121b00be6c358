// The host's reader thread answers getProduct, getRecord and productHistory from its own read-only connection: it
// must say what the engine says of a merged record (links, where each value came from, pins, origins), and pick a
// record by source when two sources share an id.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entityCatalogConfig, type CatalogConfig } from '../../src-shared/catalogConfig.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { CatalogHub } from '../../src-main/engine/hub/catalogHub.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { ReadEngine } from '../../src-main/engine/read/readEngine.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, openReader } from '../../src-main/engine/store/database.js';
import { RecordStore } from '../../src-main/engine/store/recordStore.js';
import { tempDir } from '../helpers/tmp.js';
import { hourAt as t, hubProduct as product } from '../helpers/hubProducts.js';


describe('reader thread and the catalog hub', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('answers provenance, pins, origins and by-source reads as the engine does', async () => {
    const file = join(tmp.dir, 'catalog.db');
    const db = openDatabase(file);
    const catalog = new CatalogStore(db);
    const records = new RecordStore(db);
    const rules: CatalogConfig = { products: entityCatalogConfig.parse({ match: 'code', policy: 'ownership', owners: { price: 'erp' } }) };
    const hub = new CatalogHub(db, catalog, records, { rules: () => rules });
    let run = 0;
    const sync = (p: MappedProduct) => db.transaction(() => hub.applyPage('products', [prepareProduct(p)], ++run, t(100 + run)))();
    sync(product('crm', '1', { price: 12, description: 'from crm', sourceUpdatedAt: t(2) }));
    sync(product('erp', 'A-1', { price: 20, description: 'from erp', sourceUpdatedAt: t(1) }));
    db.transaction(() => hub.pin('products', { id: '1' }, 'stock', 7, t(3)))();
    // Another product that only shares the id with the merged one: a record is source + id.
    const rulesFree = new CatalogHub(db, catalog, records, { rules: () => ({}) });
    db.transaction(() => rulesFree.applyPage('products', [prepareProduct(product('shop', '1', { code: 'Y-9', price: 99 }))], ++run, t(200)))();

    const reads = new ReadEngine(openReader(file), { max: 100, ttlMs: 60_000 });
    const viaEngine = hub.decorate('products', catalog.get('1', 'crm'));
    const viaReader = await reads.getProduct({ id: '1', source: 'crm' });
    expect(viaReader).toEqual(viaEngine);
    expect(viaReader?.provenance?.fields.price).toBe('erp');
    expect(viaReader?.provenance?.fields.stock).toBe('pin');
    expect(viaReader?.provenance?.links.map((l) => l.source).sort()).toEqual(['crm', 'erp']);
    expect((await reads.getProduct({ id: '1', source: 'shop' }))?.price).toBe(99);
    const history = await reads.productHistory({ id: '1', source: 'crm', limit: 100 });
    expect(history.map((h) => h.origin)).toEqual(expect.arrayContaining(['crm', 'erp', 'operator']));
    expect(history.every((h) => h.op !== 'created' || h.version === 1)).toBe(true);
    await catalog.close();
    db.close();
  });
});
