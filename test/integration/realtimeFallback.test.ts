// A realtime run whose fetch by id the vendor refuses (it rejects `Id in (…)`) falls back to an incremental sync
// of the source (a full one before its first sync) and says so, instead of failing as a configuration error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, serve, type FakeServer } from '../fixtures/httpFixture.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';

describe('realtime fallback', () => {
  let api: FakeServer;
  let h: Harness;
  const records = new Map<string, { Id: string; Name: string; Price: number; Updated: string }>();
  const put = (n: number, price: number, updated: string) =>
    records.set(`F${n}`, { Id: `F${n}`, Name: `Item ${n}`, Price: price, Updated: updated });

  beforeAll(async () => {
    for (let n = 1; n <= 5; n++) put(n, n, '2026-01-01T00:00:00.000Z');
    api = await serve((req, _body, res) => {
      const filter = req.url.searchParams.get('$filter') ?? '';
      if (/ in \(/.test(filter)) return send(res, 400, { error: "The query specified in the URI is not valid: the 'in' operator is not supported." });
      const since = /^Updated ge (.+)$/.exec(filter)?.[1];
      const value = [...records.values()].filter((r) => !since || r.Updated >= since);
      send(res, 200, { value });
    });
    h = await openSource({
      name: 'vendor',
      kind: 'rest',
      baseUrl: api.url,
      path: '/items',
      recordSelector: 'value',
      pagination: { type: 'none' },
      incremental: { cursorField: 'Updated', in: 'query', param: '$filter', template: 'Updated ge {cursor}' },
      byIds: { param: '$filter', template: 'Id in ({ids})', quote: true },
      mapping: { fields: { id: 'Id', name: 'Name', price: 'Price', sourceUpdatedAt: 'Updated' } },
    });
  });
  afterAll(async () => {
    await h?.close();
    await api?.close();
  });

  it('before any sync, a refused by-id request falls back to a full sync that loads the source', async () => {
    const [run] = await h.engine.sync({ source: 'vendor', ids: ['F2'], trigger: 'webhook' });
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'full', error: null });
    expect(run!.strategyReason).toBe('fetch by id refused by the source (HTTP 400); a full sync instead (no previous successful sync to continue from)');
    expect(run!.counts).toMatchObject({ created: 5, deleted: 0 });
    expect(h.engine.runs.checkpoint('vendor')!.cursor).toBe('2026-01-01T00:00:00.000Z');
    const e = (await h.engine.getRun({ id: run!.id, logLimit: 1 }))!.explanation!;
    expect(e.strategy).toMatchObject({ chosen: 'full', changedFrom: { strategy: 'realtime', reason: '1 record(s) named by a change notification' } });
  });

  it('runs an incremental sync of the source when the by-id request is refused, and says why', async () => {
    expect((await h.sync()).counts.unchanged).toBe(5);
    put(3, 33, '2026-02-01T00:00:00.000Z');
    const [run] = await h.engine.sync({ source: 'vendor', ids: ['F3'], trigger: 'webhook' });
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'incremental' });
    expect(run!.strategyReason).toMatch(/fetch by id refused by the source \(HTTP 400\)/);
    expect(run!.strategyReason).toMatch(/incremental sync instead/);
    expect(run!.counts).toMatchObject({ updated: 1 });
    expect((await h.engine.getProduct({ id: 'F3' }))!.price).toBe(33);
    const stored = h.engine.runs.get(run!.id)!;
    expect(stored).toMatchObject({ strategy: 'incremental', strategyReason: run!.strategyReason });
  });
});
