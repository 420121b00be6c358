// A record is (source, id at the source): two sources whose ids overlap keep their own records, through real syncs
// from two fake vendors, in the store for products and other entities, and in data dirs written before.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase } from '../../src-main/engine/store/database.js';
import { migrations } from '../../src-main/engine/store/migrations.js';
import { RecordStore } from '../../src-main/engine/store/recordStore.js';
import { startMutableVendor } from '../fixtures/mutableVendor.js';
import { tempDir } from '../helpers/tmp.js';

const product = (id: string, source: string, over: Partial<MappedProduct> = {}): MappedProduct => ({
  id, source, externalId: null, name: `Produto ${id}`, code: `P-${id}`, description: null, type: 'product',
  category: null, subcategory: null, brand: null, price: 1, currency: 'BRL', stock: null, unit: 'UN',
  active: true, ncm: null, customFields: {}, sourceUpdatedAt: null, ...over,
});

const restSource = (name: string, url: string) => ({
  name,
  kind: 'rest',
  baseUrl: url,
  path: '/products',
  recordSelector: 'items',
  pagination: { type: 'offset', pageSize: 50, totalPath: 'total' },
  mapping: { fields: { id: { path: 'id', transform: 'string' }, code: 'sku', name: 'title', price: 'price', sourceUpdatedAt: 'updated' } },
});

