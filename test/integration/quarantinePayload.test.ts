// A quarantined record keeps what the source sent: the payload read back equals the record, whether the page
// came as record bytes (full pass) or parsed (fetch by id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { send, serve, type FakeServer } from '../fixtures/httpFixture.js';

describe('quarantine payload', () => {
  let api: FakeServer;
  let h: Harness;
  const good = { id: 'Q1', name: 'Bomba', price: 10 };
  const nameless = { id: 'Q2', name: '', price: 11, extra: { nested: [1, 'dois'] } };
  const badPrice = { id: 'Q3', name: 'Válvula', price: 'n/d' };

  beforeAll(async () => {
    api = await serve((req, _body, res) => {
      const ids = req.url.searchParams.get('ids');
      const all = [good, nameless, badPrice];
      send(res, 200, { data: ids ? all.filter((r) => ids.split(',').includes(r.id)) : all });
    });
    h = await openSource({
      name: 'q',
      kind: 'rest',
      baseUrl: api.url,
      path: '/items',
      recordSelector: 'data',
      pagination: { type: 'none' },
      byIds: { param: 'ids', template: '{ids}' },
      mapping: { fields: { id: 'id', name: 'name', price: 'price' } },
    });
  });
  afterAll(async () => {
    await h?.close();
    await api?.close();
  });

  it('stores each quarantined record as the source sent it', async () => {
    const run = await h.sync();
    expect(run.counts).toMatchObject({ created: 1, quarantined: 2 });
    const q = h.engine.runs.quarantined('q');
    expect(q.map((r) => [r.recordKey, r.rule])).toEqual([
      ['Q2', 'required:name'],
      ['Q3', 'type:price'],
    ]);
    expect(q[0]!.payload).toEqual(nameless);
    expect(q[1]!.payload).toEqual(badPrice);

    const [rt] = await h.engine.sync({ source: 'q', ids: ['Q2'], trigger: 'webhook' });
    expect(rt).toMatchObject({ strategy: 'realtime', counts: { quarantined: 1 } });
    expect(h.engine.runs.quarantined('q').at(-1)).toMatchObject({ recordKey: 'Q2', payload: nameless });
  });
});
