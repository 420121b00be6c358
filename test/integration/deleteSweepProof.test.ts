// How a full pass proves its deletes, on small catalogs against fake vendors over real HTTP: by-id checks in batches
// of 100 (one the listing skipped comes back and stays), a retry budget that runs out, a cancel during the check, a
// segment's own candidates and share, an entity that proves by listing again, a keyset pass with a quarantined
// record, the global share, the delete feed of an incremental sync; and what the run's notes, explanation and log
// say each time. Small on purpose: `npm run mutation -- deletes` runs these per mutant.
import { afterEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import type { SyncOptions } from '../../src-main/engine/queue/runRequest.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FakeRecord, type FaultySource } from '../fixtures/faultySource.js';
import { sfCredentials, startSalesforceApi, type SalesforceApi } from '../fixtures/salesforceApi.js';
import { tempDir } from '../helpers/tmp.js';

const byIds = { param: 'ids', template: '{ids}', separator: ',' };
const id = (n: number) => fakeRecord(n, 1, 'D').id;
const idleExplanation = { count: 0, proof: null, skipped: null, review: null };

describe('proving the deletes of a full pass', () => {
  let source: FaultySource | undefined;
  let sf: SalesforceApi | undefined;
  let engine: Engine | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await engine?.close();
    cleanup?.();
    await source?.close();
    await sf?.close();
    source = sf = engine = cleanup = undefined;
  });

  async function openEngine(sourceConfig: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<Engine> {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    // Backoff of a few ms: the retries are counted, not waited for.
    const parsed = syncflowConfig.parse({ syncOnStart: false, sources: [sourceConfig], resilience: { baseDelayMs: 1, maxDelayMs: 5 }, ...config });
    engine = await Engine.open({ dataDir: tmp.dir, config: parsed, fileLogs: false });
    return engine;
  }

  /** A fake vendor of `count` records, loaded once by a full sync. */
  async function open(count: number, extra: Record<string, unknown> = {}, config: Record<string, unknown> = {}) {
    source = await startFaultySource(count, 'D');
    const e = await openEngine(faultySourceConfig('erp', source.url, extra), config);
    const first = await sync();
    expect(first).toMatchObject({ status: 'succeeded', counts: { created: count } });
    expect(first.notes ?? []).toEqual([]);
    return e;
  }
  const sync = async (opts: Partial<SyncOptions> = {}): Promise<SyncRun> => (await engine!.sync({ source: 'erp', full: true, ...opts }))[0]!;
  const remove = (...ns: number[]) => ns.forEach((n) => source!.records.delete(id(n)));
  const detail = async (run: SyncRun) => {
    const d = (await engine!.getRun({ id: run.id, logLimit: 500 }))!;
    return { deletes: d.explanation!.deletes, log: d.logs.map((l) => l.msg) };
  };

  it('200 candidates are asked for in two requests of 100; the one the listing skipped comes back and stays', async () => {
    await open(300, { byIds, massDeleteThreshold: 0.7 });
    source!.noTotal = true;
    remove(...Array.from({ length: 199 }, (_, i) => i + 1));
    // Page 2 of the listing starts one record early: the 100th of the 101 left (D000299) is not listed.
    source!.faults.push({ kind: 'ok' }, { kind: 'shift' });
    const before = source!.requests;
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 199, fetched: 102, created: 0, updated: 0 } });
    expect(run.notes).toEqual(['199 delete(s) proven by asking the source for each by id']);
    // Listing: 50 + 50 + 1 and the empty page that ends it. By id: 100 ids none of which is there (one empty page),
    // then 100 with D000299 (its page and the empty one after it).
    expect(source!.requests - before).toBe(4 + 1 + 2);
    expect(engine!.catalog.count('erp')).toBe(101);
    expect(await engine!.getProduct({ id: id(299) })).not.toBeNull();
    expect(await engine!.getProduct({ id: id(199) })).toBeNull();
    const { deletes, log } = await detail(run);
    expect(deletes).toEqual({ count: 199, proof: 'proven by asking the source for each by id', skipped: null, review: null });
    expect(log).toContain('asking the source for the 200 record(s) the pass did not see before deleting them');
  });

  it('a by-id check that keeps failing uses up its retries, then deletes nothing and says why', async () => {
    await open(60, { byIds, maxRetries: 2 });
    remove(7);
    // Resets, which the pacer does not resend: the by-id check's own retries.
    source!.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' });
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', retries: 2, counts: { deleted: 0 } });
    expect(run.notes).toHaveLength(1);
    const why = /^deletes skipped: (fetching the 1 record\(s\) the pass did not see by id failed \(\[\w+\] .+\))$/.exec(run.notes![0]!)?.[1];
    expect(why).toBeDefined();
    expect(await engine!.getProduct({ id: id(7) })).not.toBeNull();
    const { deletes, log } = await detail(run);
    expect(deletes).toEqual({ ...idleExplanation, skipped: why });
    expect(log.filter((m) => /^retry of the by-id check in \d+ ms after \[\w+\] \S/.test(m))).toHaveLength(2);
    expect(log).toContain(`${why}; deletes skipped`);
    // The source answers again: the next pass proves and deletes.
    const next = await sync();
    expect(next).toMatchObject({ status: 'succeeded', retries: 0, counts: { deleted: 1 } });
  });

  it('a run cancelled during its by-id check ends cancelled at once and deletes nothing', async () => {
    // A request timeout far beyond the test's: only the run's cancel can end the hanging request.
    await open(60, { byIds, timeoutMs: 600_000 });
    remove(7);
    source!.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'hang' });
    const waiting = source!.requests + 3;
    const running = sync();
    await source!.waitForRequests(waiting);
    expect((await engine!.cancelSync({ source: 'erp' })).cancelled).toEqual(['erp']);
    const run = await running;
    expect(run).toMatchObject({ status: 'cancelled', counts: { deleted: 0 } });
    expect(await engine!.getProduct({ id: id(7) })).not.toBeNull();
  });

  it('a by-id check that fails with an id the source cannot be asked for counts only the ids it asked for', async () => {
    await open(60, { byIds });
    const odd = { ...fakeRecord(61, 1, 'D'), id: 'odd id' };
    source!.records.set(odd.id, odd);
    expect((await sync()).counts.created).toBe(1);
    source!.records.delete(odd.id);
    remove(5);
    // Two listing pages, then the by-id request is refused.
    source!.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'status', status: 400 });
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    expect(run.notes).toEqual([expect.stringMatching(/^deletes skipped: fetching the 1 record\(s\) the pass did not see by id failed \(\[\w+\] .+\)$/)]);
    expect(engine!.catalog.count('erp')).toBe(61);
  });

  it('a pass that deletes nothing says nothing about deletes, nor does an incremental sync of a source without a delete feed', async () => {
    const incremental = { cursorField: 'updatedAt', in: 'query', param: 'since', template: '{cursor}', format: 'iso' };
    await open(60, { byIds, incremental });
    const before = source!.requests;
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 0, unchanged: 60 } });
    expect(run.notes ?? []).toEqual([]);
    expect(source!.requests - before).toBe(2);
    const { deletes, log } = await detail(run);
    expect(deletes).toEqual(idleExplanation);
    expect(log.filter((m) => m.startsWith('asking the source'))).toEqual([]);
    const inc = await sync({ full: false });
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { deleted: 0 } });
    expect(inc.notes ?? []).toEqual([]);
  });

  it('the global share is the bound when the source sets none; a held run explains why, and allowing it deletes by two listings', async () => {
    await open(100, {}, { deletes: { maxShare: 0.3 } });
    remove(...Array.from({ length: 31 }, (_, i) => i + 1));
    const held = await sync();
    const reason = 'the sync would delete 31 of 100 records (31.0%, above the 30% guard); nothing was deleted';
    expect(held).toMatchObject({ status: 'needs_review', counts: { deleted: 0 }, error: { class: 'validation', message: reason } });
    const heldDetail = await detail(held);
    expect(heldDetail.deletes).toEqual({ ...idleExplanation, review: reason });
    expect(heldDetail.log).toContain(`needs review: ${reason}`);

    const allowed = await sync({ allowMassDelete: true });
    expect(allowed).toMatchObject({ status: 'succeeded', counts: { deleted: 31, unchanged: 69 } });
    expect(allowed.notes).toEqual(['listed the source twice to confirm 31 delete candidate(s)', '31 delete(s) proven by absence from two listings']);
    const { deletes, log } = await detail(allowed);
    expect(deletes).toEqual({ count: 31, proof: 'proven by absence from two listings', skipped: null, review: null });
    expect(log).toContain('listing once more to confirm the 31 record(s) the pass did not see');
    expect(engine!.catalog.count('erp')).toBe(69);

    // Within the share: no review, no override needed.
    remove(50);
    expect(await sync()).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
  });

  it('a pass that missed a record explains the skip in its run', async () => {
    await open(100, { pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 20, totalPath: 'total' } });
    remove(1);
    // Page 2 of both listings (five pages each) starts one record early: D000041 is never seen.
    source!.faults.push({ kind: 'ok' }, { kind: 'shift' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'shift' });
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    const why = 'the pass saw 98 of 99 records the source reports';
    expect(run.notes).toEqual([`deletes skipped: ${why}`]);
    const { deletes, log } = await detail(run);
    expect(deletes).toEqual({ ...idleExplanation, skipped: why });
    expect(log).toContain(`${why}; deletes skipped`);
    expect(engine!.catalog.count('erp')).toBe(100);
    expect(await engine!.getProduct({ id: id(41) })).not.toBeNull();
  });

  it('a pass that missed only a new record sees as many as are live, yet fewer than the source reports: it says so', async () => {
    await open(60, { pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 20, totalPath: 'total' } });
    // The new record sorts 40th: page 2, shifted in both listings, never shows it.
    const fresh = { ...fakeRecord(39, 1, 'D'), id: 'D000039a' };
    source!.records.set(fresh.id, fresh);
    source!.faults.push({ kind: 'ok' }, { kind: 'shift' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'shift' });
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 0, deleted: 0 } });
    expect(run.notes).toEqual(['deletes skipped: the pass saw 60 of 61 records the source reports']);
  });

  it('a pass that already listed twice (the first saw fewer than the source reports) is proven by those two, without a third', async () => {
    await open(100, { pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 20, totalPath: 'total' } });
    remove(50);
    // Page 2 of the first listing starts one record early: it sees 98 of 99, so the pass lists again.
    source!.faults.push({ kind: 'ok' }, { kind: 'shift' });
    const before = source!.requests;
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
    expect(run.notes).toEqual(['1 delete(s) proven by absence from two listings']);
    expect(source!.requests - before).toBe(5 + 5);
    expect((await detail(run)).deletes).toEqual({ count: 1, proof: 'proven by absence from two listings', skipped: null, review: null });
  });

  it('keyset paging with a new record quarantined: as many seen as live, and still the missing one is deleted', async () => {
    await open(60, { pagination: { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 25 } });
    remove(7);
    const { name: _unnamed, ...bad } = fakeRecord(101, 1, 'D');
    source!.records.set(bad.id, bad as FakeRecord);
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1, quarantined: 1, unchanged: 59 } });
    expect(run.notes).toEqual(['1 delete(s) proven by absence from a listing that cannot skip records']);
    expect(await engine!.getProduct({ id: id(7) })).toBeNull();
  });

  it('a resumed pass counts what the interrupted one saw, a quarantined key among it: as many seen as live, still one missing', async () => {
    const keyset = { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 25 };
    await open(60, { pagination: keyset });
    // A new record without a name on page 1: quarantined, its key seen.
    const { name: _unnamed, ...bad } = { ...fakeRecord(5, 1, 'D'), id: 'D000005q' };
    source!.records.set(bad.id, bad as FakeRecord);
    source!.faults.push({ kind: 'ok' }, { kind: 'hang' });
    const waiting = source!.requests + 2;
    const interrupted = sync();
    await source!.waitForRequests(waiting);
    await engine!.cancelSync({ source: 'erp' });
    expect(await interrupted).toMatchObject({ status: 'cancelled', counts: { quarantined: 1 } });
    remove(50);
    const run = await sync();
    expect(run.strategyReason).toMatch(/resuming an interrupted full sync/);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1, quarantined: 0 } });
    expect(run.notes).toContain('1 delete(s) proven by absence from a listing that cannot skip records');
    expect(await engine!.getProduct({ id: id(50) })).toBeNull();
    expect(engine!.catalog.count('erp')).toBe(59);
  });

  it("a segment's candidates and share are its own records; its by-id check keeps what comes back; its cursor is its newest record", async () => {
    // The segment: D000001 and D000010..D000019 (11 records).
    const segments = { ones: { where: [{ field: 'name', startsWith: 'Válvula 1' }] }, none: { where: [{ field: 'name', startsWith: 'Nada' }] } };
    await open(30, { byIds, segments, pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 5, totalPath: 'total' } });
    source!.noTotal = true;
    const whole = engine!.runs.checkpoint('erp');
    // A segment with no records yet: nothing to delete, and no cursor to keep.
    expect(await sync({ segment: 'none' })).toMatchObject({ status: 'succeeded', counts: { deleted: 0, created: 0 } });
    expect(engine!.runs.checkpoint('erp#none')?.cursor ?? null).toBeNull();
    remove(12, 13, 14, 25);
    const held = await sync({ segment: 'ones' });
    const reason = 'the sync would delete 3 of 11 records (27.3%, above the 20% guard); nothing was deleted';
    expect(held).toMatchObject({ status: 'needs_review', error: { message: reason } });
    const [review] = await engine!.listDeleteReviews({ status: 'pending', limit: 10 });
    expect(review!.records.map((r) => r.id)).toEqual([id(12), id(13), id(14)]);

    // Page 2 starts one record early: D000010, in the segment, is not listed; asked for by id, it comes back.
    source!.faults.push({ kind: 'ok' }, { kind: 'shift' });
    const edited = { ...fakeRecord(11, 2, 'D'), updatedAt: '2026-05-01T00:00:00.000Z' };
    source!.records.set(edited.id, edited);
    const run = await sync({ segment: 'ones', allowMassDelete: true });
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 3, updated: 1 } });
    expect(run.notes).toEqual(['3 delete(s) proven by asking the source for each by id']);
    expect((await detail(run)).log).toContain('asking the source for the 4 record(s) the pass did not see before deleting them');
    expect(await engine!.getProduct({ id: id(10) })).not.toBeNull();
    // Gone at the vendor but outside the segment: another run's business.
    expect(await engine!.getProduct({ id: id(25) })).not.toBeNull();
    expect(engine!.catalog.count('erp')).toBe(27);
    expect(engine!.runs.checkpoint('erp#ones')).toMatchObject({ cursor: edited.updatedAt, fullOffset: null, fullRunId: null });
    expect(engine!.runs.checkpoint('erp')).toEqual(whole);
  });

  it('an entity other than products proves by listing again, even with fetch-by-id; its cursor is its newest record', async () => {
    source = await startFaultySource(30, 'D');
    await openEngine(faultySourceConfig('erp', source.url, { entity: 'customers', byIds }));
    expect((await sync()).counts.created).toBe(30);
    expect(engine!.runs.checkpoint('erp')?.cursor).toBe(fakeRecord(30, 1, 'D').updatedAt);
    remove(7, 30);
    const edited = { ...fakeRecord(5, 2, 'D'), updatedAt: '2026-06-01T00:00:00.000Z' };
    source.records.set(edited.id, edited);
    const before = source.requests;
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 2, updated: 1, unchanged: 27 } });
    expect(run.notes).toEqual(['listed the source twice to confirm 2 delete candidate(s)', '2 delete(s) proven by absence from two listings']);
    // Two listings of one page each, no by-id request.
    expect(source.requests - before).toBe(2);
    expect(await engine!.getRecord({ entity: 'customers', id: id(7) })).toBeNull();
    expect(await engine!.getRecord({ entity: 'customers', id: id(8) })).not.toBeNull();
    expect(engine!.records.count('customers')).toBe(28);
    expect(engine!.runs.checkpoint('erp')?.cursor).toBe(edited.updatedAt);

    // The mass-delete guard counts the entity's live records.
    remove(1, 2, 3, 4, 6, 8);
    expect(await sync()).toMatchObject({
      status: 'needs_review',
      error: { message: 'the sync would delete 6 of 28 records (21.4%, above the 20% guard); nothing was deleted' },
    });
    expect(engine!.records.count('customers')).toBe(28);
  });

  it('an entity with keyset paging proves its deletes by the listing alone', async () => {
    source = await startFaultySource(30, 'D');
    const keyset = { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 50 };
    await openEngine(faultySourceConfig('erp', source.url, { entity: 'customers', byIds, pagination: keyset }));
    expect((await sync()).counts.created).toBe(30);
    remove(7);
    const before = source.requests;
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
    expect(run.notes).toEqual(['1 delete(s) proven by absence from a listing that cannot skip records']);
    // One page and the empty one that ends a keyset listing: no second listing.
    expect(source.requests - before).toBe(2);
  });

  it("an incremental sync applies the source's delete feed and evicts the deleted record from the cache; a full one does not read the feed", async () => {
    process.env.SYNCFLOW_TEST_SF_PROOF_SECRET = sfCredentials.clientSecret;
    sf = await startSalesforceApi(20);
    await openEngine({ name: 'erp', kind: 'salesforce', instanceUrl: sf.url, clientId: sfCredentials.clientId, clientSecret: '${env:SYNCFLOW_TEST_SF_PROOF_SECRET}', pageSize: 200 });
    expect((await sync()).counts.created).toBe(20);
    const gone = sf.products[4]!.Id;
    expect(await engine!.getProduct({ id: gone })).not.toBeNull(); // now cached
    sf.touch(4, { IsDeleted: true }, '2025-06-01T00:00:00.000Z');
    const feedRequests = () => sf!.requests.filter((r) => r.url.pathname.endsWith('/queryAll')).length;

    const inc = await sync({ full: false });
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { deleted: 1 } });
    expect(inc.notes).toEqual(["1 delete(s) from the source's delete feed"]);
    expect(await engine!.getProduct({ id: gone })).toBeNull();
    expect(engine!.catalog.count('erp')).toBe(19);

    const quiet = await sync({ full: false });
    expect(quiet).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { deleted: 0 } });
    expect(quiet.notes ?? []).toEqual([]);

    // A user without queryAll: the deletes wait, and the run says so.
    sf.denyQueryAll = true;
    sf.touch(5, { IsDeleted: true }, '2025-06-01T12:00:00.000Z');
    const denied = await sync({ full: false });
    expect(denied).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { deleted: 0 } });
    expect(denied.notes).toEqual([expect.stringMatching(/^the source's delete feed failed \(\[\w+\] .+\); deletes wait for the next full sync$/)]);
    expect(await engine!.getProduct({ id: sf.products[5]!.Id })).not.toBeNull();
    sf.denyQueryAll = false;

    const read = feedRequests();
    sf.touch(6, { IsDeleted: true }, '2025-06-02T00:00:00.000Z');
    const full = await sync();
    expect(full).toMatchObject({ status: 'succeeded', strategy: 'full', counts: { deleted: 2 } });
    expect(feedRequests()).toBe(read);
  });

  it("a delete feed that fails after its first batch keeps and counts that batch's deletes, and says the rest wait", async () => {
    process.env.SYNCFLOW_TEST_SF_PROOF_SECRET = sfCredentials.clientSecret;
    sf = await startSalesforceApi(210);
    await openEngine({ name: 'erp', kind: 'salesforce', instanceUrl: sf.url, clientId: sfCredentials.clientId, clientSecret: '${env:SYNCFLOW_TEST_SF_PROOF_SECRET}', pageSize: 200 });
    expect((await sync()).counts.created).toBe(210);
    // 205 deletes: the feed's first batch holds 200, and the cursor for the other 5 has expired.
    for (let i = 0; i < 205; i++) sf.touch(i, { IsDeleted: true }, '2025-06-01T00:00:00.000Z');
    sf.expireLocators = true;
    const inc = await sync({ full: false });
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { deleted: 200 } });
    expect(inc.notes).toEqual([expect.stringMatching(/^the source's delete feed failed \(\[\w+\] .+\); deletes wait for the next full sync$/)]);
    expect(engine!.catalog.count('erp')).toBe(10);
  });
});
