// The end of a full pass (the sweep) against a fake vendor over real HTTP: the mass-delete guard goes before any
// proof request and holds its list; the share is a bound, not a hair-trigger; ids that cannot be asked for are
// kept; a second listing does not double the unchanged count; a deleted product is not served from the cache; the
// incremental cursor the pass leaves is its newest record, never later than the pass's start.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';

const byIds = { param: 'ids', template: '{ids}', separator: ',' };
const incremental = { cursorField: 'updatedAt', in: 'query', param: 'since', template: '{cursor}', format: 'iso' };

describe('the sweep of a full pass', () => {
  let source: FaultySource;
  let h: Harness;
  afterEach(async () => {
    await h?.close();
    await source?.close();
  });

  async function open(count: number, extra: Record<string, unknown> = {}) {
    source = await startFaultySource(count, 'S');
    h = await openSource(faultySourceConfig('erp', source.url, extra));
    expect((await h.sync(true)).counts.created).toBe(count);
  }
  const remove = (from: number, to: number) => {
    for (let n = from; n <= to; n++) source.records.delete(fakeRecord(n, 1, 'S').id);
  };
  const seenRows = () => {
    const db = new Database(join(h.dir, 'catalog.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM full_sync_seen').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('too many deletes: held for review with their list before any by-id request; an incomplete pass leaves the review pending', async () => {
    await open(100, { byIds, pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 20, totalPath: 'total' } });
    remove(1, 21);
    const before = source.requests;
    const held = await h.sync(true);
    expect(held).toMatchObject({ status: 'needs_review', counts: { deleted: 0 }, error: { class: 'validation' } });
    expect(held.error!.message).toBe('the sync would delete 21 of 100 records (21.0%, above the 20% guard); nothing was deleted');
    // Four listing pages (20 + 20 + 20 + 19), nothing asked by id.
    expect(source.requests - before).toBe(4);
    expect(h.engine.catalog.count('erp')).toBe(100);
    const [review] = await h.engine.listDeleteReviews({ status: 'pending', limit: 100 });
    expect(review).toMatchObject({ runId: held.id, source: 'erp', live: 100, missing: 21, status: 'pending' });
    expect(review!.records.map((r) => r.id)).toEqual(Array.from({ length: 21 }, (_, i) => fakeRecord(i + 1, 1, 'S').id));
    expect(seenRows()).toBe(0);

    // A pass that misses a record in both its listings decides nothing: the review stays pending.
    source.faults.push({ kind: 'ok' }, { kind: 'shift' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'shift' });
    const incomplete = await h.sync(true);
    expect(incomplete).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    expect(incomplete.notes?.join(' ')).toMatch(/deletes skipped: the pass saw 78 of 79 records/);
    expect((await h.engine.listDeleteReviews({ status: 'pending', limit: 100 })).map((r) => [r.runId, r.status])).toEqual([[held.id, 'pending']]);

    // The records come back: a complete pass decides on its own and supersedes the review.
    for (let n = 1; n <= 21; n++) source.records.set(fakeRecord(n, 1, 'S').id, fakeRecord(n, 1, 'S'));
    expect(await h.sync(true)).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    expect(await h.engine.listDeleteReviews({ status: 'pending', limit: 100 })).toEqual([]);
    expect((await h.engine.listDeleteReviews({ limit: 100, status: 'superseded' })).map((r) => r.runId)).toEqual([held.id]);
  });

  it("a source's own share is a bound: exactly at it the deletes go ahead, proven by id, and leave the cache", async () => {
    await open(100, { byIds, massDeleteThreshold: 0.3 });
    const gone = fakeRecord(7, 1, 'S').id;
    expect(await h.engine.getProduct({ id: gone })).not.toBeNull(); // now cached
    remove(1, 30);
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 30 } });
    expect(run.notes).toContain('30 delete(s) proven by asking the source for each by id');
    expect(await h.engine.getProduct({ id: gone })).toBeNull();
    expect(h.engine.catalog.count('erp')).toBe(70);
    expect(await h.engine.listDeleteReviews({ status: 'pending', limit: 10 })).toEqual([]);
    expect(seenRows()).toBe(0);
  });

  it('ids the source cannot be asked for are kept, and said so; the others are proven and deleted', async () => {
    source = await startFaultySource(60, 'S');
    const odd = { ...fakeRecord(61, 1, 'S'), id: 'odd id' };
    source.records.set(odd.id, odd);
    h = await openSource(faultySourceConfig('erp', source.url, { byIds }));
    expect((await h.sync(true)).counts.created).toBe(61);
    source.records.delete(odd.id);
    remove(5, 5);
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
    expect(run.notes).toContain("1 unseen record(s) have ids the source cannot be asked for; they were kept");
    expect(await h.engine.getProduct({ id: odd.id })).not.toBeNull();
    expect(await h.engine.getProduct({ id: fakeRecord(5, 1, 'S').id })).toBeNull();
  });

  it('as many ids seen as live, yet one missing (a new record quarantined, another gone): the delete is still proven by id', async () => {
    await open(60, { byIds });
    remove(7, 7);
    // No name: quarantined, but its key counts as seen, so the pass sees 60 ids where 60 are live.
    const { name: _unnamed, ...bad } = fakeRecord(101, 1, 'S');
    source.records.set(bad.id, bad as typeof source.records extends Map<string, infer R> ? R : never);
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1, quarantined: 1, unchanged: 59 } });
    expect(run.notes).toContain('1 delete(s) proven by asking the source for each by id');
    expect(await h.engine.getProduct({ id: fakeRecord(7, 1, 'S').id })).toBeNull();
    expect(h.engine.catalog.count('erp')).toBe(59);
  });

  it('confirmed by a second listing: unchanged records count once, and the run says it listed twice', async () => {
    await open(100);
    source.noTotal = true;
    remove(40, 40);
    const before = source.requests;
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1, unchanged: 99, created: 0, updated: 0 } });
    expect(run.notes).toContain('listed the source twice to confirm 1 delete candidate(s)');
    expect(run.notes).toContain('1 delete(s) proven by absence from two listings');
    // Each listing: 50 + 49 + the empty page that ends a listing without a count.
    expect(source.requests - before).toBe(6);
  });

  it('a by-id check that fails deletes nothing and says why; one that meets a reset and a 503 retries them', async () => {
    await open(60, { byIds });
    remove(7, 7);
    // Two listing pages, then the by-id request is refused.
    source.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'status', status: 400 });
    const refused = await h.sync(true);
    expect(refused).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    expect(refused.notes?.join(' ')).toMatch(/^deletes skipped: fetching the 1 record\(s\) the pass did not see by id failed \(\[\w+\] .+\)$/);
    expect(h.engine.catalog.count('erp')).toBe(60);
    source.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'reset' }, { kind: 'status', status: 503 });
    const retried = await h.sync(true);
    expect(retried).toMatchObject({ status: 'succeeded', retries: 2, counts: { deleted: 1 } });
    expect(retried.notes).toEqual(['1 delete(s) proven by asking the source for each by id']);
    expect(await h.engine.getProduct({ id: fakeRecord(7, 1, 'S').id })).toBeNull();
  });

  it('keyset paging: absence from the listing is the proof, with no request beyond the listing', async () => {
    await open(60, { byIds, pagination: { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 25 } });
    remove(30, 31);
    const before = source.requests;
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 2 } });
    expect(run.notes).toEqual(['2 delete(s) proven by absence from a listing that cannot skip records']);
    // 25 + 25 + 8, and the empty page that ends a keyset listing.
    expect(source.requests - before).toBe(4);
  });

  it('the cursor a full pass leaves is its newest record, capped at the pass start; the page position is cleared', async () => {
    await open(30, { incremental });
    expect(h.engine.runs.checkpoint('erp')).toMatchObject({ cursor: fakeRecord(30, 1, 'S').updatedAt, fullOffset: null, fullRunId: null });
    const future = { ...fakeRecord(3, 2, 'S'), updatedAt: '2099-01-01T00:00:00.000Z' };
    source.records.set(future.id, future);
    const started = Date.now();
    expect((await h.sync(true)).counts.updated).toBe(1);
    const cursor = Date.parse(h.engine.runs.checkpoint('erp')!.cursor!);
    expect(cursor).toBeGreaterThanOrEqual(started - 1000);
    expect(cursor).toBeLessThanOrEqual(Date.now());
  });
});
