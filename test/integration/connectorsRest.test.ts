// The declarative REST connector against fake vendor APIs on 127.0.0.1, through the real Engine and SQLite.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCursorApi, cursorClient } from '../fixtures/cursorApi.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { startLinkApi, linkUser, type LinkApi } from '../fixtures/linkApi.js';
import { startODataApi, odataToken } from '../fixtures/odataApi.js';
import { startPageApi, pageApiKey } from '../fixtures/pageApi.js';
import { send, serve, vendorProducts, type FakeServer } from '../fixtures/httpFixture.js';

const vendorMapping = {
  fields: {
    id: { path: 'id', transform: 'string' },
    code: 'sku',
    name: { path: 'title', transform: 'trim' },
    price: { path: 'price', transform: { name: 'number', locale: 'pt-BR' } },
    active: { path: 'active', transform: { name: 'boolean', true: ['S'], false: ['N'] } },
    sourceUpdatedAt: 'updated_at',
  },
};

/** The link API as a conditional-request REST source, its password from the environment. */
function linkSource(api: LinkApi, o: { name: string; pageSize: number; mapping: object }) {
  process.env.SYNCFLOW_TEST_LINK_PW = linkUser.password;
  return {
    name: o.name,
    kind: 'rest',
    baseUrl: api.url,
    path: '/products',
    auth: { type: 'basic', username: linkUser.name, password: '${env:SYNCFLOW_TEST_LINK_PW}' },
    pagination: { type: 'link', sizeParam: 'per_page', pageSize: o.pageSize },
    request: { conditional: true },
    mapping: o.mapping,
  };
}

const open: Array<Harness | FakeServer> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});
async function track<T extends Harness | FakeServer>(p: Promise<T>): Promise<T> {
  const x = await p;
  open.push(x);
  return x;
}

