// One push run against a REST target over real HTTP that refuses on purpose: a record it refuses alone is
// quarantined and the rest go through; a target that is down fails the run after its retries with the offset
// where it was; a batch whose every record fails alone fails the run and quarantines nothing. Also: deletes sent
// and counted (a 404 on delete once, as deleted; an ignored delete once, as skipped), Retry-After and backoff waits, a batch of one, a retryable failure record by record, a cancelled
// push, and when a snapshot target rewrites its snapshot.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { send, serve, type FakeServer } from '../fixtures/httpFixture.js';
import { tempDir } from '../helpers/tmp.js';

describe('push run', () => {
  let tmp: ReturnType<typeof tempDir>;
  let api: FakeServer;
  let engine: Engine;
  const held = new Map<string, unknown>();
  /** Answers the target gives: a status per id (422 refuses it for good), or for everything while `down`. */
  const refuse = new Map<string, number>();
  let down = 0;
  /** Retry-After values: the next requests are answered 429 with them, one each. */
  const limited: string[] = [];
  /** Statuses the next requests for an id are answered with, one each (before `refuse`). */
  const script = new Map<string, number[]>();
  /** A request for this id is left unanswered, and `onHold` called. */
  let hold: { id: string; onHold: () => void } | null = null;
  const delays: number[] = [];
  const writesOf = (id: string) => api.requests.filter((r) => r.url.pathname.endsWith(`/${id}`)).map((r) => r.method);

  beforeEach(async () => {
    tmp = tempDir();
    held.clear();
    refuse.clear();
    down = 0;
    limited.length = 0;
    script.clear();
    hold = null;
    delays.length = 0;
    api = await serve((req, body, res) => {
      const id = decodeURIComponent(req.url.pathname.split('/').pop()!);
      if (hold?.id === id) return hold.onHold();
      if (down > 0) return send(res, down, { error: 'down' });
      const wait = limited.shift();
      if (wait !== undefined) return send(res, 429, { error: 'slow down' }, { 'retry-after': wait });
      const status = script.get(id)?.shift() ?? refuse.get(id);
      if (status) return send(res, status, { error: `refused ${id}` });
      if (req.method === 'DELETE') {
        // Gone already: 404.
        if (!held.delete(id)) return send(res, 404, { error: `no ${id}` });
      } else held.set(id, JSON.parse(body));
      send(res, 200, { ok: true });
    });
    writeFileSync(file(), customers([0, 1, 2, 3, 4, 5]));
    engine = await open();
    expect((await engine.syncNow({ full: false }))[0]!.counts.created).toBe(6);
  });
  afterEach(async () => {
    await engine.close();
    await api.close();
    tmp.cleanup();
  });

  const open = () =>
    Engine.open({
      dataDir: join(tmp.dir, 'data'),
      fileLogs: false,
      sleep: async (ms) => void delays.push(ms),
      config: syncflowConfig.parse({
        syncOnStart: false,
        // A backoff ceiling under a tenth of the base delay makes every backoff wait exactly the ceiling (100 ms):
        // a wait that is not the backoff's shows. A Retry-After wait still has the base delay as its floor.
        resilience: { maxRetries: 2, baseDelayMs: 1000, maxDelayMs: 100 },
        // Deletes of up to half the customers: the tests delete two of six.
        sources: [{ name: 'crm', kind: 'file', entity: 'customers', path: file(), format: 'json', massDeleteThreshold: 0.5, mapping: { fields: { id: 'id', name: 'name' } } }],
        targets: [
          { name: 'erp', kind: 'rest', entity: 'customers', baseUrl: api.url, path: '/clientes', batchSize: 3, mapping: { fields: { nome: 'name' } } },
          { name: 'keep', kind: 'rest', entity: 'customers', baseUrl: api.url, path: '/arquivo', deletes: 'ignore' },
          { name: 'exports', kind: 'file', entity: 'customers', dir: join(tmp.dir, 'out'), mode: 'snapshot', format: 'ndjson' },
        ],
      }),
    });
  const file = () => join(tmp.dir, 'customers.json');
  /** The source's customers: these numbers, with names edited where `names` says. */
  const customers = (ids: number[], names: Record<number, string> = {}) => JSON.stringify(ids.map((i) => ({ id: `C${i}`, name: names[i] ?? `Cliente ${i}` })));
  const target = async () => (await engine.listTargets({})).find((t) => t.name === 'erp')!;
  const runOf = async (push: { runId: number | null } | undefined) => (await engine.getRun({ id: push!.runId!, logLimit: 50 }))!;

  it('a record the target refuses alone is quarantined with the reason; the others are sent and the offset moves on', async () => {
    refuse.set('C4', 422);
    const from = (await target()).offset;
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 5, failed: 1 } });
    expect([...held.keys()].sort()).toEqual(['C0', 'C1', 'C2', 'C3', 'C5']);
    expect(held.get('C0')).toMatchObject({ nome: 'Cliente 0' });
    const q = engine.runs.quarantined('erp');
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ recordKey: 'C4', rule: 'target', runId: push!.runId, payload: { id: 'C4', name: 'Cliente 4' } });
    expect(q[0]!.reason).toMatch(/422/);
    expect(await target()).toMatchObject({ lag: 0 });
    expect(delays).toEqual([]);
    const detail = (await engine.getRun({ id: push!.runId!, logLimit: 50 }))!;
    expect(detail.run).toMatchObject({ strategy: 'push', strategyReason: `change feed after #${from}`, pages: 2 });
    expect(detail.logs.map((l) => l.msg)).toContain('target erp: pushed 5, skipped 0, failed 1');
    // Delivered or quarantined: nothing is sent again.
    refuse.clear();
    expect((await engine.pushTargets({ targets: ['erp'] }))[0]).toMatchObject({ status: 'succeeded', counts: { sent: 0 } });
    expect(held.has('C4')).toBe(false);
  });

  it('a target that stays down fails the run after its retries; the offset stays and the next push sends everything', async () => {
    down = 500;
    const before = await target();
    expect(before.lag).toBeGreaterThanOrEqual(6);
    const [failed] = await engine.pushTargets({ targets: ['erp'] });
    expect(failed).toMatchObject({ status: 'failed', counts: { sent: 0 } });
    expect(failed!.error?.class).toBe('server');
    const run = (await engine.getRun({ id: failed!.runId!, logLimit: 0 }))!.run;
    expect(run.retries).toBe(2);
    const logs = (await engine.getRun({ id: failed!.runId!, logLimit: 50 }))!.logs.map((l) => l.msg);
    expect(logs.filter((m) => /^target erp: .*500.*; retrying in 100 ms$/.test(m))).toHaveLength(2);
    // No Retry-After: the policy's backoff (capped at maxDelayMs), not the base delay.
    expect(delays).toEqual([100, 100]);
    expect(logs.some((m) => /^target erp: push failed \(server\): .*500/.test(m))).toBe(true);
    expect(await target()).toMatchObject({ offset: before.offset, lag: before.lag });
    expect(engine.runs.quarantined('erp')).toEqual([]);
    down = 0;
    const [ok] = await engine.pushTargets({ targets: ['erp'] });
    expect(ok).toMatchObject({ status: 'succeeded', counts: { sent: 6 } });
    expect(held.size).toBe(6);
  });

  it('a batch whose every record is refused alone fails the run: the target is the problem, nothing is quarantined', async () => {
    for (const id of ['C0', 'C1', 'C2']) refuse.set(id, 400);
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'failed', counts: { sent: 0 } });
    expect(engine.runs.quarantined('erp')).toEqual([]);
    expect(held.size).toBe(0);
    expect((await target()).lag).toBeGreaterThanOrEqual(6);
  });

  it("waits as long as a 429's Retry-After asks (at least the base delay), and gives up at once on a wait beyond ten minutes", async () => {
    limited.push('3600');
    const [refused] = await engine.pushTargets({ targets: ['erp'] });
    expect(refused).toMatchObject({ status: 'failed', counts: { sent: 0 } });
    expect(delays).toEqual([]);
    expect(held.size).toBe(0);

    limited.push('3', '0');
    const [slow] = await engine.pushTargets({ targets: ['erp'] });
    expect(slow).toMatchObject({ status: 'succeeded', counts: { sent: 6 } });
    expect(delays).toEqual([3000, 1000]);
    expect((await engine.getRun({ id: slow!.runId!, logLimit: 0 }))!.run.retries).toBe(2);
  });

  it('waits a Retry-After of exactly ten minutes (the bound is inclusive)', async () => {
    limited.push('600');
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 6 } });
    expect(delays).toEqual([600_000]);
  });

  it('sends deletes as deletes and counts them so; a delete the target refuses alone is quarantined as a deleted record', async () => {
    const [first] = await engine.pushTargets({ targets: ['erp'] });
    expect(first).toMatchObject({ status: 'succeeded', counts: { sent: 6, skipped: 0 } });
    expect((await runOf(first)).run.counts).toMatchObject({ fetched: 6, updated: 6, deleted: 0 });
    writeFileSync(file(), customers([0, 1, 2, 3], { 0: 'Renomeado' }));
    expect((await engine.syncNow({ full: true }))[0]!.counts).toMatchObject({ updated: 1, deleted: 2 });
    refuse.set('C5', 422);
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    // C4's delete went through in the batch, whose C5 was refused; sent again alone it is answered 404 and still
    // counted once, as deleted.
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 2, skipped: 0, failed: 1 } });
    expect([...held.keys()].sort()).toEqual(['C0', 'C1', 'C2', 'C3', 'C5']);
    expect(held.get('C0')).toMatchObject({ nome: 'Renomeado' });
    expect(writesOf('C4')).toEqual(['PUT', 'DELETE', 'DELETE']);
    const q = engine.runs.quarantined('erp');
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ recordKey: 'C5', rule: 'target', runId: push!.runId, payload: { deleted: true } });
    expect((await runOf(push)).run.counts).toMatchObject({ fetched: 3, updated: 1, deleted: 1, unchanged: 0, failed: 1 });
  });

  it('a delete of a record the target no longer holds (404) is counted once, as deleted, in a batch or going record by record', async () => {
    await engine.pushTargets({ targets: ['erp'] });
    // One batch: C4's delete removes it there; C5 is gone there already (404). Both are gone there now, as the catalog says.
    held.delete('C5');
    writeFileSync(file(), customers([0, 1, 2, 3]));
    await engine.syncNow({ full: true });
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 2, skipped: 0, failed: 0 } });
    expect(writesOf('C4')).toEqual(['PUT', 'DELETE']);
    expect(writesOf('C5')).toEqual(['PUT', 'DELETE']);
    expect([...held.keys()].sort()).toEqual(['C0', 'C1', 'C2', 'C3']);
    expect((await runOf(push)).run.counts).toMatchObject({ fetched: 2, deleted: 2, unchanged: 0, updated: 0 });
    expect(await target()).toMatchObject({ lag: 0 });

    // C3's delete, refused, sends the batch record by record; C2 (before it) is already gone there.
    held.delete('C2');
    refuse.set('C3', 422);
    writeFileSync(file(), customers([0, 1]));
    await engine.syncNow({ full: true });
    const [alone] = await engine.pushTargets({ targets: ['erp'] });
    expect(alone).toMatchObject({ status: 'succeeded', counts: { sent: 1, skipped: 0, failed: 1 } });
    expect(writesOf('C2')).toEqual(['PUT', 'DELETE', 'DELETE']);
    expect(writesOf('C3')).toEqual(['PUT', 'DELETE', 'DELETE']);
    expect((await runOf(alone)).run.counts).toMatchObject({ fetched: 2, deleted: 1, unchanged: 0, failed: 1 });
  });

  it('a target set to ignore deletes leaves the record there and counts the delete once, as skipped', async () => {
    const [first] = await engine.pushTargets({ targets: ['keep'] });
    expect(first).toMatchObject({ status: 'succeeded', counts: { sent: 6, skipped: 0 } });
    writeFileSync(file(), customers([0, 1, 2, 3, 4]));
    await engine.syncNow({ full: true });
    const [push] = await engine.pushTargets({ targets: ['keep'] });
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 0, skipped: 1, failed: 0 } });
    expect(writesOf('C5')).toEqual(['PUT']);
    expect(held.has('C5')).toBe(true);
    expect((await runOf(push)).run.counts).toMatchObject({ fetched: 1, deleted: 0, unchanged: 1 });
    expect((await engine.listTargets({})).find((t) => t.name === 'keep')).toMatchObject({ lag: 0 });
  });

  it('a record changed again further on in the feed is sent once, with its latest content', async () => {
    await engine.pushTargets({ targets: ['erp'] });
    // Feed: C0, C1, C2 (one batch of three), then C0 again (the next batch).
    writeFileSync(file(), customers([0, 1, 2, 3, 4, 5], { 0: 'Primeiro' }));
    await engine.syncNow({ full: false });
    writeFileSync(file(), customers([0, 1, 2, 3, 4, 5], { 0: 'Primeiro', 1: 'Um', 2: 'Dois' }));
    await engine.syncNow({ full: false });
    writeFileSync(file(), customers([0, 1, 2, 3, 4, 5], { 0: 'Segundo', 1: 'Um', 2: 'Dois' }));
    await engine.syncNow({ full: false });
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 3, skipped: 0 } });
    expect(held.get('C0')).toMatchObject({ nome: 'Segundo' });
    expect(writesOf('C0')).toEqual(['PUT', 'PUT']);
    expect((await runOf(push)).run).toMatchObject({ pages: 2, counts: { fetched: 4 } });
  });

  it('a batch of one record the target refuses fails the run at once: nothing quarantined, nothing sent twice', async () => {
    await engine.pushTargets({ targets: ['erp'] });
    writeFileSync(file(), customers([0, 1, 2, 3, 4, 5], { 2: 'Renomeado' }));
    await engine.syncNow({ full: false });
    refuse.set('C2', 422);
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'failed', counts: { sent: 0, failed: 0 } });
    // One PUT by the first push, one by this one: a batch of one is not tried again record by record.
    expect(writesOf('C2')).toEqual(['PUT', 'PUT']);
    expect(engine.runs.quarantined('erp')).toEqual([]);
    expect((await target()).lag).toBe(1);
  });

  it('a retryable failure while going record by record fails the run after its retries: nothing is quarantined', async () => {
    // C1 is refused in the batch, then the target goes down for it: not a record to set aside.
    script.set('C1', [422, 503, 503, 503]);
    const before = await target();
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'failed', counts: { failed: 0 } });
    expect(push!.error?.class).toBe('server');
    expect(delays).toEqual([100, 100]);
    expect(engine.runs.quarantined('erp')).toEqual([]);
    expect(held.has('C2')).toBe(false);
    expect(await target()).toMatchObject({ offset: before.offset, lag: before.lag });
    const [again] = await engine.pushTargets({ targets: ['erp'] });
    expect(again).toMatchObject({ status: 'succeeded', counts: { sent: 6 } });
  });

  it('a push cancelled in the middle of a write ends as cancelled, without retries, its offset kept', async () => {
    const before = await target();
    let closing: Promise<void> | undefined;
    hold = { id: 'C1', onHold: () => void (closing = engine.close()) };
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    await closing;
    expect(push).toMatchObject({ status: 'cancelled', error: { class: 'cancelled', message: 'cancelled' } });
    expect(delays).toEqual([]);
    hold = null;
    engine = await open();
    expect((await runOf(push)).run).toMatchObject({ status: 'cancelled', retries: 0, pages: 0 });
    expect(await target()).toMatchObject({ offset: before.offset, lag: before.lag });
    expect(engine.runs.quarantined('erp')).toEqual([]);
  });

  it('a snapshot target rewrites its snapshot after a push that read changes, even when none was sent, and not after one that read none', async () => {
    const out = (f: string) => join(tmp.dir, 'out', `exports.${f}`);
    const snapshot = () => readFileSync(out('snapshot.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; name: string });
    expect((await engine.pushTargets({ targets: ['exports'] }))[0]).toMatchObject({ status: 'succeeded', counts: { sent: 6 } });
    expect(snapshot().map((r) => r.id)).toEqual(['C0', 'C1', 'C2', 'C3', 'C4', 'C5']);
    // Nothing read: no new snapshot (the old one would have been rotated to .1).
    expect((await engine.pushTargets({ targets: ['exports'] }))[0]).toMatchObject({ status: 'succeeded', counts: { sent: 0 } });
    expect(existsSync(out('snapshot.ndjson.1'))).toBe(false);
    // C0 renamed and renamed back: two changes read, nothing to send (the target holds that content), a snapshot.
    writeFileSync(file(), customers([0, 1, 2, 3, 4, 5], { 0: 'Renomeado' }));
    await engine.syncNow({ full: false });
    writeFileSync(file(), customers([0, 1, 2, 3, 4, 5]));
    await engine.syncNow({ full: false });
    const [quiet] = await engine.pushTargets({ targets: ['exports'] });
    expect(quiet).toMatchObject({ status: 'succeeded', counts: { sent: 0, skipped: 1 } });
    expect(existsSync(out('snapshot.ndjson.1'))).toBe(true);
    expect(snapshot().find((r) => r.id === 'C0')).toMatchObject({ name: 'Cliente 0' });
  });
});
