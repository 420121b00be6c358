// What each committed page leaves behind, through the real Engine and SQLite against a fake vendor on 127.0.0.1 (an
// injected clock): the checkpoint of a page of a full pass (offset, pass id, watermark) and of an incremental one
// (none of those); a resumed pass keeps the watermark of the run that began it; records that fail validation stay
// seen and keep their quarantine entry open while the ones that load now close theirs; a vendor's page cap is said once;
// an entity other than products is written and counted as records; a two-way target's copy read back is no news; a
// cancelled pass keeps its committed pages; pages that cannot come as record bytes come parsed and still re-sync.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { send, serve, type FakeServer } from '../fixtures/httpFixture.js';
import { jsonServerCustomers, startJsonServer } from '../fixtures/jsonServer.js';
import { tempDir } from '../helpers/tmp.js';
import { registerTransform } from '../../src-main/engine/pipeline/transforms.js';

const incremental = { cursorField: 'updatedAt', in: 'query', param: 'since', template: '{cursor}', format: 'iso' };
// fakeRecord(n) was updated at 2026-01-02T00:00:00Z + n seconds.
const T1 = '2026-01-02T00:01:00.000Z';
// A transform with a bug (not a rule the record breaks): it throws a plain Error on record 7.
registerTransform('buggyOnSeven', (v) => {
  if (String(v).startsWith('Válvula 7 ')) throw new Error(`transform bug on ${String(v)}`);
  return v;
});

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

  it('an entity other than products: records are mapped, written and counted per page; the cursor is the newest change', async () => {
    await open(120, { entity: 'customers' });
    clock.now = Date.parse('2026-01-10T00:00:00Z');
    source.records.set(fakeRecord(7, 1, 'K').id, { ...fakeRecord(7, 1, 'K'), updatedAt: 'soon' });
    const first = await sync(true);
    expect(first).toMatchObject({ status: 'succeeded', pages: 3, counts: { fetched: 120, created: 119, quarantined: 1 } });
    expect(engine.records.count('customers')).toBe(119);
    expect(engine.catalog.count()).toBe(0);
    expect(engine.records.get('customers', fakeRecord(9, 1, 'K').id)?.data).toMatchObject({ name: fakeRecord(9, 1, 'K').name });

    expect(engine.runs.checkpoint('erp')!.cursor).toBe(fakeRecord(120, 1, 'K').updatedAt);

    // Two edits, the newer one read first; the incremental cursor is the newest update loaded.
    source.records.set(fakeRecord(7, 1, 'K').id, fakeRecord(7, 1, 'K'));
    clock.now = Date.parse('2026-02-01T00:00:00Z');
    const newer = fakeRecord(30, 4, 'K');
    const older = fakeRecord(90, 3, 'K');
    source.records.set(newer.id, newer);
    source.records.set(older.id, older);
    const inc = await sync(false);
    expect(inc).toMatchObject({ strategy: 'incremental', counts: { fetched: 3, updated: 2, unchanged: 1, created: 0 } });
    expect(engine.runs.checkpoint('erp')!.cursor).toBe(newer.updatedAt);
    expect(engine.records.get('customers', older.id)?.data).toMatchObject({ name: older.name, price: older.price });
  });

  it('a cancelled pass stops its request in flight; the pages committed before stay with their checkpoint', async () => {
    await open(200, { timeoutMs: 600_000 });
    source.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'hang' });
    const running = engine.syncNow({ full: true });
    await source.waitForRequests(3);
    expect(await engine.cancelSync({})).toEqual({ cancelled: ['erp'] });
    const [run] = await running;
    expect(run).toMatchObject({ status: 'cancelled', error: { class: 'cancelled' } });
    const kept = engine.catalog.count('erp');
    expect(run!.counts.created).toBe(kept);
    expect(engine.runs.checkpoint('erp')?.fullOffset ?? 0).toBe(kept);
  });

  it('a retried page is logged with its attempt, wait, position and cause, under the run', async () => {
    await open(100, {}, 2);
    source.faults.push({ kind: 'ok' }, { kind: 'malformed' });
    const run = await sync(true);
    expect(run).toMatchObject({ status: 'succeeded', retries: 1, counts: { created: 100 } });
    const logs = await engine.tailLogs({ limit: 1000 });
    const retries = logs.filter((l) => l.msg.startsWith('retry '));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ level: 'warn', source: 'erp', runId: run.id });
    expect(retries[0]!.msg).toMatch(/^retry 1\/2 in \d+ ms from record 50 after \[[\w-]+\] ./);
  });

  it('a keyset page retried after its last key keeps the listing a proof of deletes by itself', async () => {
    await open(300, { pagination: { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 100 } }, 2);
    expect((await sync(true)).counts.created).toBe(300);
    source.records.delete(fakeRecord(150, 1, 'K').id);
    source.faults.push({ kind: 'ok' }, { kind: 'reset' });
    const before = source.requests;
    const run = await sync(true);
    expect(run).toMatchObject({ status: 'succeeded', retries: 1, counts: { deleted: 1, unchanged: 299 } });
    expect(run.notes).toContain('1 delete(s) proven by absence from a listing that cannot skip records');
    // Pages 1, 2 (reset), 2 again from its key, 3, and the empty page that ends a keyset: no second listing.
    expect(source.requests - before).toBe(5);
  });

  it('an error that is not a broken rule fails the run: nothing of its page is quarantined or written', async () => {
    const fields = { id: 'id', name: { path: 'name', transform: 'buggyOnSeven' }, price: 'price', sourceUpdatedAt: 'updatedAt' };
    await open(60, { mapping: { fields } });
    const run = await sync(true);
    expect(run).toMatchObject({ status: 'failed', pages: 0, counts: { created: 0, quarantined: 0 } });
    expect(run.error?.message).toMatch(/transform bug on Válvula 7 v1/);
    expect(engine.reviews.openQuarantine({ source: 'erp', limit: 10, offset: 0 }).items).toEqual([]);
    expect(engine.catalog.count('erp')).toBe(0);
  });

  it("says a vendor's page cap once, however many pages it capped", async () => {
    await open(100);
    source.maxLimit = 20;
    const run = await sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { fetched: 100, created: 100 } });
    expect(run.notes?.filter((n) => /serves at most 20 records a page/.test(n))).toHaveLength(1);
  });
});

