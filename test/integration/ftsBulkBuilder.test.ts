// The search index a bulk load builds alongside its pages (ftsBulkBuilder.ts), on real SQLite files and a real
// worker thread: it must equal a full rebuild, and anything that could make it disagree with the catalog must send
// the load back to the full rebuild.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { FtsBulkBuilder, scratchPath } from '../../src-main/engine/store/ftsBulkBuilder.js';
import { tempDir } from '../helpers/tmp.js';

const words = ['compressor', 'válvula', 'filtro', 'secador', 'mangueira', 'conexão', 'parafuso', 'óleo'];
const brands = ['Schulz', 'Atlas Copco', 'Parker', 'Ingersoll Rand'];
const product = (i: number, over: Partial<MappedProduct> = {}): MappedProduct => ({
  id: String(i),
  source: 's',
  externalId: null,
  name: `${words[i % words.length]} ${brands[i % brands.length]} ${i % 3 === 0 ? 'industrial ' : ''}${i}`,
  code: `P-${i}`,
  description: `para ${words[(i * 7) % words.length]} de ${i % 5 === 0 ? 'alta pressão' : 'uso geral'}`,
  type: 'product',
  category: i % 2 ? 'Compressores' : 'Peças',
  subcategory: null,
  brand: brands[i % brands.length]!,
  price: i,
  currency: 'BRL',
  stock: 1,
  unit: 'UN',
  active: true,
  ncm: null,
  customFields: {},
  sourceUpdatedAt: null,
  tags: i % 4 === 0 ? ['promoção'] : [],
  ...over,
});

const queries = [
  'compressor',
  'valvula',
  'COMP',
  'par',
  'schulz',
  'atlas copco',
  'P-1234',
  'alta pressão',
  'promocao',
  'industrial 99',
  'peças',
];

