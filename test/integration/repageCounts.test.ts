// A full pass that saw fewer records than the source reports lists it once more (repageIfShort): the run's counts
// must still add up to the source's records, each counted once, however many times the two listings read it.
import { afterEach, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';

describe('a full pass listed twice because it came up short', () => {
  let source: FaultySource;
  let h: Harness;
  afterEach(async () => {
    await h?.close();
    await source?.close();
  });

  const accounted = (c: { created: number; updated: number; unchanged: number; quarantined: number }) =>
    c.created + c.updated + c.unchanged + c.quarantined;

  it('counts each record once, on the initial load and on a re-sync', async () => {
    source = await startFaultySource(100);
    h = await openSource(faultySourceConfig('short', source.url));
    // Page 2 starts one record early: record 50 comes twice and record 100 not at all, so
    // the pass saw 99 of 100 and lists the source once more.
    source.faults.push({ kind: 'ok' }, { kind: 'shift' });
    const load = await h.sync(true);
    expect(load).toMatchObject({ status: 'succeeded', counts: { created: 100, updated: 0, quarantined: 0, deleted: 0 } });
    expect(load.counts.fetched).toBeGreaterThan(100);
    expect(accounted(load.counts)).toBe(100);
    expect(h.engine.catalog.count('short')).toBe(100);

    // Record 7 now fails validation: quarantined once, though both listings read it, and kept in the catalog.
    source.records.set(fakeRecord(7).id, { ...fakeRecord(7), name: '' });
    source.faults.push({ kind: 'ok' }, { kind: 'shift' });
    const again = await h.sync(true);
    expect(again).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 0, unchanged: 99, quarantined: 1, deleted: 0 } });
    expect(again.counts.fetched).toBeGreaterThan(100);
    expect(h.engine.catalog.count('short')).toBe(100);
    expect(h.engine.reviews.openQuarantine({ source: 'short', limit: 10, offset: 0 }).items.map((q) => q.recordKey)).toEqual([fakeRecord(7).id]);
  });

  it('a delete it did not see is proven by the two listings it already made, without a third', async () => {
    source = await startFaultySource(101);
    h = await openSource(faultySourceConfig('short', source.url));
    expect((await h.sync(true)).counts.created).toBe(101);
    source.records.delete(fakeRecord(30).id);
    // 100 records left; page 2 starts one early, so record 101 is missed and the source listed once more.
    source.faults.push({ kind: 'ok' }, { kind: 'shift' });
    const before = source.requests;
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { fetched: 200, created: 0, updated: 0, unchanged: 100, deleted: 1 } });
    expect(run.notes).toEqual(['1 delete(s) proven by absence from two listings']);
    expect(source.requests - before).toBe(4);
    expect(h.engine.catalog.count('short')).toBe(100);
  });
});
