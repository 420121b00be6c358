// The REST connector against json-server, a real REST server from npm: offset (_start/_limit), page number
// (_page/_limit) and an incremental filter (updated_at_gte) with its own sort parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource } from '../fixtures/engineHarness.js';
import { vendorProducts } from '../fixtures/httpFixture.js';
import { startJsonServer } from '../fixtures/jsonServer.js';

const mapping = {
  fields: {
    id: { path: 'id', transform: 'string' },
    code: 'sku',
    name: { path: 'title', transform: 'trim' },
    price: { path: 'price', transform: { name: 'number', decimal: ',' } },
    sourceUpdatedAt: 'updated_at',
  },
};

describe('sync from json-server', () => {
  const products = vendorProducts(35);
  let server: Awaited<ReturnType<typeof startJsonServer>>;
  beforeAll(async () => {
    server = await startJsonServer({ products });
  });
  afterAll(() => server.close());

  it('pages by _start/_limit, then syncs only what changed with updated_at_gte', async () => {
    const h = await openSource({
      name: 'json-offset',
      kind: 'rest',
      baseUrl: server.url,
      path: '/products',
      query: { _sort: 'updated_at,id' },
      pagination: { type: 'offset', offsetParam: '_start', limitParam: '_limit', pageSize: 10 },
      incremental: { cursorField: 'updated_at', param: 'updated_at_gte', template: '{cursor}' },
      mapping,
    });
    try {
      const full = await h.sync();
      // Four pages, the last short; with no count a short page is not proof of the end, so an empty fifth confirms it.
      expect(full).toMatchObject({ status: 'succeeded', pages: 5 });
      expect(full.counts).toMatchObject({ fetched: 35, created: 35 });
      expect((await h.engine.getProduct({ id: '35' }))!).toMatchObject({ name: 'Produto 35', price: 1034.5 });

      products[3]!.title = 'Produto 4 revisado';
      products[3]!.updated_at = '2025-06-01T00:00:00.000Z';
      const inc = await h.sync();
      expect(inc.strategy).toBe('incremental');
      expect(inc.counts).toMatchObject({ updated: 1, created: 0 });
      // The previous newest (shared cursor value, `gte`) comes again and is skipped by checksum.
      expect(inc.counts.fetched).toBe(2);
      expect((await h.engine.getProduct({ id: '4' }))!.name).toBe('Produto 4 revisado');
    } finally {
      await h.close();
    }
  });

  it('pages by _page/_limit and stops once the page after the short last one comes back empty', async () => {
    const h = await openSource({
      name: 'json-pages',
      kind: 'rest',
      baseUrl: server.url,
      path: '/products',
      pagination: { type: 'page', pageParam: '_page', sizeParam: '_limit', pageSize: 15 },
      mapping,
    });
    try {
      const run = await h.sync();
      expect(run).toMatchObject({ status: 'succeeded', pages: 4 });
      expect(run.counts).toMatchObject({ fetched: 35, created: 35 });
      expect(h.engine.catalog.count()).toBe(35);
    } finally {
      await h.close();
    }
  });
});
