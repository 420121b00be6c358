// The postgres target against a real PostgreSQL (the run's shared cluster): products into the enhanced product
// table, a filtered rentals table (only CIA_LOC_ codes), customers into a table made from their fields. After each
// push the tables equal the catalog row by row; a re-sent feed changes nothing and is counted as skipped, once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { Product } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { pgDatabase, type PgDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

interface Row {
  ploomes_product_id: string;
  name: string;
  code: string | null;
  product_type: string;
  category: string | null;
  base_price: string | null;
  stock_quantity: number | null;
  active: boolean;
  source_system: string;
  sync_version: number;
  deleted_at: Date | null;
}

function products(round: number): Record<string, unknown>[] {
  return Array.from({ length: 30 }, (_, i) => ({
    id: `P${i + 1}`,
    code: i % 5 === 0 ? `CIA_LOC_${i}` : `ATL-${i}`,
    name: `Produto ${i + 1}`,
    type: i % 5 === 0 ? 'rental' : 'product',
    category: i % 2 ? 'Compressores' : 'Ferramentas',
    // Round 2 changes three prices and drops two products.
    price: round === 2 && i < 3 ? 1000 + i : 10 + i * 1.5,
    stock: i,
  })).filter((_, i) => round === 1 || (i !== 10 && i !== 11));
}

