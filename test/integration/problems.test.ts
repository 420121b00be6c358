// The Problems and History contract methods through the real engine: a fake vendor over HTTP, a real SQLite file,
// log files in the data dir. Quarantine (list, retry, dismiss, resolved by a later sync), deletes held for review
// (list, approve while a run is going, reject), run detail and log queries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseApiInput } from '../../src-shared/api.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startMutableVendor, vendorSource, type MutableVendor } from '../fixtures/mutableVendor.js';
import { tempDir } from '../helpers/tmp.js';

describe('problems: quarantine, held deletes, run detail, logs', () => {
  let tmp: ReturnType<typeof tempDir>;
  let vendor: MutableVendor;
  let engine: Engine;

  beforeEach(async () => {
    tmp = tempDir();
    vendor = await startMutableVendor(10);
    const config = syncflowConfig.parse({ syncOnStart: false, sources: [vendorSource('shop', vendor.url)] });
    engine = await Engine.open({ dataDir: tmp.dir, config });
  });
  afterEach(async () => {
    await engine.close();
    await vendor.close();
    tmp.cleanup();
  });

  const sync = async (full = false) => (await engine.syncNow({ source: 'shop', full }))[0]!;
  const call = <M extends Parameters<typeof parseApiInput>[0]>(m: M, input: unknown) => parseApiInput(m, input);

  it('lists a quarantined record once with its first and last sighting; retry re-validates; dismiss closes it', async () => {
    vendor.items[2]!.sku = 'bad-3';
    const first = await sync();
    expect(first.counts).toMatchObject({ fetched: 10, created: 9, quarantined: 1 });
    const second = await sync(true);
    expect(second.counts.quarantined).toBe(1);

    const page = await engine.listQuarantine(call('listQuarantine', {}));
    expect(page.total).toBe(1);
    const item = page.items[0]!;
    expect(item).toMatchObject({
      source: 'shop',
      recordKey: '3',
      rule: 'regex:code',
      runId: second.id,
      occurrences: 2,
      payload: { sku: 'bad-3' },
    });
    expect(item.firstSeenAt <= item.lastSeenAt).toBe(true);

    // Against the same config it still fails: the entry stays open, the retry is a run in the history.
    const retried = await engine.retryQuarantined(call('retryQuarantined', { ids: [item.id] }));
    expect(retried.outcomes).toEqual([
      { id: item.id, recordKey: '3', loaded: false, rule: 'regex:code', reason: expect.stringContaining('code') },
    ]);
    expect(retried.run).toMatchObject({ source: 'shop', trigger: 'manual', strategy: 'realtime', status: 'succeeded' });
    expect(retried.run!.counts).toMatchObject({ fetched: 1, quarantined: 1 });
    expect((await engine.listQuarantine(call('listQuarantine', {}))).total).toBe(1);

    expect(await engine.dismissQuarantined(call('dismissQuarantined', { ids: [item.id] }))).toEqual({ dismissed: 1 });
    expect((await engine.listQuarantine(call('listQuarantine', {}))).total).toBe(0);
    await expect(engine.dismissQuarantined(call('dismissQuarantined', { ids: [99_999] }))).rejects.toThrow(
      /no quarantine entry 99999/,
    );
  });

  it('a record that loads in a later sync closes its entry; the run detail keeps what that run quarantined', async () => {
    vendor.items[4]!.sku = 'broken';
    const bad = await sync(true);
    expect((await engine.listQuarantine(call('listQuarantine', { source: 'shop' }))).total).toBe(1);
    vendor.items[4]!.sku = 'SKU-5';
    const good = await sync(true);
    expect(good.counts.quarantined).toBe(0);
    expect((await engine.listQuarantine(call('listQuarantine', {}))).total).toBe(0);
    expect(engine.catalog.get('5')?.code).toBe('SKU-5');

    const detail = (await engine.getRun(call('getRun', { id: bad.id })))!;
    expect(detail.run.id).toBe(bad.id);
    expect(detail.quarantined.map((q) => q.recordKey)).toEqual(['5']);
    // The log lines of that run come back from the log file, and only that run's.
    expect(detail.logs.some((l) => l.msg.startsWith('sync started: full'))).toBe(true);
    expect(detail.logs.every((l) => l.runId === bad.id)).toBe(true);
    expect(detail.deleteReview).toBeNull();
    expect(await engine.getRun(call('getRun', { id: 12_345 }))).toBeNull();
  });

  it('holds a mass delete with its list; approve, while a run of the source is going, deletes after it ends', async () => {
    await sync(true);
    vendor.items.splice(0, 5); // half the catalog gone: above the 20% guard
    const held = await sync(true);
    expect(held.status).toBe('needs_review');
    expect(engine.catalog.count()).toBe(10);

    const [review] = await engine.listDeleteReviews(call('listDeleteReviews', {}));
    expect(review).toMatchObject({ runId: held.id, source: 'shop', live: 10, missing: 5, status: 'pending' });
    expect(review!.records.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(review!.records[0]).toMatchObject({ name: 'Item 1', code: 'SKU-1' });

    // An incremental run of the source is in flight when the operator approves.
    const gate = vendor.hold();
    const running = engine.syncNow({ source: 'shop', full: false });
    await gate.seen;
    let approved = false;
    const approval = engine
      .approveDeletes(call('approveDeletes', { runId: held.id }))
      .then((r) => ((approved = true), r));
    await new Promise((r) => setImmediate(r));
    expect(approved).toBe(false); // it waits for the run of the same source
    gate.release();
    const [during] = await running;
    const { run, review: decided } = await approval;
    expect(during!.status).not.toBe('running');
    expect(run).toMatchObject({ source: 'shop', status: 'succeeded', counts: expect.objectContaining({ deleted: 5 }) });
    expect(run.strategyReason).toContain(`run ${held.id}`);
    expect(decided).toMatchObject({ status: 'approved', decidedRunId: run.id });
    expect(engine.catalog.count()).toBe(5);
    expect(await engine.listDeleteReviews(call('listDeleteReviews', {}))).toEqual([]);
    await expect(engine.approveDeletes(call('approveDeletes', { runId: held.id }))).rejects.toThrow(/already approved/);
  });

  it('reject keeps the records; a later full sync that decides on its own supersedes a pending review', async () => {
    await sync(true);
    const removed = vendor.items.splice(0, 5);
    const held = await sync(true);
    const rejected = await engine.rejectDeletes(call('rejectDeletes', { runId: held.id }));
    expect(rejected.status).toBe('rejected');
    expect(engine.catalog.count()).toBe(10);

    const again = await sync(true);
    expect(again.status).toBe('needs_review');
    vendor.items.unshift(...removed);
    expect((await sync(true)).status).toBe('succeeded');
    const all = await engine.listDeleteReviews(call('listDeleteReviews', { status: 'superseded' }));
    expect(all.map((r) => r.runId)).toEqual([again.id]);
  });

  it('filters runs by trigger and pages them; queries the log by level, source, run and text', async () => {
    await sync();
    await sync();
    await engine.sync({ source: 'shop', trigger: 'schedule' });
    const manual = await engine.listRuns(call('listRuns', { trigger: 'manual' }));
    expect(manual.map((r) => r.trigger)).toEqual(['manual', 'manual']);
    const [newest] = await engine.listRuns(call('listRuns', { limit: 1 }));
    const [second] = await engine.listRuns(call('listRuns', { limit: 1, offset: 1 }));
    expect(newest!.trigger).toBe('schedule');
    expect(second!.id).toBe(newest!.id - 1);

    vendor.items[0]!.sku = 'nope';
    const run = await sync(true);
    const logs = await engine.queryLogs(call('queryLogs', { source: 'shop', runId: run.id }));
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.every((l) => l.runId === run.id)).toBe(true);
    expect(logs.logFile).toMatch(/logs[\\/]syncflow\.log$/);
    const found = await engine.queryLogs(call('queryLogs', { text: 'QUARANTINED' }));
    expect(found.lines.length).toBeGreaterThan(0);
    expect(found.lines.every((l) => l.msg.toLowerCase().includes('quarantined'))).toBe(true);
    const warnings = await engine.queryLogs(call('queryLogs', { level: 'warn' }));
    expect(warnings.lines.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
    await expect(engine.retryQuarantined(call('retryQuarantined', {}))).rejects.toThrow(/ids: give the entries to retry/);
  });
});