describe("a linked target's echo", () => {
  // System A is a source and a target of customers; B is another source. What we pushed to A and read back from
  // it is not a new record of A's: it is counted unchanged and written nowhere.
  type Customer = { id: string; name: string; city: string };
  const tmp = tempDir();
  let a: Awaited<ReturnType<typeof startJsonServer>>;
  let b: Awaited<ReturnType<typeof startJsonServer>>;
  let engine: Engine;
  afterEach(async () => {
    await engine?.close();
    await a?.close();
    await b?.close();
    tmp.cleanup();
  });

  it('a record that is only the copy pushed to its source is unchanged, and not loaded again as that source\'s', async () => {
    a = await startJsonServer({ customers: ['A1', 'A2', 'A3'].map((id) => ({ id, name: `Cliente ${id}`, city: 'Joinville' })) });
    b = await startJsonServer({ customers: [{ id: 'B9', name: 'Cliente B9', city: 'Curitiba' }] });
    const side = (name: string, url: string) => jsonServerCustomers(name, url, { id: 'id', name: 'name', city: 'city' });
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        resilience: { maxRetries: 0 },
        sources: [side('crm-a', a.url), side('crm-b', b.url)],
        targets: [{ name: 'to-a', kind: 'rest', entity: 'customers', source: 'crm-a', baseUrl: a.url, path: '/customers', mapping: { fields: { name: 'name', city: 'city' } } }],
      }),
    });
    const sync = async (source: string) => (await engine.syncNow({ source, full: false }))[0]!;
    expect((await sync('crm-a')).counts.created).toBe(3);
    expect((await sync('crm-b')).counts.created).toBe(1);
    // A's own records are not sent back to it; B's one is.
    const [push] = await engine.pushTargets({});
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 1 } });
    expect((await (await fetch(`${a.url}/customers/B9`)).json()) as Customer).toEqual({ id: 'B9', name: 'Cliente B9', city: 'Curitiba' });

    const echo = await sync('crm-a');
    expect(echo).toMatchObject({ status: 'succeeded', counts: { fetched: 4, created: 0, updated: 0, unchanged: 4, deleted: 0 } });
    expect(engine.records.count('customers')).toBe(4);
    expect(engine.records.get('customers', 'B9', 'crm-a')).toBeNull();
  });
});

describe('pages that come parsed', () => {
  // Records under a nested key cannot be split into their bytes: the page comes parsed, and re-syncs compare the
  // mapped records instead of hashes.
  let api: FakeServer;
  let h: Harness;
  const items = Array.from({ length: 5 }, (_, i) => ({ id: `N${i + 1}`, name: `Bomba ${i + 1}`, price: 10 + i }));
  afterEach(async () => {
    await h?.close();
    await api?.close();
  });

  it('load, are found unchanged, and a change is an update', async () => {
    api = await serve((_req, _body, res) => send(res, 200, { result: { items } }));
    h = await openSource({
      name: 'nested',
      kind: 'rest',
      baseUrl: api.url,
      path: '/items',
      recordSelector: 'result.items',
      pagination: { type: 'none' },
      mapping: { fields: { id: 'id', name: 'name', price: 'price' } },
    });
    expect((await h.sync(true)).counts).toMatchObject({ fetched: 5, created: 5 });
    expect((await h.sync(true)).counts).toMatchObject({ fetched: 5, created: 0, updated: 0, unchanged: 5 });
    items[3]!.price = 99;
    expect((await h.sync(true)).counts).toMatchObject({ updated: 1, unchanged: 4 });
    expect((await h.engine.getProduct({ id: 'N4' }))!.price).toBe(99);
  });
});
