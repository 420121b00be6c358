// Deletes only when proven: a vendor that deletes and inserts while it is paged with offset paging (records shift
// across pages) must not lose live records, with or without fetch-by-id and with or without a count; a pass that
// missed records deletes nothing; and a record edited after its page was read is still "changed since" next time.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRecord, faultySourceConfig, startFaultySource, type FakeRecord, type FaultySource } from '../fixtures/faultySource.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';

const byIds = { param: 'ids', template: '{ids}', separator: ',' };
const incremental = { cursorField: 'updatedAt', in: 'query', param: 'since', template: '{cursor}', format: 'iso' };
const pagination = { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 100, totalPath: 'total' };

describe('deletes only when proven', () => {
  let source: FaultySource;
  let h: Harness;
  afterEach(async () => {
    await h.close();
    await source.close();
  });

  async function open(count: number, extra: Record<string, unknown>) {
    source = await startFaultySource(count);
    h = await openSource(faultySourceConfig('erp', source.url, { pagination, ...extra }));
    expect((await h.sync(true)).counts.created).toBe(count);
  }

  const sortedIds = () => [...source.records.keys()].sort();

  /** While the next `pages` listing pages are served, delete one record behind the offset (already read: the
   *  rest shifts back one, so a live record slips past) and one ahead of it, and insert one ahead of it. */
  function churn(pages: number) {
    const deletedAhead = new Set<string>();
    const deletedBehind = new Set<string>();
    const inserted: FakeRecord[] = [];
    let left = pages;
    source.beforePage = (offset) => {
      if (offset === 0 || left-- <= 0) return;
      const ids = sortedIds();
      const behind = ids[offset - 30]!;
      const ahead = ids[offset + 150];
      source.records.delete(behind);
      deletedBehind.add(behind);
      if (ahead) {
        source.records.delete(ahead);
        deletedAhead.add(ahead);
        const r = { ...fakeRecord(Number(ahead.slice(1)), 3), id: `${ahead}b`, updatedAt: new Date().toISOString() };
        source.records.set(r.id, r);
        inserted.push(r);
      }
    };
    return { deletedAhead, deletedBehind, inserted };
  }

  async function expectEveryVendorRecordLive() {
    for (const r of source.records.values()) {
      const p = await h.engine.getProduct({ id: r.id });
      expect(p, `${r.id} is live at the vendor`).not.toBeNull();
      expect(p!.name).toBe(r.name);
    }
  }

  it('offset paging under deletes and inserts, candidates confirmed by id: no live record lost, then an exact copy', async () => {
    await open(1000, { byIds });
    const { deletedAhead, deletedBehind } = churn(5);
    const run = await h.sync(true);
    expect(run.status).toBe('succeeded');
    await expectEveryVendorRecordLive();
    for (const id of deletedAhead) expect(await h.engine.getProduct({ id }), id).toBeNull();
    expect(run.counts.deleted).toBe(deletedAhead.size);
    expect(run.notes?.join(' ')).toMatch(/proven by asking the source for each by id/);
    // Deleted after their page was read: still there until the next full pass proves them gone.
    expect(h.engine.catalog.count('erp')).toBe(source.records.size + deletedBehind.size);
    source.beforePage = undefined;
    const again = await h.sync(true);
    expect(again.counts.deleted).toBe(deletedBehind.size);
    expect(h.engine.catalog.count('erp')).toBe(source.records.size);
    await expectEveryVendorRecordLive();
  });

  it('keyset paging under the same churn: absence from the listing is the proof, no extra request', async () => {
    await open(1000, { pagination: { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 100 } });
    const { deletedAhead } = churn(5);
    const before = source.requests;
    const run = await h.sync(true);
    expect(run.status).toBe('succeeded');
    await expectEveryVendorRecordLive();
    for (const id of deletedAhead) expect(await h.engine.getProduct({ id }), id).toBeNull();
    expect(run.notes?.join(' ')).toMatch(/proven by absence from a listing that cannot skip records/);
    // 10 pages and the empty one that ends a keyset: no by-id request, no second listing.
    expect(source.requests - before).toBe(11);
  });

  it('without fetch-by-id or a count, a second listing confirms the candidates: no live record lost', async () => {
    await open(1000, {});
    source.noTotal = true;
    const { deletedAhead } = churn(5);
    const run = await h.sync(true);
    expect(run.status).toBe('succeeded');
    await expectEveryVendorRecordLive();
    for (const id of deletedAhead) expect(await h.engine.getProduct({ id }), id).toBeNull();
    expect(run.notes?.join(' ')).toMatch(/listed the source twice to confirm/);
  });

  it('a pass that missed records deletes nothing, not even the real deletes, and says so', async () => {
    await open(1000, {});
    for (let n = 991; n <= 1000; n++) source.records.delete(fakeRecord(n).id);
    // Page 2 starts one record early in both listings, so R000200 is never seen although it is live.
    source.faults.push({ kind: 'ok' }, { kind: 'shift' }, ...Array.from({ length: 9 }, () => ({ kind: 'ok' as const })), { kind: 'shift' });
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    expect(run.notes?.join(' ')).toMatch(/deletes skipped: the pass saw 989 of 990/);
    expect(await h.engine.getProduct({ id: fakeRecord(200).id })).not.toBeNull();
    expect(await h.engine.getProduct({ id: fakeRecord(995).id })).not.toBeNull();
    expect(h.engine.catalog.count('erp')).toBe(1000);
  });

  it('a fetch-by-id that fails leaves the pass unproven: nothing deleted, said in the run', async () => {
    await open(300, { byIds });
    source.records.delete(fakeRecord(7).id);
    // Three listing pages, then the by-id request fails.
    source.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'status', status: 400 });
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    expect(run.notes?.join(' ')).toMatch(/deletes skipped: fetching the 1 record\(s\) the pass did not see by id failed/);
    expect(await h.engine.getProduct({ id: fakeRecord(7).id })).not.toBeNull();
    expect(sortedIds()).toHaveLength(299);
  });

  it('a by-id check that meets a reset and a 503 retries them: the deletes are proven, not skipped', async () => {
    await open(300, { byIds });
    source.records.delete(fakeRecord(7).id);
    source.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'reset' }, { kind: 'status', status: 503 });
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
    expect(run.retries).toBe(2);
    expect(run.notes?.join(' ')).toMatch(/1 delete\(s\) proven by asking the source for each by id/);
    expect(await h.engine.getProduct({ id: fakeRecord(7).id })).toBeNull();
  });

  it('a record edited after its page was read, while a later-edited one is read later, is picked up next time', async () => {
    await open(1000, { incremental });
    const early = fakeRecord(50).id; // page 1
    const late = fakeRecord(700).id; // page 7
    let editedAt = 0;
    source.beforePage = (offset) => {
      if (offset !== 300) return;
      editedAt = Date.now();
      source.records.set(early, { ...fakeRecord(50, 2), updatedAt: new Date(editedAt).toISOString() });
      source.records.set(late, { ...fakeRecord(700, 2), updatedAt: new Date(editedAt + 5).toISOString() });
    };
    const full = await h.sync(true);
    expect(full.status).toBe('succeeded');
    expect(editedAt).toBeGreaterThan(0);
    expect((await h.engine.getProduct({ id: late }))!.name).toBe(fakeRecord(700, 2).name);
    expect((await h.engine.getProduct({ id: early }))!.name).toBe(fakeRecord(50, 1).name);
    source.beforePage = undefined;
    const inc = await h.sync(false);
    expect(inc.strategy).toBe('incremental');
    expect((await h.engine.getProduct({ id: early }))!.name).toBe(fakeRecord(50, 2).name);
  });
});