describe('REST connector', () => {
  it('follows Link rel="next" with basic auth, and a re-sync of unchanged pages is all 304s from the SQLite cache', async () => {
    const api = await track(startLinkApi(25));
    const h = await track(openSource(linkSource(api, { name: 'linky', pageSize: 10, mapping: vendorMapping })));
    const first = await h.sync();
    expect(first).toMatchObject({ status: 'succeeded', pages: 3 });
    expect(first.counts).toMatchObject({ fetched: 25, created: 25, quarantined: 0 });
    expect(api.requests.map((r) => r.url.searchParams.get('page'))).toEqual([null, '2', '3']);
    const p = (await h.engine.getProduct({ id: '2' }))!;
    expect(p).toMatchObject({ name: 'Produto 2', code: 'SKU-0002', price: 1001.5, active: true });
    expect((await h.engine.getProduct({ id: '1' }))!.active).toBe(false);

    const again = await h.sync(true);
    expect(again.counts).toMatchObject({ fetched: 25, unchanged: 25, created: 0, updated: 0 });
    expect(api.notModified()).toBe(3);
    expect(api.requests.slice(3).every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);

    const db = new Database(join(h.dir, 'catalog.db'), { readonly: true });
    const rows = db.prepare('SELECT url FROM http_cache WHERE source = ?').all('linky') as { url: string }[];
    db.close();
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toContain(linkUser.password);
  });

  it('answers a re-sync of another entity from the cached pages too (parsed, not split into record bytes)', async () => {
    const api = await track(startLinkApi(12));
    const mapping = { fields: { id: { path: 'id', transform: 'string' }, name: 'title', sku: 'sku', sourceUpdatedAt: 'updated_at' } };
    const h = await track(openSource({ ...linkSource(api, { name: 'linked-items', pageSize: 5, mapping }), entity: 'items' }));
    expect((await h.sync()).counts).toMatchObject({ fetched: 12, created: 12, quarantined: 0 });
    const again = await h.sync(true);
    expect(again.counts).toMatchObject({ fetched: 12, unchanged: 12, created: 0, updated: 0 });
    expect(api.notModified()).toBe(3);
    expect((await h.engine.getRecord({ entity: 'items', id: '7' }))?.data).toMatchObject({ sku: 'SKU-0007' });
  });

  it('pages by a body cursor with OAuth2 client credentials, refreshes the token after a 401, and re-reads the lookback window', async () => {
    const api = await track(startCursorApi(30));
    process.env.SYNCFLOW_TEST_CURSOR_SECRET = cursorClient.secret;
    const h = await track(
      openSource({
        name: 'cursory',
        kind: 'rest',
        baseUrl: api.url,
        path: '/v1/items',
        recordSelector: 'data',
        auth: {
          type: 'oauth2',
          grant: 'client_credentials',
          tokenUrl: `${api.url}/oauth/token`,
          clientId: cursorClient.id,
          clientSecret: '${env:SYNCFLOW_TEST_CURSOR_SECRET}',
        },
        pagination: {
          type: 'cursor',
          cursorPath: 'next_cursor',
          cursorParam: 'cursor',
          sizeParam: 'limit',
          pageSize: 10,
        },
        incremental: { cursorField: 'updated_at', param: 'updated_since', template: '{cursor}', lookback: '5m' },
        mapping: vendorMapping,
      }),
    );
    const full = await h.sync();
    expect(full).toMatchObject({ status: 'succeeded', strategy: 'full', pages: 3 });
    expect(full.counts.created).toBe(30);
    expect(api.tokensIssued()).toBe(1);

    api.revokeTokens();
    const inc = await h.sync();
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental' });
    expect(api.tokensIssued()).toBe(2);
    const last = api.products[29]!.updated_at;
    const since = new Date(Date.parse(last) - 5 * 60_000).toISOString();
    expect(api.requests.at(-1)!.url.searchParams.get('updated_since')).toBe(since);
    // Strictly after last−5m: the five newest products are read again and skipped as unchanged.
    expect(inc.counts).toMatchObject({ fetched: 5, unchanged: 5, created: 0 });
  });

  it('misses no record when two share the cursor value across a page boundary and the run stops between the pages', async () => {
    const api = await track(startCursorApi(30));
    process.env.SYNCFLOW_TEST_CURSOR_SECRET = cursorClient.secret;
    const h = await track(
      openSource({
        name: 'boundary',
        kind: 'rest',
        baseUrl: api.url,
        path: '/v1/items',
        recordSelector: 'data',
        auth: {
          type: 'oauth2',
          grant: 'client_credentials',
          tokenUrl: `${api.url}/oauth/token`,
          clientId: cursorClient.id,
          clientSecret: '${env:SYNCFLOW_TEST_CURSOR_SECRET}',
        },
        pagination: {
          type: 'cursor',
          cursorPath: 'next_cursor',
          cursorParam: 'cursor',
          sizeParam: 'limit',
          pageSize: 10,
        },
        incremental: { cursorField: 'updated_at', param: 'updated_since', template: '{cursor}', lookback: '5m' },
        mapping: vendorMapping,
      }),
    );
    await h.sync();
    // Five re-read by the lookback, then new ones: the 10th (id 105) and 11th (id 106) share a timestamp and
    // straddle the page boundary.
    const t = (m: number) => new Date(Date.parse('2025-01-01T01:00:00Z') + m * 60_000).toISOString();
    const added = [t(1), t(2), t(3), t(4), t(5), t(5), t(6)].map((at, i) => ({
      ...api.products[0]!,
      id: 101 + i,
      sku: `NEW-${i}`,
      updated_at: at,
    }));
    api.products.push(...added);
    api.failOnce((q) => q.has('cursor'));
    const broken = await h.sync();
    expect(broken).toMatchObject({ status: 'failed', strategy: 'incremental', pages: 1 });
    expect(await h.engine.getProduct({ id: '105' })).not.toBeNull();
    expect(await h.engine.getProduct({ id: '106' })).toBeNull();

    const resumed = await h.sync();
    expect(resumed).toMatchObject({ status: 'succeeded', strategy: 'incremental' });
    expect(api.requests.at(-1)!.url.searchParams.get('updated_since')).toBe(
      new Date(Date.parse(t(5)) - 5 * 60_000).toISOString(),
    );
    for (const id of ['106', '107']) expect((await h.engine.getProduct({ id }))?.id).toBe(id);
    expect(h.engine.catalog.count()).toBe(37);
  });

  it('walks page numbers with an API key in the query, stops at the reported total, and sends the cursor as epoch seconds', async () => {
    const api = await track(startPageApi(40));
    process.env.SYNCFLOW_TEST_PAGE_KEY = pageApiKey;
    const h = await track(
      openSource({
        name: 'paged',
        kind: 'rest',
        baseUrl: api.url,
        path: '/api/products',
        recordSelector: 'items',
        auth: { type: 'apiKey', in: 'query', name: 'api_key', value: '${env:SYNCFLOW_TEST_PAGE_KEY}' },
        pagination: {
          type: 'page',
          pageParam: 'page',
          sizeParam: 'size',
          pageSize: 20,
          firstPage: 0,
          totalPath: 'total',
        },
        incremental: { cursorField: 'updated_at', param: 'modified_since', template: '{cursor}', format: 'epoch_s' },
        mapping: vendorMapping,
      }),
    );
    const full = await h.sync();
    expect(full.counts).toMatchObject({ fetched: 40, created: 40 });
    // Two full pages and total = 40: no third request for an empty page.
    expect(api.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['0', '1']);
    const inc = await h.sync();
    expect(inc.strategy).toBe('incremental');
    const since = api.requests.at(-1)!.url.searchParams.get('modified_since');
    expect(since).toBe(String(Date.parse(api.products[39]!.updated_at) / 1000));
    expect(inc.counts).toMatchObject({ fetched: 1, unchanged: 1 });
    const logs = await h.engine.tailLogs({ limit: 500 });
    expect(JSON.stringify(logs)).not.toContain(pageApiKey);
  });

  it('keeps several page requests in flight (request.prefetch) and still loads every record once, in order', async () => {
    const products = vendorProducts(95);
    // Answers page k only once page k+2 has been asked for (or k is among the last pages): a connector with fewer
    // than three requests in flight would wait forever.
    const held = new Map<number, () => void>();
    let maxAsked = -1;
    const api = await track(
      serve((req, _body, res) => {
        const page = Number(req.url.searchParams.get('page'));
        const answer = () => send(res, 200, { items: products.slice(page * 10, page * 10 + 10), total: products.length });
        held.set(page, answer);
        maxAsked = Math.max(maxAsked, page);
        for (const [k, go] of [...held]) {
          if (k === 0 || k + 2 <= maxAsked || k >= 7) {
            held.delete(k);
            go();
          }
        }
      }),
    );
    const h = await track(
      openSource({
        name: 'prefetched',
        kind: 'rest',
        baseUrl: api.url,
        path: '/api/products',
        recordSelector: 'items',
        pagination: { type: 'page', pageParam: 'page', sizeParam: 'size', pageSize: 10, firstPage: 0, totalPath: 'total' },
        request: { prefetch: 3 },
        mapping: vendorMapping,
      }),
    );
    const run = await h.sync();
    expect(run).toMatchObject({ status: 'succeeded', pages: 10, requests: 10 });
    expect(run.counts).toMatchObject({ fetched: 95, created: 95, quarantined: 0 });
    expect(run.bytes).toBeGreaterThan(95 * 50);
    // Each page asked once, none past the total.
    const asked = api.requests.map((r) => Number(r.url.searchParams.get('page')));
    expect([...asked].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const stored = h.engine.catalog.changes({ limit: 1000 }).map((c) => c.recordId);
    expect(stored).toEqual(products.map((p) => String(p.id)));
  });

  it('falls back to a full sync when the saved cursor is older than maxAge', async () => {
    const api = await track(startPageApi(5));
    process.env.SYNCFLOW_TEST_PAGE_KEY = pageApiKey;
    const h = await track(
      openSource({
        name: 'stale',
        kind: 'rest',
        baseUrl: api.url,
        path: '/api/products',
        recordSelector: 'items',
        auth: { type: 'apiKey', in: 'query', name: 'api_key', value: '${env:SYNCFLOW_TEST_PAGE_KEY}' },
        pagination: {
          type: 'page',
          pageParam: 'page',
          sizeParam: 'size',
          pageSize: 20,
          firstPage: 0,
          totalPath: 'total',
        },
        // The fixture's records date from January 2025, so their cursor is far older than 30 days.
        incremental: {
          cursorField: 'updated_at',
          param: 'modified_since',
          template: '{cursor}',
          format: 'epoch_s',
          maxAge: '30d',
        },
        mapping: vendorMapping,
      }),
    );
    await h.sync();
    const second = await h.sync();
    expect(second.strategy).toBe('full');
    expect(second.strategyReason).toMatch(/older than maxAge 30d/);
    expect(api.requests.at(-1)!.url.searchParams.has('modified_since')).toBe(false);
  });

  it('follows @odata.nextLink with a bearer token and filters incrementally with $filter ge', async () => {
    const api = await track(startODataApi(25));
    process.env.SYNCFLOW_TEST_ODATA_TOKEN = odataToken;
    const h = await track(
      openSource({
        name: 'odata',
        kind: 'rest',
        baseUrl: api.url,
        path: '/odata/Products',
        recordSelector: 'value',
        auth: { type: 'bearer', token: '${env:SYNCFLOW_TEST_ODATA_TOKEN}' },
        pagination: { type: 'nextUrl', nextPath: '@odata.nextLink', sizeParam: '$top', pageSize: 10 },
        incremental: { cursorField: 'updated_at', in: 'odata' },
        mapping: vendorMapping,
      }),
    );
    const full = await h.sync();
    expect(full).toMatchObject({ status: 'succeeded', pages: 3 });
    expect(full.counts.created).toBe(25);
    expect(api.requests.map((r) => r.url.searchParams.get('$skiptoken'))).toEqual([null, '10', '20']);
    const inc = await h.sync();
    expect(api.requests.at(-1)!.url.searchParams.get('$filter')).toBe(`updated_at ge ${api.products[24]!.updated_at}`);
    expect(inc.counts).toMatchObject({ fetched: 1, unchanged: 1 });
  });
});
