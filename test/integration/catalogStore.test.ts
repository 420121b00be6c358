// The catalog store on real SQLite files: change feed, tombstones, categories, ranked search, keyset paging,
// cache invalidation, export round trip, bulk loads and migration from an older schema.
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { RecordCache } from '../../src-main/engine/cache/recordCache.js';
import { exportRecords } from '../../src-main/engine/export/exporter.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { migrations } from '../../src-main/engine/store/migrations.js';
import { tempDir } from '../helpers/tmp.js';

const base = (id: string, over: Partial<MappedProduct> = {}): MappedProduct => ({
  id, source: 's', externalId: null, name: `Produto ${id}`, code: `P-${id}`, description: null, type: 'product',
  category: 'Compressores', subcategory: 'Parafuso', brand: 'Schulz', price: 100, currency: 'BRL', stock: 1, unit: 'UN',
  active: true, ncm: null, customFields: {}, sourceUpdatedAt: null, ...over,
});

const search = (store: CatalogStore, input: object) => store.search(searchInput.parse(input));

describe('catalog store on SQLite', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let db: Db | undefined;
  let store: CatalogStore | undefined;
  // close() stops the workers a bulk load starts (the search index built alongside it).
  afterEach(async () => {
    await store?.close();
    store = undefined;
    db?.close();
  });
  let n = 0;
  const open = () => {
    db = openDatabase(join(tmp.dir, `c${++n}.db`));
    return (store = new CatalogStore(db));
  };
  const write = (store: CatalogStore, items: MappedProduct[], runId = 1, deferIndex = false) =>
    db!.transaction(() => store.applyPage(items.map(prepareProduct), runId, new Date().toISOString(), { deferIndex }))();

  it('returns the raw hashes of live products only, whatever the ids asked for', () => {
    const store = open();
    const hashed = (p: MappedProduct, rawHash: string | null) => ({ ...prepareProduct(p), rawHash });
    db!.transaction(() =>
      store.applyPage([hashed(base('a'), 'fp000000hashA'), hashed(base('b'), 'fp000000hashB'), hashed(base('c'), 'fp000000hashC'), hashed(base('n'), null)], 1, 'now'),
    )();
    db!.transaction(() => store.markDeleted(['c'], 2, 'now', 's'))();
    const got = db!.transaction(() => store.rawHashesByIds(['x', 'b', 'a', 'c', 'n', 'a', 'it has spaces'], 's'))();
    expect([...got].sort()).toEqual([['a', 'fp000000hashA'], ['b', 'fp000000hashB']]);
    expect(store.rawHashesByIds([], 's').size).toBe(0);
    // Another source's records of the same ids are not this source's.
    expect(db!.transaction(() => store.rawHashesByIds(['a'], 'other'))().size).toBe(0);
  });

  it('tombstones and brings back a product, logging both, and hides it meanwhile', () => {
    const store = open();
    write(store, [base('1', { name: 'Válvula solenoide' }), base('2')]);
    expect(db!.transaction(() => store.markDeleted(['1', 'nope'], 2, 'now', 's'))()).toEqual(['1']);
    expect(store.get('1')).toBeNull();
    expect(search(store, { query: 'valvula' }).total).toBe(0);
    expect(store.count()).toBe(1);
    const back = write(store, [base('1', { name: 'Válvula solenoide' })], 3);
    expect(back).toMatchObject({ updated: 1, created: 0 });
    expect(store.get('1')!.syncVersion).toBe(3);
    expect(search(store, { query: 'valvula' }).items.map((i) => i.id)).toEqual(['1']);
    const history = store.changes({ recordId: '1' });
    expect(history.map((h) => h.op)).toEqual(['created', 'deleted', 'updated']);
    expect(history[2]!.changes).toEqual({ deleted: [true, false] });
  });

  it('records old and new values of exactly the fields that changed, flags and objects as values', () => {
    const store = open();
    write(store, [base('1', { customFields: { origin: 'omie', n: 1 }, tags: ['a'] })]);
    write(store, [base('1', { active: false, customFields: { origin: 'omie', n: 2 }, tags: ['a'], price: 100 })], 2);
    const last = store.changes({ recordId: '1' }).at(-1)!;
    expect(last.op).toBe('updated');
    expect(last.changes).toEqual({ active: [true, false], customFields: [{ origin: 'omie', n: 1 }, { origin: 'omie', n: 2 }] });
  });

  it('takes a stored checksum of another recipe (an upgrade) for unchanged content: no write, no feed entry', () => {
    const store = open();
    write(store, [base('1'), base('2')]);
    db!.prepare("UPDATE products SET checksum = 'old-recipe'").run();
    const feedBefore = store.changes().length;
    const r = write(store, [base('1'), base('2', { price: 7 })], 2);
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 1, changedIds: ['2'] });
    expect(store.changes().length).toBe(feedBefore + 1);
    expect(store.get('1')!.syncVersion).toBe(1);
    const again = write(store, [base('1'), base('2', { price: 7 })], 3);
    expect(again).toMatchObject({ updated: 0, unchanged: 2 });
  });

  it('records a bulk load as range entries that read back per record, with history per product', () => {
    const store = open();
    const r = write(store, Array.from({ length: 30 }, (_, i) => base(String(i))), 7, true);
    expect(r.created).toBe(30);
    expect(store.fts.stale).toBe(true);
    const rows = db!.prepare("SELECT count(*) AS n FROM change_feed WHERE record_id = ''").get() as { n: number };
    expect(rows.n).toBe(1);
    const feed = store.changes();
    expect(feed).toHaveLength(30);
    expect(new Set(feed.map((f) => f.recordId)).size).toBe(30);
    expect(feed.every((f) => f.op === 'created' && f.runId === 7)).toBe(true);
    expect(store.changes({ recordId: '17' })).toEqual([expect.objectContaining({ recordId: '17', op: 'created' })]);
  });

  it('a bulk load is searchable after finishBulk, which rebuilds indexes on a worker', async () => {
    const store = open();
    write(store, [base('1', { name: 'Compressor de Parafuso', category: null }), base('2', { name: 'Secador', category: null })], 1, true);
    expect(search(store, { query: 'compressor' }).total).toBe(0);
    await store.finishBulk();
    expect(store.fts.stale).toBe(false);
    expect(search(store, { query: 'compressor' }).items.map((i) => i.id)).toEqual(['1']);
    const indexes = db!.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'products_%'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['products_name', 'products_brand', 'products_price']));
  });

  it('ranks name matches above description matches, shorter names first, accent- and case-insensitive, prefix as you type', () => {
    const store = open();
    const plain = (p: MappedProduct) => ({ ...p, category: null, subcategory: null });
    write(store, ([
      base('d', { name: 'Filtro de ar', description: 'Para compressor de parafuso' }),
      base('long', { name: 'Compressor de Parafuso GA 30 VSD 10 bar' }),
      base('short', { name: 'Compressor GA 11' }),
      base('acc', { name: 'Máquina de solda' }),
      base('plain', { name: 'Maquina de corte', description: 'máquina' }),
    ]).map(plain));
    expect(search(store, { query: 'compressor' }).items.map((i) => i.id)).toEqual(['short', 'long', 'd']);
    expect(search(store, { query: 'COMPR' }).items.map((i) => i.id)).toEqual(['short', 'long', 'd']);
    const a = search(store, { query: 'máquina' }).items.map((i) => i.id).sort();
    const b = search(store, { query: 'maquina' }).items.map((i) => i.id).sort();
    expect(a).toEqual(['acc', 'plain']);
    expect(b).toEqual(a);
    expect(search(store, { query: 'maquina' }).items.find((i) => i.id === 'acc')!.snippet).toBe('[[Máquina]] de solda');
  });

  it('filters by category with its subcategories, brand, type, stock and price, and counts facets', () => {
    const store = open();
    write(store, [
      base('1', { category: 'Compressores', subcategory: 'Parafuso', brand: 'Atlas Copco', price: 50 }),
      base('2', { category: 'Compressores', subcategory: 'Pistão', brand: 'Schulz', price: 150, stock: 0 }),
      base('3', { category: 'Peças', subcategory: 'Filtros', brand: 'Schulz', type: 'service' }),
    ]);
    const ids = (filters: object) => search(store, { filters }).items.map((i) => i.id).sort();
    expect(ids({ category: 'Compressores' })).toEqual(['1', '2']);
    expect(ids({ category: 'Pistão' })).toEqual(['2']);
    expect(ids({ brand: 'Schulz', type: 'product' })).toEqual(['2']);
    expect(ids({ inStock: false })).toEqual(['2']);
    expect(ids({ minPrice: 60, maxPrice: 200 })).toEqual(['2', '3']);
    const facets = search(store, { filters: { brand: 'Schulz' }, facets: true }).facets!;
    expect(facets.category).toEqual([{ value: 'Compressores', count: 1 }, { value: 'Peças', count: 1 }]);
    expect(facets.type).toEqual([{ value: 'product', count: 1 }, { value: 'service', count: 1 }]);
    expect(search(store, { query: 'produto', facets: true }).facets!.brand).toEqual([{ value: 'Schulz', count: 2 }, { value: 'Atlas Copco', count: 1 }]);
    expect(store.categories()).toEqual([
      { name: 'Compressores', count: 2, children: [{ name: 'Parafuso', count: 1, children: [] }, { name: 'Pistão', count: 1, children: [] }] },
      { name: 'Peças', count: 1, children: [{ name: 'Filtros', count: 1, children: [] }] },
    ]);
  });

  it('keyset pagination returns every matching row exactly once, in every sort', () => {
    const store = open();
    // Repeated names and prices, and NULL prices, are where keyset pagination goes wrong.
    write(store, Array.from({ length: 157 }, (_, i) =>
      base(String(i), { name: `Compressor ${i % 7}`, price: i % 5 === 0 ? null : i % 11, description: i % 3 ? 'peça' : null, sourceUpdatedAt: i % 4 ? new Date(2025, 0, 1 + (i % 9)).toISOString() : null }),
    ));
    fc.assert(
      fc.property(
        fc.constantFrom('relevance', 'name', 'price', 'updated'),
        fc.constantFrom('', 'compressor', 'peca', 'compr 3'),
        fc.integer({ min: 1, max: 40 }),
        (sort, query, limit) => {
          const seen: string[] = [];
          let cursor: string | undefined;
          let total = 0;
          for (let guard = 0; guard < 500; guard++) {
            const page = search(store, { query, sort, limit, ...(cursor ? { cursor } : {}) });
            total = page.total;
            seen.push(...page.items.map((i) => i.id));
            cursor = page.nextCursor;
            if (!cursor) break;
          }
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(total);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the cache serves a product fresh after its update commits and keeps unrelated entries', () => {
    const store = open();
    write(store, [base('a'), base('b')]);
    const cache = new RecordCache<object>({ max: 100, ttlMs: 60_000 });
    const load = (id: string) => store.get(id);
    cache.get('a', load);
    cache.get('b', load);
    const r = write(store, [base('a', { price: 999 })], 2);
    cache.invalidate(r.changedIds);
    const before = cache.stats();
    expect((cache.get('a', load) as { price: number }).price).toBe(999);
    cache.get('b', load);
    const after = cache.stats();
    expect(after.misses - before.misses).toBe(1); // a reloaded
    expect(after.hits - before.hits).toBe(1); // b still cached
    const small = new RecordCache<object>({ max: 2, ttlMs: 60_000 });
    ['x', 'y', 'z'].forEach((k) => small.get(k, () => ({})));
    expect(small.stats().evictions).toBe(1);
  });

  it('export to NDJSON round-trips every product; CSV escapes separators and quotes', async () => {
    const store = open();
    write(store, [base('1', { name: 'Tubo 1/2", "flex"', customFields: { a: 1 }, tags: ['x'] }), base('2', { description: 'linha 1\nlinha 2' })]);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await exportRecords(store.iterate(), 'ndjson', out)).toBe(2);
    const lines = Buffer.concat(chunks).toString().trimEnd().split('\n').map((l) => JSON.parse(l) as MappedProduct & { syncVersion: number });
    const copy = open();
    write(copy, lines.map(({ syncVersion: _s, firstSeenAt: _f, lastSyncedAt: _l, ...p }: Record<string, unknown>) => p as unknown as MappedProduct));
    expect([...copy.iterate()].map(({ firstSeenAt: _f, lastSyncedAt: _l, ...p }) => p)).toEqual(
      [...store.iterate()].map(({ firstSeenAt: _f, lastSyncedAt: _l, ...p }) => p),
    );
    const csvOut = new PassThrough();
    let csv = '';
    csvOut.on('data', (c: Buffer) => (csv += c.toString()));
    await exportRecords(store.iterate(), 'csv', csvOut);
    expect(csv).toContain('"Tubo 1/2"", ""flex"""');
    expect(csv).toContain('"linha 1\nlinha 2"');
  });

  it('prunes change-feed entries past retention, in slices, keeping newer ones', async () => {
    const store = open();
    db!.transaction(() => store.applyPage([base('old')].map(prepareProduct), 1, '2020-01-01T00:00:00.000Z'))();
    for (let i = 0; i < 5; i++) db!.transaction(() => store.applyPage([base('old', { price: i })].map(prepareProduct), 2, '2020-01-02T00:00:00.000Z'))();
    write(store, [base('new')]);
    expect(await store.pruneChanges('2021-01-01T00:00:00.000Z', 2)).toBe(6);
    expect(store.changes().map((c) => c.recordId)).toEqual(['new']);
  });

  it('migrates a catalog written by the first schema and makes it searchable', async () => {
    const file = join(tmp.dir, 'old.db');
    const old = openDatabase(file, migrations.filter((m) => m.version === 1));
    old.prepare(`INSERT INTO products (id, source, name, code, checksum, first_seen_at, last_synced_at) VALUES ('9', 's', 'Compressor antigo', 'OLD-9', 'x', 'then', 'then')`).run();
    old.close();
    const raw = readFileSync(file);
    writeFileSync(join(tmp.dir, 'old-copy.db'), raw);
    db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
    const store = new CatalogStore(db);
    expect(store.get('9')!.name).toBe('Compressor antigo');
    expect(await store.recover()).toBe(true);
    expect(search(store, { query: 'antigo' }).items.map((i) => i.id)).toEqual(['9']);
    expect(store.getByCode('OLD-9')!.id).toBe('9');
    // Migration 6: rows from before raw hashes have none; the source index counts live rows on its own.
    expect(db.prepare("SELECT raw_hash FROM products WHERE id = '9'").pluck().get()).toBeNull();
    expect(db.prepare("SELECT name FROM pragma_index_info('products_source')").pluck().all()).toEqual(['source', 'deleted_at', 'source_updated_at']);
  });
});
