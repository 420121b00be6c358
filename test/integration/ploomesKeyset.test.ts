// A Ploomes source pages by Id (`$filter=Id gt N`, `$orderby=Id`): records deleted while a full pass reads the
// account cannot shift it (with `$skip` the ones after them would slide out of sight and be deleted), so the pass
// proves its deletes by the listing alone, with no by-id request and no second listing.
import { afterEach, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { send, serve, type FakeServer } from '../fixtures/httpFixture.js';

interface Product {
  Id: number;
  Name: string;
  Code: string;
  UnitPrice: number;
  CurrencyId: 1;
  Suspended: boolean;
  LastUpdateDate: string;
}

describe('Ploomes keyset paging', () => {
  let api: FakeServer;
  let h: Harness;
  afterEach(async () => {
    await h?.close();
    await api?.close();
  });

  it('a full pass while products are deleted ends exact and proves the deletes by the listing alone', async () => {
    const products = new Map<number, Product>();
    for (let n = 1; n <= 250; n++) {
      products.set(1000 + n, { Id: 1000 + n, Name: `Produto ${n}`, Code: `P${n}`, UnitPrice: n, CurrencyId: 1, Suspended: false, LastUpdateDate: '2026-01-01T00:00:00Z' });
    }
    let onPage: ((after: number) => void) | null = null;
    const unsupported: string[] = [];
    api = await serve((req, _body, res) => {
      const q = req.url.searchParams;
      const filter = q.get('$filter') ?? '';
      const after = /(?:^|and )Id gt (\d+)$/.exec(filter);
      const rest = filter.replace(/^\((.*)\) and Id gt \d+$/, '$1').replace(/^Id gt \d+$/, '');
      const ids = /^Id in \(([\d,]*)\)$/.exec(rest);
      if (rest && !ids) unsupported.push(filter);
      if (q.get('$skip') !== null || q.get('$orderby') !== 'Id') unsupported.push(req.url.search);
      onPage?.(after ? Number(after[1]) : 0);
      const top = Number(q.get('$top'));
      const value = [...products.values()]
        .filter((p) => (!after || p.Id > Number(after[1])) && (!ids || ids[1]!.split(',').map(Number).includes(p.Id)))
        .sort((a, b) => a.Id - b.Id)
        .slice(0, top);
      send(res, 200, { value });
    });
    process.env.SYNCFLOW_TEST_KEYSET_KEY = 'k';
    h = await openSource({ name: 'crm', kind: 'ploomes', baseUrl: api.url, apiKey: '${env:SYNCFLOW_TEST_KEYSET_KEY}', pageSize: 50 });
    expect((await h.sync(true)).counts.created).toBe(250);

    // Gone before the pass: 1010 and 1020; gone while it reads (behind its position): 1030 and 1031.
    products.delete(1010);
    products.delete(1020);
    onPage = (after) => {
      if (after > 1031 && products.has(1030)) {
        products.delete(1030);
        products.delete(1031);
      }
    };
    const before = api.requests.length;
    const run = await h.sync(true);
    // 1030 and 1031 were read before they went: this pass saw them. Nothing after them slid out of sight.
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 2 } });
    // Five pages of 50 (the last 48) and the empty page that ends a keyset: one listing, nothing asked by id.
    const asked = api.requests.slice(before).map((r) => r.url.searchParams.get('$filter'));
    expect(asked).toEqual([null, 'Id gt 1052', 'Id gt 1102', 'Id gt 1152', 'Id gt 1202', 'Id gt 1250']);
    expect(unsupported).toEqual([]);
    expect(h.engine.catalog.count('crm')).toBe(248);
    for (const id of [1010, 1020]) expect(await h.engine.getProduct({ id: String(id) })).toBeNull();
    for (const id of [1009, 1030, 1032, 1053, 1250]) expect(await h.engine.getProduct({ id: String(id) })).not.toBeNull();
    const e = (await h.engine.getRun({ id: run.id, logLimit: 1 }))!.explanation!;
    expect(e.deletes).toEqual({ count: 2, proof: 'proven by absence from a listing that cannot skip records', skipped: null, review: null });
    onPage = null;
    const next = await h.sync(true);
    expect(next.counts.deleted).toBe(2);
    expect(h.engine.catalog.count('crm')).toBe(246);
    expect(products.size).toBe(246);
  });
});
