// Re-syncs that find unchanged records by the hash of their bytes (connectors/jsonRecords.ts, pipeline/rawRecords.ts),
// through the real Engine, SQLite and a fake vendor API on 127.0.0.1. A counting transform tells which records were
// actually parsed and mapped.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerTransform } from '../../src-main/engine/pipeline/transforms.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { tempDir } from '../helpers/tmp.js';
import { serve, type FakeServer } from '../fixtures/httpFixture.js';

let mapped = 0;
registerTransform('countedTrim', (v) => {
  mapped++;
  return String(v).trim();
});

interface Item {
  id: number;
  title: string;
  price: number;
  [k: string]: unknown;
}
const items: Item[] = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, title: `Válvula ${i + 1}`, price: 10 + i }));
// The page text is written by hand per item, so a test can change a record's bytes without changing its content.
let render = (it: Item) => JSON.stringify(it);

const open: Array<Harness | FakeServer> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

async function startApi(): Promise<FakeServer> {
  const api = await serve((req, _body, res) => {
    const url = new URL(req.url, 'http://x');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const page = items.slice(offset, offset + 10);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"total":${items.length},"data":[${page.map((it) => render(it)).join(',')}]}`);
  });
  open.push(api);
  return api;
}

/** The source as syncflow.yaml would declare it, with `custom` as its customFields mapping. */
const vendorSource = (url: string, custom: Record<string, string> = {}) => ({
  name: 'vendor',
  kind: 'rest',
  baseUrl: url,
  path: '/items',
  recordSelector: 'data',
  pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 10, totalPath: 'total' },
  mapping: {
    fields: {
      id: { path: 'id', transform: 'string' },
      name: { path: 'title', transform: 'countedTrim' },
      price: 'price',
    },
    customFields: custom,
  },
});

async function start() {
  const api = await startApi();
  const h = await openSource(vendorSource(api.url));
  open.push(h);
  return h;
}

const rawHashes = (h: Harness) => {
  const db = new Database(join(h.dir, 'catalog.db'), { readonly: true });
  try {
    return db
      .prepare<[], { id: string; raw_hash: string | null }>('SELECT id, raw_hash FROM products ORDER BY rowid')
      .all();
  } finally {
    db.close();
  }
};

describe('re-sync by record bytes', () => {
  it('skips parsing and mapping of records whose bytes are unchanged, and maps exactly the ones that changed', async () => {
    render = (it) => JSON.stringify(it);
    const h = await start();
    mapped = 0;
    expect((await h.sync(true)).counts).toMatchObject({ fetched: 25, created: 25 });
    expect(mapped).toBe(25);
    expect(rawHashes(h).every((r) => r.raw_hash !== null)).toBe(true);

    mapped = 0;
    expect((await h.sync(true)).counts).toMatchObject({
      fetched: 25,
      created: 0,
      updated: 0,
      unchanged: 25,
      deleted: 0,
    });
    expect(mapped).toBe(0);

    // Item 3 changes its price; item 7 only its key order (new bytes, same content).
    items[2]!.price = 99;
    const before7 = rawHashes(h).find((r) => r.id === '7')!.raw_hash;
    render = (it) =>
      it.id === 7 ? JSON.stringify({ price: it.price, title: it.title, id: it.id }) : JSON.stringify(it);
    mapped = 0;
    const changed = await h.sync(true);
    expect(changed.counts).toMatchObject({ updated: 1, unchanged: 24, deleted: 0 });
    expect(mapped).toBe(2);
    expect((await h.engine.getProduct({ id: '3' }))!.price).toBe(99);
    // The new bytes of item 7 are remembered without a write to the product or the change feed.
    expect(rawHashes(h).find((r) => r.id === '7')!.raw_hash).not.toBe(before7);
    expect(h.engine.catalog.changes({ recordId: '7' }).map((c) => c.op)).toEqual(['created']);
    mapped = 0;
    expect((await h.sync(true)).counts).toMatchObject({ updated: 0, unchanged: 25 });
    expect(mapped).toBe(0);

    // A record that disappears is still a delete.
    const gone = items.splice(24, 1);
    expect((await h.sync(true)).counts).toMatchObject({ unchanged: 24, deleted: 1 });
    items.push(...gone);
  });

  it('maps every record again when the mapping changes, since its fingerprint is part of each hash', async () => {
    render = (it) => JSON.stringify(it);
    const server = await startApi();
    const tmp = tempDir();
    const withCustom = (custom: Record<string, string>) =>
      syncflowConfig.parse({ syncOnStart: false, sources: [vendorSource(server.url, custom)] });
    try {
      let engine = await Engine.open({ dataDir: tmp.dir, config: withCustom({}), fileLogs: false });
      await engine.syncNow({ full: true });
      await engine.close();
      engine = await Engine.open({ dataDir: tmp.dir, config: withCustom({ listPrice: 'price' }), fileLogs: false });
      mapped = 0;
      const [run] = await engine.syncNow({ full: true });
      expect(mapped).toBe(25);
      expect(run!.counts).toMatchObject({ updated: 25, unchanged: 0 });
      expect((await engine.getProduct({ id: '4' }))!.customFields).toEqual({ listPrice: 13 });
      mapped = 0;
      expect((await engine.syncNow({ full: true }))[0]!.counts).toMatchObject({ unchanged: 25 });
      expect(mapped).toBe(0);
      await engine.close();
    } finally {
      tmp.cleanup();
    }
  });
});
