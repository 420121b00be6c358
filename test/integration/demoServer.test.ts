import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFAULT_SIZE, startDemoServer } from '../../src-main/demo/demoServer.js';
import type { DemoServer, PloomesProduct } from '../../src-main/demo/demoServer.js';
import { demoProduct } from '../../src-main/demo/demoCatalog.js';

interface Page {
  '@odata.context'?: string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: PloomesProduct[];
  error?: string;
}

async function call(server: DemoServer, pathOrUrl: string, init: { key?: string | null; method?: string } = {}) {
  const headers: Record<string, string> = {};
  const key = init.key === undefined ? server.userKey : init.key;
  if (key !== null) headers['User-Key'] = key;
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${server.url}${pathOrUrl}`;
  const res = await fetch(url, { method: init.method ?? 'GET', headers });
  return { status: res.status, body: (await res.json()) as Page };
}

const prop = (p: PloomesProduct, key: string) => p.OtherProperties.find((x) => x.FieldKey === key);
const q = (s: string) => encodeURIComponent(s);

describe('demo server: catalog and OData', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 with a random port and the default size', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.size).toBe(DEMO_DEFAULT_SIZE);
  });

  it('rejects requests without the right User-Key', async () => {
    const missing = await call(server, '/Products', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatch(/User-Key/);
    const wrong = await call(server, '/Products', { key: 'not-the-key' });
    expect(wrong.status).toBe(401);
    const control = await call(server, '/__demo/mutate?count=1', { key: null, method: 'POST' });
    expect(control.status).toBe(401);
    expect(server.stats().mutations).toBe(0);
  });

  it('answers 404 on unknown paths', async () => {
    expect((await call(server, '/Contacts')).status).toBe(404);
  });

  it('pages through the whole catalog with the real customer mix', async () => {
    const products: PloomesProduct[] = [];
    let pages = 0;
    for (let skip = 0; ; skip += 300) {
      const { status, body } = await call(server, `/Products?$top=300&$skip=${skip}`);
      expect(status).toBe(200);
      products.push(...body.value);
      pages++;
      if (body.value.length < 300) {
        expect(body['@odata.nextLink']).toBeUndefined();
        break;
      }
      expect(body['@odata.nextLink']).toBeDefined();
    }
    expect(pages).toBe(Math.ceil(DEMO_DEFAULT_SIZE / 300));
    expect(products).toHaveLength(11_793);
    const ids = products.map((p) => p.Id);
    expect(new Set(ids).size).toBe(11_793);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(products.map((p) => p.Code)).size).toBe(11_793);

    const codes = products.map((p) => p.Code);
    const cia = codes.filter((c) => c.startsWith('CIA_')).length;
    const rentals = codes.filter((c) => c.startsWith('CIA_LOC_')).length;
    expect(cia - rentals).toBe(127);
    expect(rentals).toBe(95);
    const brand = (name: string) => products.filter((p) => prop(p, 'product_brand')?.StringValue === name).length;
    expect(brand('Atlas Copco')).toBe(1_307);
    expect(brand('Ingersoll Rand')).toBe(1_952);
    expect(products.filter((p) => prop(p, 'product_origin')?.StringValue === 'omie')).toHaveLength(8_312);
    expect(
      products
        .filter((p) => prop(p, 'product_type')?.StringValue === 'service')
        .every((p) => p.MeasurementUnit === 'H'),
    ).toBe(true);

    const suspended = products.filter((p) => p.Suspended).length;
    expect(suspended).toBeGreaterThan(150);
    expect(suspended).toBeLessThan(550);
    // Base dates follow the index, so date order and Id order agree before any mutation.
    const dates = products.map((p) => p.LastUpdateDate);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('limits $top to 300 like the real API', async () => {
    const tooMany = await call(server, '/Products?$top=301');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toContain('300');
    expect((await call(server, '/Products?$top=300')).body.value).toHaveLength(300);
    expect((await call(server, '/Products')).body.value).toHaveLength(300);
  });

  it('rejects unsupported $filter and $orderby with a message', async () => {
    const filter = await call(server, `/Products?$filter=${q('Name eq 1')}`);
    expect(filter.status).toBe(400);
    expect(filter.body.error).toMatch(/\$filter/);
    const date = await call(server, `/Products?$filter=${q('LastUpdateDate gt yesterday')}`);
    expect(date.status).toBe(400);
    const orderBy = await call(server, `/Products?$orderby=${q('Name desc')}`);
    expect(orderBy.status).toBe(400);
    expect(orderBy.body.error).toMatch(/\$orderby/);
  });

  it('reports @odata.count for the whole match, not the page', async () => {
    const all = await call(server, '/Products?$count=true&$top=5');
    expect(all.body['@odata.count']).toBe(11_793);
    expect(all.body.value).toHaveLength(5);
    expect((await call(server, '/Products?$top=5')).body['@odata.count']).toBeUndefined();
    const cutoff = (await call(server, '/Products?$top=1&$skip=11000')).body.value[0]?.LastUpdateDate ?? '';
    const since = await call(server, `/Products?$count=true&$filter=${q(`LastUpdateDate ge ${cutoff}`)}`);
    expect(since.body['@odata.count']).toBe(793);
    const after = await call(server, `/Products?$count=true&$filter=${q(`LastUpdateDate gt '${cutoff}'`)}`);
    expect(after.body['@odata.count']).toBe(792);
  });

  it('follows @odata.nextLink with the same filter and order', async () => {
    const first = await call(server, `/Products?$top=100&$orderby=${q('Id desc')}&$count=true`);
    const link = first.body['@odata.nextLink'];
    expect(link).toBeDefined();
    expect(link?.startsWith(`${server.url}/Products?`)).toBe(true);
    const second = await call(server, link ?? '');
    expect(second.status).toBe(200);
    expect(second.body['@odata.count']).toBe(11_793);
    expect(first.body.value[99]?.Id).toBe(100_000 + 11_793 - 100);
    expect(second.body.value.map((p) => p.Id)).toEqual(
      Array.from({ length: 100 }, (_, i) => 100_000 + 11_793 - 101 - i),
    );
  });

  it('fetches by ids with Id in (...) and Id eq', async () => {
    const wanted = [100_010, 105_000, 111_792, 100_003];
    const res = await call(server, `/Products?$filter=${q(`Id in (${wanted.join(',')},999)`)}`);
    expect(res.status).toBe(200);
    expect(res.body.value.map((p) => p.Id)).toEqual([...wanted].sort((a, b) => a - b));
    const one = await call(server, `/Products?$filter=${q('Id eq 105000')}`);
    expect(one.body.value.map((p) => p.Id)).toEqual([105_000]);
    expect(one.body.value[0]).toEqual(server.product(105_000));
  });

  it('orders by LastUpdateDate like Id for unmutated products', async () => {
    const res = await call(server, `/Products?$orderby=LastUpdateDate&$skip=5000&$top=50`);
    expect(res.body.value.map((p) => p.Id)).toEqual(Array.from({ length: 50 }, (_, i) => 105_000 + i));
  });
});

describe('demo server: determinism', () => {
  it('serves identical JSON for the same seed and different JSON for another seed', async () => {
    const [a, b, c] = await Promise.all([
      startDemoServer(),
      startDemoServer({ seed: 42 }),
      startDemoServer({ seed: 7 }),
    ]);
    try {
      const path = `/Products?$filter=${q('Id eq 105000')}`;
      const text = async (s: DemoServer) =>
        (await fetch(`${s.url}${path}`, { headers: { 'User-Key': s.userKey } })).text();
      const [ta, tb, tc] = await Promise.all([text(a), text(b), text(c)]);
      expect(ta).toContain('"Id":105000');
      // Only the context URL carries the port.
      expect(ta.replace(a.url, '')).toBe(tb.replace(b.url, ''));
      expect(tc.replace(c.url, '')).not.toBe(ta.replace(a.url, ''));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('demo server: mutations', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ userKey: 'secret-key' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves exactly the mutated products after the newest base date, in change order', async () => {
    const newest = await call(server, `/Products?$orderby=${q('LastUpdateDate desc')}&$top=1`);
    const maxBase = newest.body.value[0]?.LastUpdateDate ?? '';
    expect(newest.body.value[0]?.Id).toBe(100_000 + 11_793 - 1);
    expect((await call(server, `/Products?$filter=${q(`LastUpdateDate gt ${maxBase}`)}`)).body.value).toEqual([]);

    expect(server.mutate(0)).toEqual([]);
    const ids = server.mutate(25);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    // Spread over the catalog, not bunched at the start.
    expect(Math.max(...ids) - Math.min(...ids)).toBeGreaterThan(5_000);

    const changed = await call(
      server,
      `/Products?$count=true&$orderby=LastUpdateDate&$filter=${q(`LastUpdateDate gt '${maxBase}'`)}`,
    );
    expect(changed.status).toBe(200);
    expect(changed.body['@odata.count']).toBe(25);
    expect(changed.body.value.map((p) => p.Id)).toEqual(ids);
    const dates = changed.body.value.map((p) => Date.parse(p.LastUpdateDate));
    dates.forEach((d, i) => expect(d).toBeGreaterThan(i === 0 ? Date.parse(maxBase) : (dates[i - 1] ?? Infinity)));
    for (const p of changed.body.value) expect(p).toEqual(server.product(p.Id));

    // In Id order the same 25 come back sorted, and the full catalog still counts every product once.
    const byId = await call(server, `/Products?$filter=${q(`LastUpdateDate gt ${maxBase}`)}`);
    expect(byId.body.value.map((p) => p.Id)).toEqual([...ids].sort((a, b) => a - b));
    const byDate = await call(server, `/Products?$count=true&$orderby=LastUpdateDate&$skip=11768&$top=300`);
    expect(byDate.body['@odata.count']).toBe(11_793);
    expect(byDate.body.value.map((p) => p.Id)).toEqual(ids);

    // A cursor at the newest change sees nothing until the next change, then only that change.
    const cursor = changed.body.value[24]?.LastUpdateDate ?? '';
    expect((await call(server, `/Products?$filter=${q(`LastUpdateDate gt ${cursor}`)}`)).body.value).toEqual([]);
    const again = await call(server, '/__demo/mutate?count=3', { method: 'POST' });
    const againIds = (again.body as unknown as { ids: number[] }).ids;
    expect(againIds).toHaveLength(3);
    expect(againIds.some((id) => ids.includes(id))).toBe(false);
    const next = await call(server, `/Products?$filter=${q(`LastUpdateDate gt ${cursor}`)}&$orderby=LastUpdateDate`);
    expect(next.body.value.map((p) => p.Id)).toEqual(againIds);

    const stats = await call(server, '/__demo/stats');
    expect(stats.body).toMatchObject({ size: 11_793, mutations: 28 });
    expect((stats.body as unknown as { requests: number }).requests).toBeGreaterThan(5);
  });

  it('changes price and stock in an overlay, keeping the base catalog pure', () => {
    const ids = server.mutate(20);
    for (const id of ids) {
      const base = demoProduct(id - 100_000);
      const now = server.product(id);
      expect(now).toMatchObject({ Id: id, Code: base.Code, Name: base.Name });
      expect(now?.LastUpdateDate).not.toBe(base.LastUpdateDate);
      expect(now?.CreateDate).toBe(base.CreateDate);
    }
    const priced = ids.filter((id) => server.product(id)?.UnitPrice !== demoProduct(id - 100_000).UnitPrice);
    expect(priced.length).toBeGreaterThan(15);
    const restocked = ids.filter(
      (id) =>
        server.product(id)?.OtherProperties.find((x) => x.FieldKey === 'product_stock')?.IntegerValue !==
        prop(demoProduct(id - 100_000), 'product_stock')?.IntegerValue,
    );
    expect(restocked.length).toBeGreaterThan(0);
    expect(server.product(99_999)).toBeUndefined();
    expect(server.product(100_000 + 11_793)).toBeUndefined();
  });
});

describe('demo server: one million products', () => {
  it('serves the last page without generating the whole catalog', async () => {
    const big = await startDemoServer({ size: 1_000_000 });
    try {
      const res = await call(big, '/Products?$skip=999700&$top=300&$count=true');
      expect(res.status).toBe(200);
      expect(res.body['@odata.count']).toBe(1_000_000);
      expect(res.body.value).toHaveLength(300);
      expect(res.body.value[0]?.Id).toBe(100_000 + 999_700);
      expect(res.body.value[299]?.Id).toBe(100_000 + 999_999);
      expect(res.body['@odata.nextLink']).toBeUndefined();
      const ids = big.mutate(10);
      const tail = await call(big, `/Products?$orderby=LastUpdateDate&$skip=999990&$top=300`);
      expect(tail.body.value.map((p) => p.Id)).toEqual(ids);
    } finally {
      await big.close();
    }
  });
});