describe('postgres target', () => {
  const tmp = tempDir();
  let db: PgDatabase;
  let engine: Engine;
  const productsFile = join(tmp.dir, 'products.json');
  const customersFile = join(tmp.dir, 'customers.json');

  beforeAll(async () => {
    db = await pgDatabase();
    writeFileSync(productsFile, JSON.stringify(products(1)));
    writeFileSync(customersFile, JSON.stringify(Array.from({ length: 8 }, (_, i) => ({ id: `C${i}`, legal_name: `Cliente ${i}`, city: i % 2 ? 'Joinville' : 'Curitiba', credit: i * 100 }))));
    const config = syncflowConfig.parse({
      syncOnStart: false,
      sources: [
        { name: 'erp', kind: 'file', path: productsFile, format: 'json',
          mapping: { fields: { id: 'id', code: 'code', name: 'name', type: 'type', category: 'category', price: 'price', stock: 'stock' } } },
        { name: 'crm', kind: 'file', entity: 'customers', path: customersFile, format: 'json',
          mapping: { fields: { id: 'id', legal_name: 'legal_name', city: 'city', credit: 'credit' } } },
      ],
      targets: [
        { name: 'supabase', kind: 'postgres', url: db.url },
        { name: 'rentals', kind: 'postgres', url: db.url, table: 'rentals', filter: { codePrefixes: ['CIA_LOC_'] } },
        { name: 'crm-copy', kind: 'postgres', entity: 'customers', url: db.url, indexes: ['city'] },
        // Nothing listens there; disabled, so only a push by name tries it.
        { name: 'nowhere', kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', enabled: false, maxRetries: 0, timeoutMs: 2000 },
      ],
    });
    engine = await Engine.open({ dataDir: join(tmp.dir, 'data'), config, fileLogs: false });
  });

  afterAll(async () => {
    await engine.close();
    await db.drop();
    tmp.cleanup();
  });

  /** Every catalog product (live and deleted) against its row. */
  async function expectTableEqualsCatalog(table: string, keep: (p: Product) => boolean) {
    const rows = await db.query<Row>(`SELECT * FROM ${table} ORDER BY ploomes_product_id`);
    const live = [...engine.catalog.iterate()].filter(keep);
    const byId = new Map(rows.map((r) => [r.ploomes_product_id, r]));
    expect(rows.filter((r) => r.deleted_at === null).map((r) => r.ploomes_product_id).sort()).toEqual(live.map((p) => p.id).sort());
    for (const p of live) {
      const r = byId.get(p.id)!;
      expect({ name: r.name, code: r.code, type: r.product_type, category: r.category, price: Number(r.base_price), stock: r.stock_quantity, active: r.active, source: r.source_system, version: r.sync_version })
        .toEqual({ name: p.name, code: p.code, type: p.type, category: p.category, price: p.price, stock: p.stock, active: p.active, source: p.source, version: p.syncVersion });
    }
    return rows;
  }

  it('creates the enhanced product table and its indexes, and fills it from the catalog', async () => {
    const runs = await engine.syncNow({ full: false });
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    const pushes = await engine.pushTargets({});
    expect(pushes.map((p) => [p.target, p.status, p.counts.sent])).toEqual([
      ['supabase', 'succeeded', 30],
      ['rentals', 'succeeded', 6],
      ['crm-copy', 'succeeded', 8],
    ]);
    const cols = await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'products_enhanced'");
    for (const c of ['ploomes_product_id', 'external_id', 'product_type', 'base_price', 'cost_price', 'ncm_code', 'cfop_code', 'stock_quantity',
      'unit_of_measure', 'available_for_sale', 'source_system', 'tags', 'custom_fields', 'last_sync_at', 'sync_version']) {
      expect(cols.map((x) => x.column_name)).toContain(c);
    }
    const indexes = await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'products_enhanced'");
    expect(indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining(['products_enhanced_code_idx', 'products_enhanced_category_idx']));
    await expectTableEqualsCatalog('products_enhanced', () => true);
    const rentals = await expectTableEqualsCatalog('rentals', (p) => p.code!.startsWith('CIA_LOC_'));
    expect(rentals).toHaveLength(6);
  });

  it('makes the customers table from their fields', async () => {
    const rows = await db.query<{ id: string; legal_name: string; city: string; credit: number; data: Record<string, unknown> }>('SELECT * FROM customers ORDER BY id');
    expect(rows.map((r) => [r.id, r.legal_name, r.city, r.credit])).toEqual(
      [...engine.records.iterate('customers')].map((c) => [c.id, c.data.legal_name, c.data.city, c.data.credit]),
    );
    const idx = await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'customers'");
    expect(idx.map((i) => i.indexname)).toContain('customers_city_idx');
  });

  it('pushes updates and deletes, then equals the catalog again; offset and lag say so', async () => {
    writeFileSync(productsFile, JSON.stringify(products(2)));
    const [run] = await engine.syncNow({ source: 'erp', full: true });
    expect(run!.counts).toMatchObject({ updated: 3, deleted: 2 });
    const [push] = await engine.pushTargets({ targets: ['supabase'] });
    expect(push!.counts).toEqual({ sent: 5, failed: 0, skipped: 0 });
    const rows = await expectTableEqualsCatalog('products_enhanced', () => true);
    expect(rows.filter((r) => r.deleted_at !== null).map((r) => r.ploomes_product_id).sort()).toEqual(['P11', 'P12']);
    const [t] = (await engine.listTargets({})).filter((x) => x.name === 'supabase');
    expect(t!.lag).toBe(0);
    expect(t!.offset).toBeGreaterThan(0);
    expect(t!.lastRun).toMatchObject({ strategy: 'push', status: 'succeeded' });
    // The rentals target has not pushed the new changes yet.
    expect((await engine.listTargets({})).find((x) => x.name === 'rentals')!.lag).toBeGreaterThan(0);
  });

  it('a feed sent again (a crash before the offset was saved) changes no row', async () => {
    const before = await db.query<{ ploomes_product_id: string; xmin: string }>('SELECT ploomes_product_id, xmin::text FROM products_enhanced ORDER BY 1');
    engine.targets.store.rewind('supabase');
    const [again] = await engine.pushTargets({ targets: ['supabase'] });
    // Each of the 30 products once, as skipped: the 28 live rows hold their versions already, the 2 deleted were
    // never sent as far as the rewound ledger knows. None counted as sent as well.
    expect(again).toMatchObject({ status: 'succeeded', counts: { sent: 0, failed: 0, skipped: 30 } });
    const after = await db.query<{ ploomes_product_id: string; xmin: string }>('SELECT ploomes_product_id, xmin::text FROM products_enhanced ORDER BY 1');
    // xmin changes with every write of a row: equal means nothing was written again.
    expect(after).toEqual(before);
    await expectTableEqualsCatalog('products_enhanced', () => true);
  });

  it('shows push runs in the history', async () => {
    const runs = await engine.listRuns({ source: 'supabase', limit: 10 });
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((r) => r.strategy === 'push')).toBe(true);
  });

  it('fails a push to a server that is not there as a network error and keeps its offset', async () => {
    const [r] = await engine.pushTargets({ targets: ['nowhere'] });
    expect(r).toMatchObject({ status: 'failed', error: { class: 'network' } });
    const t = (await engine.listTargets({})).find((x) => x.name === 'nowhere')!;
    expect(t.offset).toBe(0);
    expect(t.breaker.consecutiveFailures).toBe(1);
  });

  it('keeps the change feed a target has not read yet out of the retention prune', () => {
    // "nowhere" has read nothing: the cut moves back to the first entry, whatever the retention says.
    const first = engine.catalog.changes({ limit: 1 })[0]!;
    expect(engine.targets.pruneBefore('2999-01-01T00:00:00.000Z')).toBe(first.at);
    expect(engine.targets.pruneBefore('2000-01-01T00:00:00.000Z')).toBe('2000-01-01T00:00:00.000Z');
  });
});
