// What each committed page leaves behind, through the real Engine and SQLite against a fake vendor on 127.0.0.1 (an
// injected clock): the checkpoint of a page of a full pass (offset, pass id, watermark) and of an incremental one
// (none of those); a resumed pass keeps the watermark of the run that began it; records that fail validation stay
// seen and keep their quarantine entry open while the ones that load now close theirs; a vendor's page cap is said once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

const incremental = { cursorField: 'updatedAt', in: 'query', param: 'since', template: '{cursor}', format: 'iso' };
// fakeRecord(n) was updated at 2026-01-02T00:00:00Z + n seconds.
const T1 = '2026-01-02T00:01:00.000Z';

describe('a committed page', () => {
  let source: FaultySource;
  let engine: Engine;
  let tmp: ReturnType<typeof tempDir>;
  const clock = { now: Date.parse(T1) };

  async function open(count: number, extra: Record<string, unknown> = {}, maxRetries = 0) {
    source = await startFaultySource(count, 'K');
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        sources: [faultySourceConfig('erp', source.url, { incremental, ...extra })],
        resilience: { maxRetries },
        syncOnStart: false,
      }),
      now: () => clock.now,
      sleep: async () => undefined,
    });
  }
  const sync = async (full: boolean) => (await engine.syncNow({ full }))[0]!;

  beforeEach(() => {
    tmp = tempDir();
    clock.now = Date.parse(T1);
  });
  afterEach(async () => {
    await engine?.close();
    await source?.close();
    tmp.cleanup();
  });

  it("saves a full pass's position, pass and watermark with each page; the resumed pass keeps that watermark", async () => {
    await open(100);
    source.faults.push({ kind: 'ok' }, { kind: 'status', status: 500 });
    const failed = await sync(true);
    expect(failed).toMatchObject({ status: 'failed', pages: 1, counts: { created: 50 } });
    // The vendor's clock (now) is later than ours (T1): the watermark is ours.
    expect(engine.runs.checkpoint('erp')).toMatchObject({ cursor: null, fullOffset: 50, fullRunId: failed.id, fullWatermark: T1, fullKey: null });

    // A day later the pass resumes: records 61-100 changed after it began, so the cursor stays at its start.
    clock.now = Date.parse('2026-01-03T00:00:00Z');
    const resumed = await sync(true);
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { created: 50 } });
    expect(resumed.strategyReason).toMatch(/resuming an interrupted full sync at record 50/);
    expect(engine.runs.checkpoint('erp')).toMatchObject({ cursor: T1, fullOffset: null, fullRunId: null });
    expect(engine.catalog.count('erp')).toBe(100);

    // An incremental run's pages save the cursor, capped at the run's start (the edit is stamped 20 s after it),
    // and never a full pass's position.
    const edited = fakeRecord(80, 2, 'K');
    source.records.set(edited.id, edited);
    clock.now = Date.parse('2026-01-03T00:01:00Z');
    const inc = await sync(false);
    expect(inc).toMatchObject({ strategy: 'incremental', status: 'succeeded', counts: { updated: 1 } });
    expect(engine.runs.checkpoint('erp')).toMatchObject({
      cursor: '2026-01-03T00:01:00.000Z',
      fullOffset: null,
      fullRunId: null,
      fullWatermark: null,
      fullKey: null,
    });
  });

  it('a record that fails validation stays seen (not deleted) and its entry open; one that loads now closes its own', async () => {
    await open(60);
    const invalid = (n: number) => ({ ...fakeRecord(n, 1, 'K'), name: '' });
    source.records.set(fakeRecord(2, 1, 'K').id, invalid(2));
    source.records.set(fakeRecord(3, 1, 'K').id, invalid(3));
    const first = await sync(true);
    expect(first.counts).toMatchObject({ created: 58, quarantined: 2 });
    const open1 = engine.reviews.openQuarantine({ source: 'erp', limit: 10, offset: 0 });
    expect(open1.items.map((q) => q.recordKey).sort()).toEqual([fakeRecord(2, 1, 'K').id, fakeRecord(3, 1, 'K').id]);

    // K000003 is fixed; K000005, in the catalog, now fails; K000002 still fails.
    source.records.set(fakeRecord(3, 1, 'K').id, fakeRecord(3, 1, 'K'));
    source.records.set(fakeRecord(5, 1, 'K').id, invalid(5));
    const second = await sync(true);
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 1, quarantined: 2, deleted: 0 } });
    const open2 = engine.reviews.openQuarantine({ source: 'erp', limit: 10, offset: 0 });
    expect(open2.items.map((q) => q.recordKey).sort()).toEqual([fakeRecord(2, 1, 'K').id, fakeRecord(5, 1, 'K').id]);
    expect(open2.items.find((q) => q.recordKey === fakeRecord(2, 1, 'K').id)!.occurrences).toBe(2);
    // Quarantined but still at the source: kept with its last good values.
    expect((await engine.getProduct({ id: fakeRecord(5, 1, 'K').id }))!.name).toBe(fakeRecord(5, 1, 'K').name);
    expect(engine.catalog.count('erp')).toBe(59);
  });

  it("says a vendor's page cap once, however many pages it capped", async () => {
    await open(100);
    source.maxLimit = 20;
    const run = await sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { fetched: 100, created: 100 } });
    expect(run.notes?.filter((n) => /serves at most 20 records a page/.test(n))).toHaveLength(1);
  });
});
