// Schedules, dependencies, coalescing and the persisted queue through the engine, on a controllable clock:
// the test moves time and calls engine.tick(); nothing waits for real time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

describe('orchestration: schedules, dependencies, queue', () => {
  let servers: Record<string, FaultySource>;
  let tmp: ReturnType<typeof tempDir>;
  let clock: number;
  const engines: Engine[] = [];

  const open = async (staleAfterHours = 0) => {
    const config = syncflowConfig.parse({
      syncOnStart: false,
      resilience: { maxRetries: 0 },
      alerts: { staleAfterHours },
      sources: [
        faultySourceConfig('variants', servers.variants!.url, { dependsOn: ['products'] }),
        faultySourceConfig('products', servers.products!.url, { dependsOn: ['categories'] }),
        faultySourceConfig('categories', servers.categories!.url, { schedule: { cron: '0 * * * *', timezone: 'UTC' } }),
      ],
    });
    const engine = await Engine.open({ dataDir: tmp.dir, fileLogs: false, config, now: () => clock });
    engines.push(engine);
    return engine;
  };
  const order = async (engine: Engine) =>
    (await engine.listRuns({ limit: 100 })).reverse().map((r) => `${r.source}:${r.status}:${r.trigger}`);

  beforeEach(async () => {
    tmp = tempDir();
    clock = Date.parse('2026-03-01T00:30:00Z');
    servers = {
      categories: await startFaultySource(20, 'C'),
      products: await startFaultySource(50, 'P'),
      variants: await startFaultySource(30, 'V'),
    };
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    for (const s of Object.values(servers)) await s.close();
    tmp.cleanup();
  });

  it('a cron tick runs the scheduled source, then its dependents in order; a failed parent skips the rest', async () => {
    const engine = await open();
    await engine.startAgent({ tickMs: 0 });
    await engine.tick();
    expect(await order(engine)).toEqual([]); // 00:30: not due

    clock = Date.parse('2026-03-01T01:00:00Z');
    await engine.tick();
    expect(await order(engine)).toEqual(['categories:succeeded:schedule', 'products:succeeded:schedule', 'variants:succeeded:schedule']);

    servers.products!.faults.push({ kind: 'status', status: 500 });
    clock = Date.parse('2026-03-01T02:00:00Z');
    await engine.tick();
    expect((await order(engine)).slice(3)).toEqual(['categories:succeeded:schedule', 'products:failed:schedule', 'variants:skipped:schedule']);
    const [skipped] = await engine.listRuns({ limit: 1, source: 'variants' });
    expect(skipped!.error?.message).toBe('products did not succeed in this scheduled cycle');
  });

  it('a manual "sync all" runs parents first; a dependent of a failed parent is skipped, not run', async () => {
    const engine = await open();
    // The config lists variants first: without ordering it would run before its parents.
    const first = await engine.syncNow({ full: false });
    expect(first.map((r) => `${r.source}:${r.status}`)).toEqual(['variants:succeeded', 'products:succeeded', 'categories:succeeded']);
    expect(await order(engine)).toEqual(['categories:succeeded:manual', 'products:succeeded:manual', 'variants:succeeded:manual']);

    servers.products!.faults.push({ kind: 'status', status: 500 });
    const variantRequests = servers.variants!.requests;
    const second = await engine.syncNow({ full: false });
    expect(second.map((r) => `${r.source}:${r.status}`)).toEqual(['variants:skipped', 'products:failed', 'categories:succeeded']);
    expect(second[0]!.error?.message).toBe('products did not succeed in this sync');
    expect(servers.variants!.requests).toBe(variantRequests); // the dependent never reached its vendor
    expect((await order(engine)).slice(3)).toEqual(['categories:succeeded:manual', 'products:failed:manual', 'variants:skipped:manual']);
  });

  it('after a long sleep, missed schedules run once on wake', async () => {
    const engine = await open();
    await engine.startAgent({ tickMs: 0 });
    clock = Date.parse('2026-03-01T13:10:00Z'); // 13 hourly matches missed
    await engine.tick();
    await engine.tick();
    expect((await engine.listRuns({ limit: 100, source: 'categories' })).length).toBe(1);
  });

  it('a second "sync now" while the source is queued or running joins the same run', async () => {
    const engine = await open();
    const [a, b] = await Promise.all([engine.syncNow({ source: 'categories', full: false }), engine.syncNow({ source: 'categories', full: false })]);
    expect(a![0]!.id).toBe(b![0]!.id);
    expect(await engine.listRuns({ limit: 10 })).toHaveLength(1);
  });

  it('queued jobs and the pause holding them survive a restart; the job runs once resumed', async () => {
    const first = await open();
    await first.pauseSync({});
    const held = first.sync({ source: 'products', trigger: 'schedule' }).catch((e: unknown) => e);
    expect((await first.getStatus({})).metrics?.queue.depth).toBe(1);
    await first.close();
    expect(await held).toBeInstanceOf(Error);
    expect(await first.listRuns({ limit: 10 }).catch(() => [])).toEqual([]);

    const second = await open();
    const ran = new Promise<SyncRun>((resolve) => second.events.on('runFinished', resolve));
    await second.startAgent({ tickMs: 0 });
    await second.tick();
    expect((await second.getStatus({})).metrics?.queue).toMatchObject({ depth: 1, paused: { all: true } });
    expect(await second.listRuns({ limit: 10 })).toEqual([]);
    await second.resumeSync({});
    const run = await ran;
    expect(run).toMatchObject({ source: 'products', trigger: 'schedule', status: 'succeeded', counts: { created: 50 } });
    expect((await second.getStatus({})).metrics?.queue.depth).toBe(0);
  });

  it('alerts: every failed run, N consecutive failures once, stale data once until fresh again', async () => {
    const engine = await open();
    const alerts: string[] = [];
    engine.events.on('alert', (a) => alerts.push(`${a.kind}:${a.source}`));
    servers.categories!.faults.push(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 500 })));
    for (let i = 0; i < 3; i++) await engine.syncNow({ source: 'categories', full: false });
    await new Promise((r) => setImmediate(r)); // alerts follow the runFinished event
    expect(alerts).toEqual(['run-failed:categories', 'run-failed:categories', 'run-failed:categories', 'consecutive-failures:categories']);
  });

  it('alerts once per source when its data gets older than the stale threshold', async () => {
    const engine = await open(2);
    const stale: string[] = [];
    engine.events.on('alert', (a) => a.kind === 'stale' && stale.push(a.source));
    await engine.syncNow({ full: false });
    await engine.tick();
    expect(stale).toEqual([]);
    clock += 3 * 3_600_000;
    await engine.tick();
    await engine.tick();
    expect(stale.sort()).toEqual(['categories', 'products', 'variants']);
  });

  it('status carries metrics: success rate, errors by class, freshness', async () => {
    const engine = await open();
    await engine.syncNow({ source: 'categories', full: false });
    servers.categories!.faults.push({ kind: 'status', status: 503 });
    await engine.syncNow({ source: 'categories', full: true });
    clock += 90_000;
    const m = (await engine.getStatus({})).metrics!;
    const cat = m.sources.find((s) => s.source === 'categories')!;
    expect(cat).toMatchObject({ runs: 2, successRate: 0.5, errorsByClass: { server: 1 } });
    expect(cat.freshnessSeconds).toBeGreaterThanOrEqual(90);
    expect(m.sources.find((s) => s.source === 'variants')).toMatchObject({ runs: 0, successRate: null, freshnessSeconds: null });
  });
});
