// Short pages are evidence, not proof: an API that serves at most 300 records a page when 500 are asked must not
// end the pass at its first page. Offset paging adapts (with or without a count); page numbers fail clearly.
import { afterEach, describe, expect, it } from 'vitest';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { startPageApi, type PageApi } from '../fixtures/pageApi.js';

const offset500 = { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 500, totalPath: 'total' };

describe('a vendor that caps its page size', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  async function capped(extra: Record<string, unknown>, noTotal = false): Promise<{ source: FaultySource; h: Harness }> {
    const source = await startFaultySource(3000);
    source.maxLimit = 300;
    source.noTotal = noTotal;
    open.push(source);
    const h = await openSource(faultySourceConfig('erp', source.url, extra));
    open.push(h);
    return { source, h };
  }

  it('offset paging with a count: all 3,000 fetched, paged by what the vendor serves, said in the run', async () => {
    const { source, h } = await capped({ pagination: offset500, request: { prefetch: 3 } });
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { fetched: 3000, created: 3000 } });
    expect(h.engine.catalog.count('erp')).toBe(3000);
    expect(run.notes).toContain('the source serves at most 300 records a page (pageSize 500); paging by 300');
    // Once the cap is known, the pages asked ahead line up with it: no request is wasted.
    expect(source.requests).toBe(10);
  });

  it('offset paging without a count: a short page is probed, all 3,000 fetched', async () => {
    const { h } = await capped({ pagination: { ...offset500, totalPath: undefined } }, true);
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { fetched: 3000, created: 3000 } });
  });

  it('page numbers with a count: the run fails naming the page size to set, and reports no success', async () => {
    const api: PageApi = await startPageApi(3000, 300);
    open.push(api);
    process.env.SYNCFLOW_TEST_PAGE_KEY = 'page-api-key-123';
    const h = await openSource({
      name: 'paged',
      kind: 'rest',
      baseUrl: api.url,
      path: '/api/products',
      recordSelector: 'items',
      auth: { type: 'apiKey', in: 'query', name: 'api_key', value: '${env:SYNCFLOW_TEST_PAGE_KEY}' },
      pagination: { type: 'page', pageParam: 'page', sizeParam: 'size', pageSize: 500, firstPage: 0, totalPath: 'total' },
      mapping: { fields: { id: { path: 'id', transform: 'string' }, name: 'title' } },
    });
    open.push(h);
    const run = await h.sync(true);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/served 300 records on a page of 500 that was not its last.*set pagination\.pageSize to 300/);
  });
});