describe('search index built alongside a bulk load', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let db: Db | undefined;
  let store: CatalogStore | undefined;
  const minChunk = FtsBulkBuilder.minChunk;
  afterEach(async () => {
    FtsBulkBuilder.minChunk = minChunk;
    await store?.close();
    db?.close();
  });
  let n = 0;
  const open = () => {
    db = openDatabase(join(tmp.dir, `b${++n}.db`));
    return (store = new CatalogStore(db));
  };
  const page = (s: CatalogStore, items: MappedProduct[], deferIndex = true) =>
    db!.transaction(() =>
      s.applyPage(
        items.map((p) => prepareProduct({ ...p })),
        1,
        '2026-12-01T00:00:00.000Z',
        { deferIndex },
      ),
    )();
  const results = (s: CatalogStore) =>
    queries.map((q) => {
      const r = s.search(searchInput.parse({ query: q, limit: 50 }));
      return { q, total: r.total, ids: r.items.map((i) => i.id) };
    });
  /** Commits products first..first+count-1 as one bulk page and waits until the builder has taken what it was handed. */
  const loadPage = async (s: CatalogStore, first: number, count: number) => {
    page(s, Array.from({ length: count }, (_, k) => product(first + k)));
    s.pageCommitted();
    await s.fts.builder!.settled();
  };
  const ftsOk = () => {
    for (const t of ['products_fts', 'products_name_fts']) db!.exec(`INSERT INTO ${t}(${t}) VALUES('integrity-check')`);
  };

  it('indexes committed pages in chunks while the load runs and ends equal to a full rebuild', async () => {
    FtsBulkBuilder.minChunk = 250;
    const s = open();
    const total = 2_000;
    // Deterministic chunks: each page waits until the worker has taken what was handed to it.
    for (let start = 0; start < total; start += 100) await loadPage(s, start, 100);
    const builder = s.fts.builder!;
    // 250 rows a chunk, handed over after the page that reaches it: 8 chunks of 300 rows less one short tail.
    expect(builder.chunks).toBeGreaterThanOrEqual(6);
    expect(existsSync(scratchPath(db!.name))).toBe(true);
    await s.finishBulk();
    expect(s.fts.lastBuild).toEqual({ alongside: true, fallback: null, resumedFrom: 0 });
    expect(s.fts.stale).toBe(false);
    expect(existsSync(scratchPath(db!.name))).toBe(false);
    const indexes = db!
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'products_%'")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining(['products_name', 'products_brand', 'products_category', 'products_price']),
    );
    ftsOk();
    const alongside = results(s);
    expect(alongside.find((r) => r.q === 'compressor')!.total).toBeGreaterThan(200);
    expect(alongside.find((r) => r.q === 'P-1234')!.ids).toEqual(['1234']);
    s.fts.rebuildNow();
    expect(results(s)).toEqual(alongside);
    // Row-by-row writes keep working on the copied index.
    page(s, [product(7, { name: 'Zebra secadora' })], false);
    expect(s.search(searchInput.parse({ query: 'zebra' })).items.map((i) => i.id)).toEqual(['7']);
    ftsOk();
  });

  it('falls back to the full rebuild when a row changes after it was indexed, and the index is still right', async () => {
    FtsBulkBuilder.minChunk = 100;
    const s = open();
    await loadPage(s, 0, 150);
    expect(s.fts.builder!.chunks).toBe(1);
    // The same record again later in the load (sources do repeat records across pages), renamed.
    page(s, [product(5, { name: 'Zebra renomeada' }), ...Array.from({ length: 50 }, (_, k) => product(150 + k))]);
    s.pageCommitted();
    await s.finishBulk();
    expect(s.fts.lastBuild?.alongside).toBe(false);
    expect(s.fts.lastBuild?.fallback).toMatch(/changed after it was indexed/);
    expect(s.fts.stale).toBe(false);
    expect(s.search(searchInput.parse({ query: 'zebra' })).items.map((i) => i.id)).toEqual(['5']);
    // Codes match as prefixes too (P-5 also finds P-50…); the exact code ranks first.
    expect(s.search(searchInput.parse({ query: 'P-5' })).items[0]!.id).toBe('5');
    expect(s.search(searchInput.parse({ query: `${words[5]} ${brands[1]}` })).items.map((i) => i.id)).not.toContain(
      '5',
    );
    expect(existsSync(scratchPath(db!.name))).toBe(false);
    ftsOk();
  });

  it('falls back when another source writes row by row during the load', async () => {
    FtsBulkBuilder.minChunk = 50;
    const s = open();
    await loadPage(s, 0, 80);
    page(s, [product(9_000, { source: 'other', name: 'Outra fonte zebra' })], false);
    await s.finishBulk();
    expect(s.fts.lastBuild?.fallback).toMatch(/row by row/);
    expect(s.search(searchInput.parse({ query: 'zebra' })).items.map((i) => i.id)).toEqual(['9000']);
    expect(s.search(searchInput.parse({ query: 'P-79' })).items[0]!.id).toBe('79');
  });

  /** Loads `total` rows in bulk, lets the builder index them in chunks, and keeps its scratch files as a crash would. */
  const crashMidBuild = async (total: number) => {
    FtsBulkBuilder.minChunk = 100;
    const s = open();
    for (let start = 0; start < total; start += 100) await loadPage(s, start, 100);
    const chunks = s.fts.builder!.chunks;
    const file = scratchPath(db!.name);
    for (const f of ['', '-wal']) if (existsSync(file + f)) copyFileSync(file + f, `${file}${f}.kept`);
    await s.fts.stopBuilder();
    for (const f of ['', '-wal']) if (existsSync(`${file}${f}.kept`)) copyFileSync(`${file}${f}.kept`, file + f);
    return { s, chunks };
  };

  it('a build cut short resumes from its committed chunks, and ends equal to a full rebuild', async () => {
    const { s, chunks } = await crashMidBuild(1_000);
    expect(chunks).toBeGreaterThanOrEqual(5);
    expect(s.fts.stale).toBe(true);
    expect(await s.recover()).toBe(true);
    expect(s.fts.lastBuild).toEqual({ alongside: true, fallback: null, resumedFrom: expect.any(Number) });
    expect(s.fts.lastBuild!.resumedFrom).toBeGreaterThanOrEqual(500);
    expect(existsSync(scratchPath(db!.name))).toBe(false);
    ftsOk();
    const resumed = results(s);
    expect(resumed.find((r) => r.q === 'compressor')!.total).toBeGreaterThan(100);
    s.fts.rebuildNow();
    expect(results(s)).toEqual(resumed);
  });

  it('a row rewritten after the crashed build indexed it makes the next build start afresh', async () => {
    const { s } = await crashMidBuild(1_000);
    // What a killed process may have done after the chunk: rewrite an indexed row without the search index.
    db!.prepare("UPDATE products SET name = 'Zebra renomeada', sync_version = sync_version + 1 WHERE id = '5'").run();
    expect(await s.recover()).toBe(true);
    expect(s.fts.lastBuild).toEqual({ alongside: true, fallback: null, resumedFrom: 0 });
    expect(s.search(searchInput.parse({ query: 'zebra' })).items.map((i) => i.id)).toEqual(['5']);
    ftsOk();
  });

  it('start-up recovery removes the scratch file a crashed load left behind', async () => {
    const s = open();
    page(s, [product(1)]);
    await s.fts.stopBuilder();
    writeFileSync(scratchPath(db!.name), 'left by a killed process');
    expect(await s.recover()).toBe(true);
    expect(existsSync(scratchPath(db!.name))).toBe(false);
    expect(s.search(searchInput.parse({ query: 'P-1' })).items.map((i) => i.id)).toEqual(['1']);
    expect(s.fts.stale).toBe(false);
  });
});
