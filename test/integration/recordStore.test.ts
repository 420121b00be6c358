// Entities other than products, declared only in config, use the same store mechanism: write, diff, search, export.
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { RecordStore, type PreparedRecord } from '../../src-main/engine/store/recordStore.js';
import { tempDir } from '../helpers/tmp.js';

const rec = (id: string, data: Record<string, unknown>): PreparedRecord => ({
  id, source: 'crm', data, sourceUpdatedAt: null, checksum: JSON.stringify(data),
});

describe('record store (customers, invoices, …)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let db: Db | undefined;
  afterEach(() => db?.close());

  it('stores, diffs, searches, tombstones and exports any entity', () => {
    db = openDatabase(join(tmp.dir, 'r.db'));
    const store = new RecordStore(db);
    const page = (entity: string, items: PreparedRecord[], run: number) => db!.transaction(() => store.applyPage(entity, items, run, 'now'))();
    expect(page('customers', [rec('c1', { name: 'Ciara Máquinas', city: 'Curitiba' }), rec('c2', { name: 'Metalúrgica Sul', city: 'Joinville' })], 1)).toMatchObject({ created: 2 });
    expect(page('invoices', [rec('c1', { number: 'NF-100', total: 1234.5 })], 1)).toMatchObject({ created: 1 });
    expect(page('customers', [rec('c1', { name: 'Ciara Máquinas', city: 'Curitiba' })], 2)).toMatchObject({ unchanged: 1 });
    expect(page('customers', [rec('c1', { name: 'Ciara Máquinas', city: 'Londrina' })], 3)).toMatchObject({ updated: 1 });

    expect(store.search('customers', 'maquinas', 10).items.map((r) => r.id)).toEqual(['c1']);
    expect(store.search('customers', 'londrina', 10).items.map((r) => r.data.city)).toEqual(['Londrina']);
    expect(store.search('customers', 'curitiba', 10).items).toEqual([]);
    expect(store.search('invoices', 'maquinas', 10).items).toEqual([]);
    expect(store.search('invoices', 'NF-100', 10).items.map((r) => r.entity)).toEqual(['invoices']);
    expect(store.get('customers', 'c1')!.syncVersion).toBe(2);
    const feed = db.prepare("SELECT op, changes FROM change_feed WHERE entity = 'customers' AND record_id = 'c1' ORDER BY seq").all() as { op: string; changes: string | null }[];
    expect(feed.map((f) => f.op)).toEqual(['created', 'updated']);
    expect(JSON.parse(feed[1]!.changes!)).toEqual({ city: ['Curitiba', 'Londrina'] });

    const first = store.search('customers', '', 1);
    expect(first.items).toHaveLength(1);
    expect(store.search('customers', '', 1, first.next!).items.map((r) => r.id)).toEqual(['c2']);

    expect(db.transaction(() => store.markDeleted('customers', ['c2'], 4, 'now', 'crm'))()).toEqual(['c2']);
    expect(store.search('customers', 'metalurgica', 10).items).toEqual([]);
    expect([...store.iterate('customers')].map((r) => r.id)).toEqual(['c1']);
    expect(store.entities()).toEqual([{ entity: 'customers', count: 1 }, { entity: 'invoices', count: 1 }]);
  });
});
