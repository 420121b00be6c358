// The Salesforce connector against a fake org: OAuth2 grants, SOQL batches linked by nextRecordsUrl, incremental on
// SystemModstamp, a fresh token after INVALID_SESSION_ID, and deletions read through queryAll.
import { afterEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { createSecretResolver } from '../../src-main/engine/config/secrets.js';
import { SalesforceConnector } from '../../src-main/engine/connectors/salesforce.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import type { FakeServer } from '../fixtures/httpFixture.js';
import { sfCredentials, startSalesforceApi } from '../fixtures/salesforceApi.js';

const open: Array<Harness | FakeServer> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

process.env.SYNCFLOW_TEST_SF_SECRET = sfCredentials.clientSecret;
process.env.SYNCFLOW_TEST_SF_PASSWORD = sfCredentials.password;
const source = (url: string, extra: Record<string, unknown> = {}) => ({
  name: 'salesforce',
  kind: 'salesforce',
  instanceUrl: url,
  clientId: sfCredentials.clientId,
  clientSecret: '${env:SYNCFLOW_TEST_SF_SECRET}',
  pageSize: 200,
  ...extra,
});

describe('Salesforce connector', () => {
  it('loads Product2 over nextRecordsUrl batches with the client-credentials grant, then only what SystemModstamp says changed', async () => {
    const api = await startSalesforceApi(450);
    open.push(api);
    const h = await openSource(source(api.url));
    open.push(h);
    const full = await h.sync();
    expect(full).toMatchObject({ status: 'succeeded', strategy: 'full', pages: 3 });
    expect(full.counts).toMatchObject({ fetched: 450, created: 450, quarantined: 0 });
    const queries = api.requests.filter((r) => r.url.pathname.includes('/query'));
    expect(queries.map((r) => r.url.pathname)).toEqual([
      '/services/data/v60.0/query',
      '/services/data/v60.0/query/01g1-200',
      '/services/data/v60.0/query/01g1-400',
    ]);
    expect(queries[0]!.url.searchParams.get('q')).toMatch(
      /^SELECT Id, SystemModstamp, ExternalId, Name, ProductCode, .*, \(SELECT CurrencyIsoCode, IsActive, UnitPrice FROM PricebookEntries WHERE Pricebook2\.IsStandard = true\) FROM Product2 ORDER BY SystemModstamp, Id$/,
    );
    // PricebookEntry: the standard price book's active entry gives price and currency; none leaves them empty.
    expect((await h.engine.getProduct({ id: api.products[4]!.Id }))!).toMatchObject({ price: 1010, currency: 'BRL' });
    expect((await h.engine.getProduct({ id: api.products[9]!.Id }))!.price).toBeNull();
    const src = api.products[7]!;
    expect((await h.engine.getProduct({ id: src.Id }))!).toMatchObject({
      name: 'Compressor 7',
      code: 'CMP-7',
      category: 'Parts',
      active: false,
      unit: 'Each',
      sourceUpdatedAt: src.SystemModstamp.replace('+0000', 'Z'),
      customFields: { stockKeepingUnit: 'SKU7' },
    });

    api.touch(3, { Name: 'Compressor 3 (revised)' }, '2025-03-01T00:00:00.000Z');
    const inc = await h.sync();
    expect(inc.strategy).toBe('incremental');
    const q = api.requests.filter((r) => r.url.pathname.endsWith('/query')).at(-1)!.url.searchParams.get('q')!;
    expect(q).toContain(`WHERE SystemModstamp >= ${api.products[449]!.SystemModstamp.replace('.000+0000', 'Z')}`);
    expect(inc.counts).toMatchObject({ updated: 1, created: 0, fetched: 2 });
    expect((await h.engine.getProduct({ id: api.products[3]!.Id }))!.name).toBe('Compressor 3 (revised)');
  });

  it('uses the username-password grant, ANDs the configured condition, and gets a new token after INVALID_SESSION_ID', async () => {
    const api = await startSalesforceApi(30);
    open.push(api);
    const h = await openSource(
      source(api.url, {
        grant: 'password',
        username: sfCredentials.username,
        password: '${env:SYNCFLOW_TEST_SF_PASSWORD}',
        where: 'IsActive = true',
      }),
    );
    open.push(h);
    const first = await h.sync();
    expect(first.status).toBe('succeeded');
    // Every 7th product is inactive: 0, 7, 14, 21, 28.
    expect(first.counts.created).toBe(25);
    api.revokeTokens();
    api.touch(1, { Name: 'Renamed' }, '2025-03-01T00:00:00.000Z');
    const second = await h.sync();
    expect(second).toMatchObject({ status: 'succeeded', strategy: 'incremental' });
    expect(api.tokensIssued()).toBe(2);
    const lastQuery = api.requests.filter((r) => r.url.pathname.endsWith('/query')).at(-1)!;
    expect(lastQuery.url.searchParams.get('q')).toContain('WHERE (IsActive = true) AND (SystemModstamp >= ');
    expect((await h.engine.getProduct({ id: api.products[1]!.Id }))!.name).toBe('Renamed');
  });

  it('a wrong client secret fails the run as an auth or configuration problem without leaking the secret', async () => {
    const api = await startSalesforceApi(5);
    open.push(api);
    process.env.SYNCFLOW_TEST_SF_WRONG = 'definitely-wrong-secret';
    const h = await openSource(source(api.url, { clientSecret: '${env:SYNCFLOW_TEST_SF_WRONG}' }));
    open.push(h);
    const run = await h.sync();
    expect(run.status).toBe('failed');
    expect(run.error?.message).not.toContain('definitely-wrong-secret');
    expect(api.requests.some((r) => r.url.pathname.includes('/query'))).toBe(false);
  });

  it('refreshes the records a change notification names with one Id IN query, tombstoning one deleted meanwhile', async () => {
    const api = await startSalesforceApi(20);
    open.push(api);
    const h = await openSource(source(api.url));
    open.push(h);
    await h.sync();
    api.touch(4, { Name: 'Compressor 4 (webhook)' }, '2025-03-01T00:00:00.000Z');
    api.touch(6, { IsDeleted: true }, '2025-03-01T00:00:00.000Z');
    const ids = [api.products[4]!.Id, api.products[6]!.Id, "x') OR Name != ('"];
    const [run] = await h.engine.sync({ source: 'salesforce', ids, trigger: 'webhook' });
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'realtime' });
    expect(run!.counts).toMatchObject({ fetched: 1, updated: 1, deleted: 1 });
    const q = api.requests.filter((r) => r.url.pathname.endsWith('/query')).at(-1)!.url.searchParams.get('q')!;
    expect(q).toContain(`WHERE Id IN ('${api.products[4]!.Id}', '${api.products[6]!.Id}')`);
    expect((await h.engine.getProduct({ id: api.products[4]!.Id }))!.name).toBe('Compressor 4 (webhook)');
    expect(await h.engine.getProduct({ id: api.products[6]!.Id })).toBeNull();
  });

  it('lists ids deleted since a cursor through queryAll', async () => {
    const api = await startSalesforceApi(10);
    open.push(api);
    api.touch(2, { IsDeleted: true }, '2025-03-01T00:00:00.000Z');
    api.touch(5, { IsDeleted: true }, '2025-03-02T00:00:00.000Z');
    const cfg = syncflowConfig.parse({ sources: [source(api.url, { lookback: '1m' })] }).sources[0]!;
    if (cfg.kind !== 'salesforce') throw new Error('expected a salesforce source');
    const connector = new SalesforceConnector(cfg, createSecretResolver(), 'sources[0]');
    expect(connector.capabilities.deletes).toBe(true);
    const ids: string[] = [];
    for await (const batch of connector.deletedSince!('2025-03-01T00:00:30.000Z')) ids.push(...batch);
    // The 1m lookback reaches back past the first deletion.
    expect(ids).toEqual([api.products[2]!.Id, api.products[5]!.Id]);
    expect(api.requests.at(-1)!.url.pathname).toBe('/services/data/v60.0/queryAll');
  });

  it('an incremental sync tombstones what the queryAll feed says was deleted since its cursor', async () => {
    const api = await startSalesforceApi(20);
    open.push(api);
    const h = await openSource(source(api.url));
    open.push(h);
    expect((await h.sync()).counts.created).toBe(20);
    api.touch(4, { IsDeleted: true }, '2025-06-01T00:00:00.000Z');
    const inc = await h.sync();
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { deleted: 1 } });
    expect(inc.notes).toEqual(['1 delete(s) from the source\'s delete feed']);
    expect(await h.engine.getProduct({ id: api.products[4]!.Id })).toBeNull();
    expect(await h.engine.getProduct({ id: api.products[5]!.Id })).not.toBeNull();

    // A user without queryAll: the incremental's updates stand, and the run says the deletes wait.
    api.denyQueryAll = true;
    api.touch(6, { Name: 'Compressor 6 (revised)' }, '2025-06-02T00:00:00.000Z');
    const denied = await h.sync();
    expect(denied).toMatchObject({ status: 'succeeded', counts: { updated: 1, deleted: 0 } });
    expect(denied.notes?.[0]).toMatch(/^the source's delete feed failed \(\[\w+\] .*\); deletes wait for the next full sync$/);
    expect((await h.engine.getProduct({ id: api.products[6]!.Id }))!.name).toBe('Compressor 6 (revised)');
  });
});
