// End to end through the engine: the demo vendor API over real HTTP → connector → pipeline → SQLite → search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { startDemoServer, type DemoServer } from '../../src-main/demo/demoServer.js';
import { demoAccountFields } from '../../src-main/engine/connectors/ploomes.js';
import { Engine } from '../../src-main/engine/engine.js';
import { tempDir } from '../helpers/tmp.js';

describe('sync from the demo vendor API', () => {
  let demo: DemoServer;
  let engine: Engine;
  const tmp = tempDir();

  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
    process.env.SYNCFLOW_TEST_PLOOMES_KEY = demo.userKey;
    const config = syncflowConfig.parse({
      // The demo account's own custom-field keys, mapped as an operator maps theirs.
      sources: [{ name: 'ploomes', kind: 'ploomes', baseUrl: demo.url, apiKey: '${env:SYNCFLOW_TEST_PLOOMES_KEY}', mapping: demoAccountFields }],
    });
    engine = await Engine.open({ dataDir: tmp.dir, config });
  });

  afterAll(async () => {
    await engine?.close();
    await demo?.close();
    tmp.cleanup();
  });

  it('loads all 11,793 products with their fields on the first (full) sync', async () => {
    const [run] = await engine.syncNow({ full: false });
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'full', strategyReason: 'no previous successful sync of this source' });
    expect(run!.counts).toMatchObject({ fetched: 11_793, created: 11_793, updated: 0, unchanged: 0, quarantined: 0 });
    expect(engine.catalog.count()).toBe(11_793);

    for (const index of [0, 126, 127, 5000, 11_792]) {
      const id = 100_000 + index;
      const src = demo.product(id)!;
      const p = (await engine.getProduct({ id: String(id) }))!;
      const prop = (key: string) => src.OtherProperties.find((o) => o.FieldKey === key);
      expect(p).toMatchObject({
        id: String(id),
        source: 'ploomes',
        name: src.Name,
        code: src.Code,
        description: src.Description,
        category: src.Family.Name,
        subcategory: src.Group.Name,
        price: src.UnitPrice,
        currency: 'BRL',
        unit: src.MeasurementUnit,
        active: !src.Suspended,
        brand: prop('product_brand')?.StringValue,
        ncm: prop('product_ncm')?.StringValue,
        type: prop('product_type')?.StringValue,
        stock: prop('product_stock')?.IntegerValue,
        sourceUpdatedAt: new Date(src.LastUpdateDate).toISOString(),
        syncVersion: 1,
      });
      expect(p.customFields.origin).toBe(prop('product_origin')?.StringValue);
      expect(p.details?.costPrice).toBe(prop('product_cost')?.DecimalValue);
      if (p.type === 'service') expect(p.details?.service).toEqual({ durationHours: prop('product_service_hours')?.IntegerValue, billingCycle: prop('product_billing_cycle')?.StringValue, sla: prop('product_sla')?.StringValue });
      if (p.type === 'rental') expect(p.details?.rental).toEqual({ dailyRate: prop('product_rental_daily')?.DecimalValue, monthlyRate: src.UnitPrice, minimumDays: prop('product_rental_min_days')?.IntegerValue });
      if (p.type === 'product') expect(p.details).toMatchObject({ weightKg: prop('product_weight_kg')?.DecimalValue, cfop: prop('product_cfop')?.StringValue });
    }
    const types = await Promise.all([100_000, 100_127, 105_000].map(async (id) => (await engine.getProduct({ id: String(id) }))!.type));
    expect(types).toEqual(['service', 'rental', 'product']);

    const total = async (filters: object) => (await engine.search(searchInput.parse({ query: '', filters, limit: 1 }))).total;
    expect(await total({ type: 'service' })).toBe(127);
    expect(await total({ type: 'rental' })).toBe(95);
    expect(await total({ brand: 'Atlas Copco' })).toBe(1307);
    expect(await total({ brand: 'Ingersoll Rand' })).toBe(1952);
  });

  it('a full re-sync after 25 changes updates exactly those 25 and records what changed', async () => {
    const before = engine.catalog.changes({ limit: 1_000_000 }).at(-1)!.seq;
    const mutated = demo.mutate(25).map(String);
    const probe = mutated[0]!;
    const stale = await engine.getProduct({ id: probe }); // now cached
    const [run] = await engine.syncNow({ full: true });
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'full', strategyReason: 'full sync requested' });
    expect(run!.counts).toMatchObject({ fetched: 11_793, created: 0, updated: 25, unchanged: 11_768, deleted: 0 });

    const feed = engine.catalog.changes({ afterSeq: before, limit: 1000 });
    expect(feed).toHaveLength(25);
    expect(new Set(feed.map((f) => f.recordId))).toEqual(new Set(mutated));
    expect(feed.every((f) => f.op === 'updated' && f.runId === run!.id && f.changes && 'price' in f.changes)).toBe(true);

    // The cache must not serve the version from before the sync.
    const fresh = (await engine.getProduct({ id: probe }))!;
    expect(fresh.price).toBe(demo.product(Number(probe))!.UnitPrice);
    expect(fresh.price).not.toBe(stale!.price);
    expect(fresh.syncVersion).toBe(2);
  });

  it('the next sync picks the incremental strategy and fetches only what changed', async () => {
    const mutated = demo.mutate(25).map(String);
    const [run] = await engine.syncNow({ full: false });
    expect(run!.strategy).toBe('incremental');
    expect(run!.counts.updated).toBe(25);
    expect(run!.counts.created).toBe(0);
    // `ge` on the cursor re-reads the records sharing the last timestamp, and the full sync before capped the cursor
    // at its start by the vendor's clock (HTTP Date, whole seconds), so the 25 edited just before it come again too;
    // all are skipped by checksum.
    expect(run!.counts.fetched).toBeLessThan(55);
    expect(run!.counts.fetched).toBe(run!.counts.updated + run!.counts.unchanged);
    for (const id of mutated) expect((await engine.getProduct({ id }))!.price).toBe(demo.product(Number(id))!.UnitPrice);
  });

  it('finds products by a word of the name, by code prefix, accent-insensitively', async () => {
    const sample = demo.product(100_000 + 200)!; // an Atlas Copco product
    const word = sample.Name.split(' ').find((w) => w.length > 5)!;
    const byWord = await engine.search(searchInput.parse({ query: word.toLowerCase(), filters: {}, limit: 50 }));
    expect(byWord.total).toBeGreaterThan(0);
    expect(byWord.items.every((i) => (i.name + ' ' + (i.snippet ?? '')).toLowerCase().includes(word.toLowerCase()) || i.snippet?.includes('[['))).toBe(true);

    const prefix = sample.Code.slice(0, sample.Code.lastIndexOf('-') > 0 ? sample.Code.lastIndexOf('-') : 4);
    const byCode = await engine.search(searchInput.parse({ query: prefix, filters: {}, limit: 200 }));
    expect(byCode.items.some((i) => i.id === String(sample.Id))).toBe(true);
    expect(byCode.items.every((i) => i.code?.toUpperCase().startsWith(prefix.toUpperCase()))).toBe(true);

    const atlas = await engine.search(searchInput.parse({ query: 'atlas', filters: {}, limit: 10 }));
    expect(atlas.total).toBeGreaterThanOrEqual(1307);

    const accented = await engine.search(searchInput.parse({ query: 'manutenção', filters: {}, limit: 5 }));
    const plain = await engine.search(searchInput.parse({ query: 'manutencao', filters: {}, limit: 5 }));
    expect(accented.total).toBeGreaterThan(0);
    expect(plain.total).toBe(accented.total);
  });

  it('pages through search results with the cursor without repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let total = 0;
    do {
      const page = await engine.search(searchInput.parse({ query: '', filters: { type: 'service' }, limit: 50, ...(cursor ? { cursor } : {}) }));
      total = page.total;
      for (const i of page.items) seen.add(i.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(total).toBe(127);
    expect(seen.size).toBe(127);
  });

  it('records a failed run with the auth class when the key is wrong, and keeps the catalog', async () => {
    process.env.SYNCFLOW_TEST_WRONG_KEY = 'not-the-key';
    const tmp2 = tempDir();
    const config = syncflowConfig.parse({
      sources: [{ name: 'bad', kind: 'ploomes', baseUrl: demo.url, apiKey: '${env:SYNCFLOW_TEST_WRONG_KEY}' }],
    });
    const e2 = await Engine.open({ dataDir: tmp2.dir, config });
    try {
      const [run] = await e2.syncNow({ full: false });
      expect(run!.status).toBe('failed');
      expect(run!.error?.class).toBe('auth');
      expect(run!.error?.message).not.toContain('not-the-key');
      const status = await e2.getStatus({});
      expect(status.sources[0]!.state).toBe('error');
    } finally {
      await e2.close();
      tmp2.cleanup();
    }
  });
});
