// An incremental run against a vendor that orders its changes by update time and edits records while they are
// paged: an edited record moves to the end of the listing, the one after it slides into the part already read and
// is never returned. Nothing may be lost to the next incremental.
import { afterEach, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';

const incremental = { cursorField: 'updatedAt', in: 'query', param: 'since', template: '{cursor}', format: 'iso' };
const pagination = { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 10, totalPath: 'total' };

describe('incremental listing that shifts while read', () => {
  let source: FaultySource;
  let h: Harness;
  afterEach(async () => {
    await h?.close();
    await source?.close();
  });

  /** Records 1..30 edited before the run, each a second apart, in id order (so in listing order too). */
  function editBeforeRun() {
    const base = Date.parse('2026-06-01T00:00:00Z');
    for (let n = 1; n <= 30; n++) {
      const r = fakeRecord(n, 2);
      source.records.set(r.id, { ...r, updatedAt: new Date(base + n * 1000).toISOString() });
    }
  }

  /** The first time page 10 is asked for, record 1 (first in the listing) is edited again: it moves to the end. */
  function editFirstOnce() {
    let done = false;
    source.beforePage = (offset) => {
      if (offset !== 10 || done) return;
      done = true;
      const r = fakeRecord(1, 3);
      source.records.set(r.id, { ...r, updatedAt: new Date().toISOString() });
    };
  }

  const name = async (n: number) => (await h.engine.getProduct({ id: fakeRecord(n).id }))?.name;

  async function open() {
    source = await startFaultySource(100);
    source.sortByUpdated = true;
    h = await openSource(faultySourceConfig('shifty', source.url, { pagination, incremental }));
    expect((await h.sync(true)).status).toBe('succeeded');
    editBeforeRun();
  }

  it('reads the changes again when a record moved while they were read, so the one that slid past is loaded', async () => {
    await open();
    editFirstOnce();
    const run = await h.sync(false);
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'incremental' });
    // Each record counts once though the listing was read twice (62 records fetched) and record 1 came back within
    // the first reading: 1..30 updated, record 100 (at the cursor) unchanged.
    expect(run.counts).toMatchObject({ fetched: 62, created: 0, updated: 30, unchanged: 1, quarantined: 0 });
    // The listing is record 100 (at the cursor, `>=`) then 1..30: record 10 slid into page 1 when record 1 moved to
    // the end, and only the second reading returned it.
    expect(await name(10)).toBe(fakeRecord(10, 2).name);
    for (let n = 2; n <= 30; n++) expect(await name(n)).toBe(fakeRecord(n, 2).name);
    expect(await name(1)).toBe(fakeRecord(1, 3).name);
    expect(run.notes?.join(' ')).toMatch(/the listing may have shifted \(record R000001 came back later in the same listing: it changed while read\)/);
    expect(h.engine.runs.checkpoint('shifty')!.cursor! >= '2026-06-01T00:00:30.000Z').toBe(true);
  });

  it('holds the cursor when the source keeps changing under the second reading, and the next run catches up', async () => {
    await open();
    const before = h.engine.runs.checkpoint('shifty')!.cursor;
    // The first reading asks for offsets 0, 10, 20; the second again from 0: both are disturbed.
    let calls = 0;
    source.beforePage = (offset) => {
      if (offset !== 10) return;
      calls++;
      // First reading: record 1 (first after record 100); second reading: record 2 (record 1 is already last).
      const r = fakeRecord(calls, 2 + calls);
      source.records.set(r.id, { ...r, updatedAt: new Date().toISOString() });
    };
    const run = await h.sync(false);
    expect(calls).toBe(2);
    // Records 1 and 2 each came back within a reading; still each record once.
    expect(run.counts).toMatchObject({ fetched: 62, created: 0, updated: 30, unchanged: 1, quarantined: 0 });
    expect(run.status).toBe('succeeded');
    expect(run.notes?.join(' ')).toMatch(/the cursor stays at .*: the source kept changing while read/);
    expect(h.engine.runs.checkpoint('shifty')!.cursor).toBe(before);
    // The next incremental starts where this one did: every change since is read again.
    source.beforePage = undefined;
    const next = await h.sync(false);
    expect(next.strategy).toBe('incremental');
    // The 30 changed records and the one at the cursor itself (the filter is `>=`).
    expect(next.counts.fetched).toBe(31);
    for (let n = 3; n <= 30; n++) expect(await name(n)).toBe(fakeRecord(n, 2).name);
    expect(await name(1)).toBe(fakeRecord(1, 3).name);
    expect(await name(2)).toBe(fakeRecord(2, 4).name);
    expect(next.notes ?? []).not.toContainEqual(expect.stringMatching(/shifted/));
  });
});
