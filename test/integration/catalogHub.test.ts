// The catalog hub on a real SQLite file: two sources with overlapping ids linked by a match rule, the conflict
// matrix (each policy × same / different fields × in order / out of order), pins across syncs, manual review
// picked per field, deletes of one source, and entity records (customers by tax id) through the same mechanism.
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CatalogConfig, ConflictPolicy } from '../../src-shared/catalogConfig.js';
import { entityCatalogConfig } from '../../src-shared/catalogConfig.js';
import type { MappedProduct, Product } from '../../src-shared/domain.js';
import { CatalogHub } from '../../src-main/engine/hub/catalogHub.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { RecordStore } from '../../src-main/engine/store/recordStore.js';
import { tempDir } from '../helpers/tmp.js';
import { hourAt as t, hubProduct as product } from '../helpers/hubProducts.js';


interface World {
  db: Db;
  catalog: CatalogStore;
  hub: CatalogHub;
  rules: CatalogConfig;
  opened: number[];
  sync(...items: MappedProduct[]): void;
  one(): Product;
}

describe('catalog hub', () => {
  const tmp = tempDir();
  let n = 0;
  const worlds: World[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0)) {
      await w.catalog.close();
      w.db.close();
    }
  });
  afterAll(() => tmp.cleanup());

  function world(rule: Record<string, unknown> | null): World {
    const db = openDatabase(join(tmp.dir, `hub${++n}.db`));
    const catalog = new CatalogStore(db);
    const rules: CatalogConfig = rule ? { products: entityCatalogConfig.parse(rule) } : {};
    const opened: number[] = [];
    const hub = new CatalogHub(db, catalog, new RecordStore(db), { rules: () => rules, onConflicts: (k) => opened.push(k) });
    let run = 0;
    const w: World = {
      db, catalog, hub, rules, opened,
      // One page per item, as separate syncs of its source.
      sync: (...items) => {
        for (const p of items) db.transaction(() => hub.applyPage('products', [prepareProduct({ ...p })], ++run, t(100 + run)))();
      },
      one: () => {
        const live = [...catalog.iterate()];
        expect(live).toHaveLength(1);
        return live[0]!;
      },
    };
    worlds.push(w);
    return w;
  }

  it('without a match rule, two sources with the same ids stand alone', () => {
    const w = world(null);
    w.sync(product('erp', '1'), product('crm', '1', { name: 'Outro' }));
    expect(w.catalog.count()).toBe(2);
    expect(w.catalog.get('1', 'crm')!.name).toBe('Outro');
  });

  it('links records of two sources with the same code into one catalog record; unmatched ones stand alone', () => {
    const w = world({ match: 'code' });
    w.sync(product('erp', 'E1'), product('crm', '77', { name: 'Compressor CRM', sourceUpdatedAt: t(2) }), product('crm', '78', { code: 'OTHER' }));
    expect(w.catalog.count()).toBe(2);
    const linked = w.catalog.get('E1', 'erp')!;
    expect(linked.name).toBe('Compressor CRM');
    const prov = w.hub.provenance('products', { id: 'E1' })!;
    expect(prov.links.map((l) => `${l.source}:${l.id}`)).toEqual(['crm:77', 'erp:E1']);
    expect(prov.fields.name).toBe('crm');
    expect(w.catalog.get('78', 'crm')!.code).toBe('OTHER');
    // The crm record joined the ERP's: it has no row of its own.
    expect(w.catalog.get('77', 'crm')).toBeNull();
  });

  type Case = { policy: ConflictPolicy; fields: 'same' | 'different'; order: 'in-order' | 'out-of-order' };
  const policies: ConflictPolicy[] = ['last-write', 'priority', 'ownership', 'review'];
  const cases: Case[] = policies.flatMap((policy) =>
    (['same', 'different'] as const).flatMap((fields) => (['in-order', 'out-of-order'] as const).map((order) => ({ policy, fields, order }))),
  );
  // ERP edits price at t2; the CRM edits price (same) or description (different) at t3, later by the sources' clocks.
  const expected: Record<ConflictPolicy, Record<'same' | 'different', { price: number; description: string } | 'conflict'>> = {
    'last-write': { same: { price: 30, description: 'd0' }, different: { price: 20, description: 'd-crm' } },
    priority: { same: { price: 20, description: 'd0' }, different: { price: 20, description: 'd0' } },
    ownership: { same: { price: 20, description: 'd0' }, different: { price: 20, description: 'd-crm' } },
    review: { same: 'conflict', different: { price: 20, description: 'd-crm' } },
  };

  it.each(cases)('conflict matrix: $policy, $fields fields, $order', ({ policy, fields, order }) => {
    const w = world({ match: 'code', policy, priority: ['erp', 'crm'], owners: { price: 'erp', description: 'crm' } });
    w.sync(product('erp', 'E1'), product('crm', 'C1'));
    const erpEdit = product('erp', 'E1', { price: 20, sourceUpdatedAt: t(2) });
    const crmEdit = product('crm', 'C1', fields === 'same' ? { price: 30, sourceUpdatedAt: t(3) } : { description: 'd-crm', sourceUpdatedAt: t(3) });
    if (order === 'in-order') w.sync(erpEdit, crmEdit);
    else w.sync(crmEdit, erpEdit);
    // A stale copy of each source's first version arrives late: older than stored, it changes nothing.
    w.sync(product('erp', 'E1', { sourceUpdatedAt: t(0) }), product('crm', 'C1', { price: 99, sourceUpdatedAt: t(1) }));
    const got = w.one();
    const want = expected[policy][fields];
    if (want === 'conflict') {
      // Held at what the catalog showed when the second source disagreed (the first one's one-sided update).
      expect(got.price).toBe(order === 'in-order' ? 20 : 30);
      const [c] = w.hub.links.listConflicts({ status: 'open', limit: 10 });
      expect(c!.fields.map((f) => [f.field, f.current, f.candidates.map((x) => [x.source, x.value])])).toEqual([
        ['price', got.price, [['erp', 20], ['crm', 30]]],
      ]);
    } else {
      expect({ price: got.price, description: got.description }).toEqual(want);
      expect(w.hub.links.listConflicts({ status: 'open', limit: 10 })).toEqual([]);
    }
  });

  it('manual review: the operator picks per field; a pick holds until a source changes the field', async () => {
    const w = world({ match: 'code', policy: 'review' });
    w.sync(product('erp', 'E1'), product('crm', 'C1'));
    w.sync(product('erp', 'E1', { price: 20, name: 'Compressor ERP', sourceUpdatedAt: t(2) }), product('crm', 'C1', { price: 30, name: 'Compressor CRM', sourceUpdatedAt: t(3) }));
    const [c] = w.hub.links.listConflicts({ status: 'open', limit: 10 });
    expect(c!.fields.map((f) => f.field)).toEqual(['name', 'price']);
    // Each source changed name and price since they last agreed: held at what the catalog showed.
    expect(w.one()).toMatchObject({ name: 'Compressor ERP', price: 20 });
    await Promise.resolve(new Promise((r) => setImmediate(r)));
    expect(w.opened.at(-1)).toBe(1);

    // One field picked: the record takes it; the conflict keeps the other.
    let after = w.db.transaction(() => w.hub.resolve(c!.id, { price: { source: 'erp' } }, t(50)))();
    expect(after.status).toBe('open');
    expect(after.fields.map((f) => f.field)).toEqual(['name']);
    expect(w.one().price).toBe(20);
    after = w.db.transaction(() => w.hub.resolve(c!.id, { name: { value: 'Compressor de ar' } }, t(51)))();
    expect(after.status).toBe('resolved');
    expect(w.one()).toMatchObject({ name: 'Compressor de ar', price: 20 });
    expect(w.hub.provenance('products', { id: 'E1' })!.fields).toMatchObject({ name: 'review', price: 'review' });
    expect(w.catalog.changes({ recordId: 'E1', source: 'erp' }).at(-1)).toMatchObject({ origin: 'operator', changes: { name: ['Compressor ERP', 'Compressor de ar'] } });
    await Promise.resolve(new Promise((r) => setImmediate(r)));
    expect(w.opened.at(-1)).toBe(0);

    // A sync that brings the same values keeps the picks; a source changing price alone is an update.
    w.sync(product('crm', 'C1', { price: 30, name: 'Compressor CRM', stock: 1, sourceUpdatedAt: t(4) }));
    expect(w.one()).toMatchObject({ name: 'Compressor de ar', price: 20, stock: 1 });
    w.sync(product('crm', 'C1', { price: 35, name: 'Compressor CRM', stock: 1, sourceUpdatedAt: t(5) }));
    expect(w.one()).toMatchObject({ name: 'Compressor de ar', price: 35 });
    expect(w.hub.links.listConflicts({ status: 'open', limit: 10 })).toEqual([]);
  });

  it('a pinned value survives 3 syncs, records that the source disagrees, and unpins to the source value', () => {
    const w = world(null);
    w.sync(product('erp', '1'));
    w.db.transaction(() => w.hub.pin('products', { id: '1' }, 'price', 15, t(10)))();
    expect(w.catalog.get('1')!.price).toBe(15);
    for (let i = 0; i < 3; i++) w.sync(product('erp', '1', { price: 40 + i, name: `Compressor v${i}`, sourceUpdatedAt: t(20 + i) }));
    const p = w.catalog.get('1')!;
    expect(p).toMatchObject({ price: 15, name: 'Compressor v2' });
    const prov = w.hub.provenance('products', { id: '1' })!;
    expect(prov.pins.price).toMatchObject({ value: 15, sourceValue: 42, disagrees: true });
    expect(prov.fields).toMatchObject({ price: 'pin', name: 'erp' });
    expect(w.catalog.changes({ recordId: '1' }).map((c) => c.origin)).toEqual(['erp', 'operator', 'erp', 'erp', 'erp']);
    w.db.transaction(() => w.hub.unpin('products', { id: '1' }, 'price', t(30)))();
    expect(w.catalog.get('1')!.price).toBe(42);
    expect(w.hub.provenance('products', { id: '1' })!.pins).toEqual({});
    expect(() => w.hub.pin('products', { id: '1' }, 'price', 'cheap', t(31))).toThrow(/value: not a valid price/);
    expect(() => w.hub.pin('products', { id: '1' }, 'colour', 'red', t(31))).toThrow(/field: "colour" is not a product field/);
    expect(() => w.hub.pin('products', { id: 'nope' }, 'price', 1, t(31))).toThrow(/id: no products record "nope"/);
  });

  it('a pin on a linked record holds whatever the policy would choose', () => {
    const w = world({ match: 'code', policy: 'last-write' });
    w.sync(product('erp', 'E1'), product('crm', 'C1'));
    w.db.transaction(() => w.hub.pin('products', { id: 'E1' }, 'price', 11, t(10)))();
    for (let i = 0; i < 3; i++) w.sync(product(i % 2 ? 'erp' : 'crm', i % 2 ? 'E1' : 'C1', { price: 50 + i, sourceUpdatedAt: t(20 + i) }));
    expect(w.one().price).toBe(11);
    expect(w.hub.provenance('products', { id: 'E1' })!.pins.price).toMatchObject({ sourceValue: 52, disagrees: true });
    w.db.transaction(() => w.hub.unpin('products', { id: 'E1' }, 'price', t(30)))();
    expect(w.one().price).toBe(52);
  });

  it("one source's delete leaves the catalog record to the other; the last delete tombstones it", () => {
    const w = world({ match: 'code', policy: 'priority', priority: ['erp', 'crm'] });
    w.sync(product('erp', 'E1', { price: 20 }), product('crm', 'C1', { price: 30 }));
    expect(w.one().price).toBe(20);
    expect(w.db.transaction(() => w.hub.markDeleted('products', 'erp', ['E1'], 9, t(40)))()).toEqual(['E1']);
    expect(w.one()).toMatchObject({ id: 'E1', source: 'erp', price: 30 });
    w.db.transaction(() => w.hub.markDeleted('products', 'crm', ['C1'], 10, t(41)))();
    expect(w.catalog.count()).toBe(0);
    expect(w.catalog.changes({ recordId: 'E1', source: 'erp' }).at(-1)).toMatchObject({ op: 'deleted', origin: 'crm' });
  });

  it('entity records (customers by tax id) merge through the same mechanism', () => {
    const w = world(null);
    w.rules.customers = entityCatalogConfig.parse({ match: 'taxId', policy: 'ownership', owners: { email: 'crm' } });
    const records = new RecordStore(w.db);
    const rec = (source: string, id: string, data: Record<string, unknown>, at: number) => ({ id, source, data, sourceUpdatedAt: t(at), checksum: JSON.stringify(data) });
    w.db.transaction(() => w.hub.applyPage('customers', [rec('erp', '1', { taxId: '00.1', name: 'ACME', email: 'old@acme' }, 1)], 1, t(1)))();
    w.db.transaction(() => w.hub.applyPage('customers', [rec('crm', '9', { taxId: '00.1', name: 'Acme Ltda', email: 'sales@acme' }, 2)], 2, t(2)))();
    expect(records.entities()).toEqual([{ entity: 'customers', count: 1 }]);
    expect(records.get('customers', '1', 'erp')!.data).toEqual({ taxId: '00.1', name: 'Acme Ltda', email: 'sales@acme' });
    expect(w.hub.decorate('customers', records.get('customers', '1'))!.provenance!.fields).toMatchObject({ email: 'crm', name: 'crm' });
  });
});
