// One push run against a REST target over real HTTP that refuses on purpose: a record it refuses alone is
// quarantined and the rest go through; a target that is down fails the run after its retries with the offset
// where it was; a batch whose every record fails alone fails the run and quarantines nothing.
import { writeFileSync } from 'node:fs';
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
  const delays: number[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    held.clear();
    refuse.clear();
    down = 0;
    limited.length = 0;
    delays.length = 0;
    api = await serve((req, body, res) => {
      const id = decodeURIComponent(req.url.pathname.split('/').pop()!);
      if (down > 0) return send(res, down, { error: 'down' });
      const wait = limited.shift();
      if (wait !== undefined) return send(res, 429, { error: 'slow down' }, { 'retry-after': wait });
      const status = refuse.get(id);
      if (status) return send(res, status, { error: `refused ${id}` });
      held.set(id, JSON.parse(body));
      send(res, 200, { ok: true });
    });
    const file = join(tmp.dir, 'customers.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: 6 }, (_, i) => ({ id: `C${i}`, name: `Cliente ${i}` }))));
    engine = await Engine.open({
      dataDir: join(tmp.dir, 'data'),
      fileLogs: false,
      sleep: async (ms) => void delays.push(ms),
      config: syncflowConfig.parse({
        syncOnStart: false,
        resilience: { maxRetries: 2 },
        sources: [{ name: 'crm', kind: 'file', entity: 'customers', path: file, format: 'json', mapping: { fields: { id: 'id', name: 'name' } } }],
        targets: [{ name: 'erp', kind: 'rest', entity: 'customers', baseUrl: api.url, path: '/clientes', batchSize: 3, mapping: { fields: { nome: 'name' } } }],
      }),
    });
    expect((await engine.syncNow({ full: false }))[0]!.counts.created).toBe(6);
  });
  afterEach(async () => {
    await engine.close();
    await api.close();
    tmp.cleanup();
  });

  const target = async () => (await engine.listTargets({})).find((t) => t.name === 'erp')!;

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
    expect(delays.length).toBeGreaterThanOrEqual(2);
    const run = (await engine.getRun({ id: failed!.runId!, logLimit: 0 }))!.run;
    expect(run.retries).toBe(2);
    const logs = (await engine.getRun({ id: failed!.runId!, logLimit: 50 }))!.logs.map((l) => l.msg);
    expect(logs.filter((m) => /^target erp: .*500.*; retrying in \d+ ms$/.test(m))).toHaveLength(2);
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
});
