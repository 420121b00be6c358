// The Ploomes preset against the bundled Ploomes-shaped demo API: records named by a webhook are fetched with one
// OData `Id in (…)` request that `$select`s only mapped properties, and ids that are not plain tokens never reach the filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src-main/demo/demoServer.js';
import { createSecretResolver } from '../../src-main/engine/config/secrets.js';
import { demoAccountMapping } from '../../src-main/engine/connectors/ploomes.js';
import { createConnector } from '../../src-main/engine/connectors/registry.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';

describe('Ploomes connector', () => {
  let demo: DemoServer;
  let h: Harness;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0, size: 700 });
    process.env.SYNCFLOW_TEST_PLOOMES_RT_KEY = demo.userKey;
    h = await openSource({
      name: 'ploomes',
      kind: 'ploomes',
      baseUrl: demo.url,
      apiKey: '${env:SYNCFLOW_TEST_PLOOMES_RT_KEY}',
    });
  });
  afterAll(async () => {
    await h?.close();
    await demo?.close();
  });

  it('fetches given products by id in one request, dropping ids that could alter the filter', async () => {
    const source = syncflowConfig.parse({
      sources: [{ name: 'p', kind: 'ploomes', baseUrl: demo.url, apiKey: '${env:SYNCFLOW_TEST_PLOOMES_RT_KEY}' }],
    }).sources[0]!;
    const connector = createConnector(source, { resolveSecret: createSecretResolver(), where: 'sources[0]' });
    expect(connector.capabilities.fetchByIds).toBe(true);
    const records = (await connector.fetchByIds!(['100003', '100650', '1) or (Id gt 0'])) as Array<{
      Id: number;
      Name: string;
    }>;
    expect(records.map((r) => r.Id).sort()).toEqual([100003, 100650]);
    expect(records[0]!.Name).toBe(demo.product(records[0]!.Id)!.Name);
    // $select keeps records to what the mapping reads: the preset reads no custom field and no description.
    expect(Object.keys(records[0]!)).toEqual(expect.arrayContaining(['Code', 'CurrencyId', 'ExternalId', 'Suspended']));
    expect(Object.keys(records[0]!)).not.toContain('Description');
    expect(Object.keys(records[0]!)).not.toContain('OtherProperties');
  });

  it('a webhook-sized change runs as a realtime sync through the engine', async () => {
    const first = await h.sync();
    expect(first.counts).toMatchObject({ created: 700, quarantined: 0 });
    const [changed] = demo.mutate(1);
    const [run] = await h.engine.sync({ source: 'ploomes', ids: [String(changed)], trigger: 'webhook' });
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'realtime' });
    expect(run!.counts).toMatchObject({ fetched: 1, updated: 1 });
    expect((await h.engine.getProduct({ id: String(changed) }))!.price).toBe(demo.product(changed!)!.UnitPrice);
  });

  it('the same API declared as kind: rest with the key in a header, and a wrong key fails as auth', async () => {
    const rest = (key: string) => ({
      name: 'as-rest',
      kind: 'rest',
      baseUrl: demo.url,
      path: '/Products',
      query: { $orderby: 'Id', $count: 'true' },
      recordSelector: 'value',
      auth: { type: 'apiKey', in: 'header', name: 'User-Key', value: key },
      pagination: {
        type: 'offset',
        limitParam: '$top',
        offsetParam: '$skip',
        pageSize: 300,
        totalPath: '@odata.count',
      },
      mapping: demoAccountMapping,
    });
    const good = await openSource(rest('${env:SYNCFLOW_TEST_PLOOMES_RT_KEY}'));
    try {
      const run = await good.sync();
      expect(run).toMatchObject({ status: 'succeeded', pages: 3 });
      expect(run.counts.created).toBe(700);
    } finally {
      await good.close();
    }
    process.env.SYNCFLOW_TEST_PLOOMES_BAD_KEY = 'wrong-user-key';
    const bad = await openSource(rest('${env:SYNCFLOW_TEST_PLOOMES_BAD_KEY}'));
    try {
      const run = await bad.sync();
      expect(run).toMatchObject({ status: 'failed', error: { class: 'auth' } });
      expect(run.error!.message).not.toContain('wrong-user-key');
    } finally {
      await bad.close();
    }
  });
});
