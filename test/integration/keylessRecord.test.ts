// A record the source returns without a key is quarantined and can be in no list of seen ids. A full pass counted
// it as missing: every full re-sync then saw one record fewer than the source reports, listed the source a second
// time and skipped its deletes ("the pass saw 99 of 100"), for as long as that record stayed broken at the source.
import { afterEach, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';

describe('a record without a key in a full pass', () => {
  let source: FaultySource;
  let h: Harness;
  afterEach(async () => {
    await h?.close();
    await source?.close();
  });

  it('counts as read: one listing, counts that add up, and deletes still proven', async () => {
    source = await startFaultySource(100);
    source.records.set(fakeRecord(50).id, { ...fakeRecord(50), id: '' });
    h = await openSource(faultySourceConfig('keyless', source.url));
    const load = await h.sync(true);
    expect(load).toMatchObject({ status: 'succeeded', counts: { created: 99, quarantined: 1, deleted: 0 } });

    source.records.delete(fakeRecord(30).id);
    const before = source.requests;
    const run = await h.sync(true);
    // 99 records left at the source, one of them without a key. The first listing saw all 99, so it goes on to prove
    // the delete (this source pages by offset: by a second listing) instead of listing again for what it missed.
    expect(run).toMatchObject({ status: 'succeeded', counts: { fetched: 198, created: 0, updated: 0, unchanged: 98, quarantined: 1, deleted: 1 } });
    expect(source.requests - before).toBe(4);
    expect(run.notes).toEqual(['listed the source twice to confirm 1 delete candidate(s)', '1 delete(s) proven by absence from two listings']);
    expect(h.engine.catalog.count('keyless')).toBe(98);
  });

  it('is counted once per listing: a second listing does not make up for a record the pass missed', async () => {
    source = await startFaultySource(101);
    source.records.set(fakeRecord(50).id, { ...fakeRecord(50), id: '' });
    h = await openSource(faultySourceConfig('keyless', source.url));
    expect((await h.sync(true)).counts.created).toBe(100);
    // Both listings (three pages each) start their second page one record early: record 100 is never read. Counting
    // the keyless record once per listing would make 99 seen + 2 = 101 and tombstone record 100, which the source
    // still has.
    source.faults.push({ kind: 'ok' }, { kind: 'shift' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'shift' }, { kind: 'ok' });
    const run = await h.sync(true);
    expect(run.status).toBe('succeeded');
    expect(run.counts.fetched).toBe(202);
    expect(run.counts.deleted).toBe(0);
    expect(run.notes).toContain('deletes skipped: the pass saw 100 of 101 records the source reports');
    expect(h.engine.catalog.count('keyless')).toBe(100);
  });
});