describe('identity: (source, id)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('two vendors with the same ids keep their own products across syncs, re-syncs and deletes', async () => {
    const erp = await startMutableVendor(120);
    const shop = await startMutableVendor(80);
    for (const item of shop.items) item.title = `Loja ${item.id}`;
    const engine = await Engine.open({
      dataDir: join(tmp.dir, 'two'),
      fileLogs: false,
      config: syncflowConfig.parse({ sources: [restSource('erp', erp.url), restSource('shop', shop.url)], syncOnStart: false }),
    });
    try {
      const [a] = await engine.syncNow({ source: 'erp', full: false });
      const [b] = await engine.syncNow({ source: 'shop', full: false });
      expect(a!.counts).toMatchObject({ created: 120 });
      // Before identity, these 80 were "updated" over the ERP's rows.
      expect(b!.counts).toMatchObject({ created: 80, updated: 0 });
      expect(engine.catalog.count()).toBe(200);
      expect(engine.catalog.count('erp')).toBe(120);
      const [again] = await engine.syncNow({ source: 'erp', full: true });
      expect(again!.counts).toMatchObject({ unchanged: 120, updated: 0, deleted: 0 });
      expect((await engine.getProduct({ id: '7', source: 'erp' }))!.name).toBe('Item 7');
      expect((await engine.getProduct({ id: '7', source: 'shop' }))!.name).toBe('Loja 7');
      // By id alone: the record that was there first (the single-source case reads as before).
      expect((await engine.getProduct({ id: '7' }))!.source).toBe('erp');
      expect((await engine.getProduct({ id: '100' }))!.source).toBe('erp');

      // A full pass of the shop deletes only the shop's record 7.
      shop.items.splice(6, 1);
      const [del] = await engine.syncNow({ source: 'shop', full: true });
      expect(del!.counts).toMatchObject({ deleted: 1 });
      expect(await engine.getProduct({ id: '7', source: 'shop' })).toBeNull();
      expect((await engine.getProduct({ id: '7', source: 'erp' }))!.name).toBe('Item 7');
      const history = await engine.productHistory({ id: '7', source: 'shop', limit: 100 });
      expect(history.map((h) => [h.op, h.origin, h.version])).toEqual([['created', 'shop', 1], ['deleted', 'shop', 2]]);
      expect((await engine.productHistory({ id: '7', limit: 100 })).map((h) => h.origin)).toEqual(['erp']);
    } finally {
      await engine.close();
      await erp.close();
      await shop.close();
    }
  });

  it('the change feed carries source, origin and version for row-by-row and bulk writes', async () => {
    const db = openDatabase(join(tmp.dir, 'feed.db'));
    // Closed before the database: the deferred index's builder and the WAL checkpointer are threads with their own
    // connections, which otherwise still write into the folder while the suite's cleanup removes it.
    const store = new CatalogStore(db);
    try {
      db.transaction(() => store.applyPage([prepareProduct(product('1', 'erp')), prepareProduct(product('2', 'erp'))], 1, 't1', { deferIndex: true }))();
      db.transaction(() => store.applyPage([prepareProduct(product('1', 'crm'))], 2, 't2'))();
      db.transaction(() => store.applyPage([prepareProduct(product('1', 'erp', { price: 5 }))], null, 't3', { origin: 'operator' }))();
      db.transaction(() => store.markDeleted(['1'], 4, 't4', 'crm'))();
      const feed = store.changes().map((c) => [c.recordId, c.source, c.origin, c.op, c.version]);
      expect(feed).toEqual([
        ['1', 'erp', 'erp', 'created', 1],
        ['2', 'erp', 'erp', 'created', 1],
        ['1', 'crm', 'crm', 'created', 1],
        ['1', 'erp', 'operator', 'updated', 2],
        ['1', 'crm', 'crm', 'deleted', 2],
      ]);
      expect(store.changes({ recordId: '1', source: 'erp' }).map((c) => c.op)).toEqual(['created', 'updated']);
      expect(store.get('1', 'erp')!.price).toBe(5);
      expect(store.get('1', 'crm')).toBeNull();
      expect(store.get('1')!.source).toBe('erp');

      const records = new RecordStore(db);
      const rec = (source: string, name: string) => ({ id: 'c1', source, data: { name }, sourceUpdatedAt: null, checksum: name });
      db.transaction(() => records.applyPage('customers', [rec('crm', 'Ana'), rec('erp', 'Ana Ltda')], 5, 't5'))();
      expect(records.get('customers', 'c1', 'erp')!.data).toEqual({ name: 'Ana Ltda' });
      expect(records.get('customers', 'c1', 'crm')!.data).toEqual({ name: 'Ana' });
      expect(db.transaction(() => records.markDeleted('customers', ['c1'], 6, 't6', 'crm'))()).toEqual(['c1']);
      expect(records.get('customers', 'c1')!.source).toBe('erp');
      expect(store.changes({ entity: 'customers' }).map((c) => [c.source, c.op, c.version])).toEqual([
        ['crm', 'created', 1],
        ['erp', 'created', 1],
        ['crm', 'deleted', 2],
      ]);
    } finally {
      await store.close();
      db.close();
    }
  });

  it('migrates a data dir of the previous schema keeping every record and its history', async () => {
    const file = join(tmp.dir, 'v12.db');
    const old = openDatabase(file, migrations.filter((m) => m.version <= 12));
    // Written through the previous schema's statements: no feed origin or version columns exist yet.
    const insert = old.prepare(
      `INSERT INTO products (id, source, name, code, checksum, first_seen_at, last_synced_at, sync_version, deleted_at)
       VALUES (?, ?, ?, ?, 'c', 't', 't', ?, ?)`,
    );
    insert.run('1', 'erp', 'Compressor', 'C-1', 2, null);
    insert.run('2', 'erp', 'Filtro', 'F-2', 1, 't');
    const bulk = insert.run('3', 'erp', 'Válvula', 'V-3', 1, null).lastInsertRowid;
    const feed = old.prepare('INSERT INTO change_feed (entity, record_id, op, run_id, changes, at, first_rowid, last_rowid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    feed.run('products', '1', 'created', 1, null, 't1', null, null);
    feed.run('products', '1', 'updated', 2, '{"price":[1,2]}', 't2', null, null);
    feed.run('products', '2', 'deleted', 2, null, 't2', null, null);
    feed.run('products', '', 'created', 1, null, 't1', bulk, bulk);
    old.prepare(`INSERT INTO records (entity, id, source, data, checksum, first_seen_at, last_synced_at) VALUES ('customers', 'c1', 'crm', '{"name":"Ana"}', 'x', 't', 't')`).run();
    feed.run('customers', 'c1', 'created', 3, null, 't3', null, null);
    old.close();

    const db = openDatabase(file);
    const store = new CatalogStore(db);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
      expect(db.prepare('SELECT rowid, id, source, sync_version, deleted_at FROM products ORDER BY rowid').all()).toEqual([
        { rowid: 1, id: '1', source: 'erp', sync_version: 2, deleted_at: null },
        { rowid: 2, id: '2', source: 'erp', sync_version: 1, deleted_at: 't' },
        { rowid: 3, id: '3', source: 'erp', sync_version: 1, deleted_at: null },
      ]);
      expect(store.get('1')!.name).toBe('Compressor');
      expect(store.changes({ recordId: '1' }).map((c) => [c.op, c.source, c.origin, c.version, c.changes])).toEqual([
        ['created', 'erp', 'erp', null, null],
        ['updated', 'erp', 'erp', null, { price: [1, 2] }],
      ]);
      expect(store.changes({ recordId: '3' }).map((c) => [c.op, c.source])).toEqual([['created', 'erp']]);
      expect(store.changes({ entity: 'customers' }).map((c) => [c.recordId, c.source])).toEqual([['c1', 'crm']]);
      expect(new RecordStore(db).get('customers', 'c1')!.data).toEqual({ name: 'Ana' });
      // The new identity holds: another source may now have records 1 and c1 of its own.
      db.transaction(() => store.applyPage([prepareProduct(product('1', 'shop'))], 9, 't9'))();
      expect(store.get('1', 'erp')!.name).toBe('Compressor');
      expect(store.get('1', 'shop')!.name).toBe('Produto 1');
      expect(db.prepare("SELECT name FROM pragma_index_info('products_identity')").pluck().all()).toEqual(['id', 'source']);
    } finally {
      await store.close();
      db.close();
    }
  });
});
