// Two fake vendors (real HTTP servers) whose ids overlap and whose codes partly match, synced by the real engine
// with a match rule: one catalog record per code, values by field ownership, a pin that holds across syncs, a
// source's full-pass delete that unlinks only its record; and full-pass deletes of an entity other than products.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startJsonServer } from '../fixtures/jsonServer.js';
import { startMutableVendor, vendorSource } from '../fixtures/mutableVendor.js';
import { tempDir } from '../helpers/tmp.js';

const later = (i: number) => new Date(Date.UTC(2026, 5, 1, 0, i)).toISOString();

describe('several sources into one catalog (real syncs)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('links by code, takes each field from its owner, keeps a pin through 3 syncs, unlinks on a full-pass delete', async () => {
    const erp = await startMutableVendor(60);
    // The shop numbers its records 1..40 too, but sells SKU-21..SKU-60 under them.
    const shop = await startMutableVendor(40);
    shop.items.forEach((it, i) => {
      it.sku = `SKU-${21 + i}`;
      it.title = `Loja ${21 + i}`;
      it.price = 999;
    });
    const engine = await Engine.open({
      dataDir: join(tmp.dir, 'hub'),
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        sources: [vendorSource('erp', erp.url), vendorSource('shop', shop.url)],
        catalog: { products: { match: 'code', policy: 'ownership', owners: { price: 'erp', name: 'shop' } } },
      }),
    });
    try {
      await engine.syncNow({ source: 'erp', full: true });
      const [s] = await engine.syncNow({ source: 'shop', full: true });
      expect(s).toMatchObject({ status: 'succeeded', counts: { fetched: 40, quarantined: 0 } });
      expect(engine.catalog.count()).toBe(60);
      const p30 = (await engine.getProductByCode({ code: 'SKU-30' }))!;
      expect(p30).toMatchObject({ source: 'erp', id: '30', name: 'Loja 30', price: erp.items[29]!.price });
      const full = (await engine.getProduct({ id: '30' }))!;
      expect(full.provenance!.links.map((l) => `${l.source}:${l.id}`)).toEqual(['erp:30', 'shop:10']);
      expect(full.provenance!.fields).toMatchObject({ name: 'shop', price: 'erp' });
      // The shop's own record 10 has no row of its own; the ERP's 10 is untouched.
      expect((await engine.getProduct({ id: '10' }))!).toMatchObject({ source: 'erp', name: 'Item 10' });
      expect(await engine.getProduct({ id: '10', source: 'shop' })).toBeNull();

      await engine.pinField({ entity: 'products', id: '30', field: 'price', value: 1.5 });
      for (let round = 0; round < 3; round++) {
        erp.items[29]!.price = 100 + round;
        erp.items[29]!.updated = later(round);
        shop.items[9]!.title = `Loja 30 v${round}`;
        shop.items[9]!.updated = later(round);
        await engine.syncNow({ source: 'erp', full: false });
        await engine.syncNow({ source: 'shop', full: false });
      }
      const pinned = (await engine.getProduct({ id: '30' }))!;
      expect(pinned).toMatchObject({ price: 1.5, name: 'Loja 30 v2' });
      expect(pinned.provenance!.pins.price).toMatchObject({ value: 1.5, sourceValue: 102, disagrees: true });
      const history = await engine.productHistory({ id: '30', limit: 100 });
      expect(history.some((h) => h.origin === 'operator' && h.changes?.price?.[1] === 1.5)).toBe(true);
      expect(history.filter((h) => h.origin === 'shop').length).toBeGreaterThanOrEqual(3);
      await engine.unpinField({ entity: 'products', id: '30', field: 'price' });
      expect((await engine.getProduct({ id: '30' }))!.price).toBe(102);

      // The shop drops SKU-30: a full pass unlinks its record; the catalog record keeps the ERP's values.
      shop.items.splice(9, 1);
      const [del] = await engine.syncNow({ source: 'shop', full: true });
      expect(del).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
      expect((await engine.getProduct({ id: '30' }))!).toMatchObject({ name: 'Item 30', price: 102 });
      expect(engine.catalog.count()).toBe(60);
    } finally {
      await engine.close();
      await erp.close();
      await shop.close();
    }
  });

  it('a full sync tombstones the entity records its source no longer has', async () => {
    const customers = Array.from({ length: 12 }, (_, i) => ({ id: `C${i + 1}`, legal_name: `Cliente ${i + 1}` }));
    const server = await startJsonServer({ customers });
    const engine = await Engine.open({
      dataDir: join(tmp.dir, 'customers'),
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        sources: [{
          name: 'crm', kind: 'rest', entity: 'customers', baseUrl: server.url, path: '/customers', query: { _sort: 'id' },
          pagination: { type: 'offset', offsetParam: '_start', limitParam: '_limit', pageSize: 5 },
          mapping: { fields: { id: 'id', name: 'legal_name' } },
        }],
      }),
    });
    try {
      await engine.syncNow({ source: 'crm', full: true });
      expect(engine.records.count('customers')).toBe(12);
      const gone = await fetch(`${server.url}/customers/C3`, { method: 'DELETE' });
      expect(gone.ok).toBe(true);
      const [run] = await engine.syncNow({ source: 'crm', full: true });
      expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
      expect(engine.records.count('customers')).toBe(11);
      expect(await engine.getRecord({ entity: 'customers', id: 'C3' })).toBeNull();
      expect(engine.catalog.changes({ entity: 'customers' }).filter((c) => c.op === 'deleted').map((c) => [c.recordId, c.origin])).toEqual([['C3', 'crm']]);
    } finally {
      await engine.close();
      await server.close();
    }
  });
});
