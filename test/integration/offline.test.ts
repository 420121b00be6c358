// The agent losing the network: a failed connect while the probe sees no network puts it offline, automatic runs
// wait (coalesced), nothing counts as failed, the breaker stays closed, and it resumes by itself when the probe
// sees the network again. Sleep: the running page commits, the run stops and resumes on wake.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { Alert, NetworkStatus, SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

describe('offline and sleep', () => {
  let source: FaultySource;
  let tmp: ReturnType<typeof tempDir>;
  let clock: number;
  let connected: boolean;
  let engine: Engine | undefined;
  const alerts: Alert[] = [];

  const open = async (extra: Record<string, unknown> = {}) => {
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        resilience: { maxRetries: 0, breakerThreshold: 1 },
        alerts: { staleAfterHours: 0, consecutiveFailures: 1 },
        sources: [faultySourceConfig('erp', source.url, { schedule: { cron: '* * * * *', timezone: 'UTC' }, ...extra })],
      }),
      now: () => clock,
      networkProbe: async () => connected,
    });
    engine.events.on('alert', (a) => alerts.push(a));
    await engine.startAgent({ tickMs: 0 });
    return engine;
  };
  const next = <T>(e: Engine, event: 'network' | 'runFinished', pred: (p: T) => boolean = () => true) =>
    new Promise<T>((resolve) => {
      const off = e.events.on(event, (p) => {
        if (pred(p as T)) {
          off();
          resolve(p as T);
        }
      });
    });

  beforeEach(async () => {
    tmp = tempDir();
    clock = Date.parse('2026-03-01T00:00:30Z');
    connected = true;
    alerts.length = 0;
    source = await startFaultySource(120);
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await source.close();
    tmp.cleanup();
  });

  it('offline -> online: scheduled runs wait, no failed run, no breaker, no failure alert, then resume by themselves', async () => {
    const e = await open();
    connected = false;
    source.faults.push({ kind: 'reset' });
    const wentOffline = next<NetworkStatus>(e, 'network');
    const skipped = next<SyncRun>(e, 'runFinished');
    clock += 60_000;
    void e.tick(); // its cycle waits for the network, like the run it started
    expect(await wentOffline).toMatchObject({ online: false, offlineSince: new Date(clock).toISOString() });
    expect(await skipped).toMatchObject({ status: 'skipped', error: { class: 'network', message: expect.stringMatching(/^offline: /) } });

    clock += 60_000;
    void e.tick(); // a second schedule while offline joins the waiting job
    clock += 60_000;
    void e.tick();
    const status = await e.getStatus({});
    expect(status.network).toMatchObject({ online: false, offlineSince: expect.any(String) });
    expect(status.sources[0]!.breaker).toEqual({ state: 'closed', consecutiveFailures: 0, openUntil: null });
    expect((await e.listRuns({ limit: 10 })).map((r) => r.status)).toEqual(['skipped']);

    clock += 45 * 60_000;
    connected = true;
    const succeeded = next<SyncRun>(e, 'runFinished', (r) => r.status === 'succeeded');
    await e.tick();
    expect((await succeeded).counts.fetched).toBe(120);
    expect((await e.getStatus({})).network).toEqual({ online: true, offlineSince: null, reason: null });
    const statuses = (await e.listRuns({ limit: 10 })).map((r) => r.status);
    expect(statuses.filter((s) => s === 'failed')).toEqual([]);
    expect(statuses.filter((s) => s === 'succeeded')).toHaveLength(1);
    expect(statuses).toHaveLength(2); // three schedules while offline: one run when back
    expect(source.requests).toBe(1 + 3); // the failed connect, then three pages; nothing while offline
    expect(alerts.map((a) => a.kind)).toEqual(['back-online']);
  });

  it('a failed connect with the network up is an ordinary failure of the source', async () => {
    const e = await open();
    source.faults.push({ kind: 'reset' });
    const run = await e.syncNow({ full: false });
    expect(run[0]!.status).toBe('failed');
    expect((await e.getStatus({})).network?.online).toBe(true);
    expect(alerts.map((a) => a.kind)).toContain('run-failed');
  });

  it('the OS hint puts the agent offline at once and back online once the probe agrees', async () => {
    const e = await open();
    expect(await e.reportSystemState({ online: false })).toMatchObject({ online: false, reason: expect.stringMatching(/system/) });
    connected = false;
    expect((await e.reportSystemState({ online: true })).online).toBe(false); // the probe still sees no network
    connected = true;
    expect((await e.reportSystemState({ online: true })).online).toBe(true);
  });

  it('sleep stops the run after a committed page; wake resumes it, missed schedules coalesced into it', async () => {
    const e = await open({ pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 40, totalPath: 'total' }, timeoutMs: 60_000 });
    source.faults.push({ kind: 'ok' }, { kind: 'hang' });
    clock += 60_000;
    const cancelled = next<SyncRun>(e, 'runFinished');
    const cycle = e.tick();
    await source.waitForRequests(2); // page 1 committed, page 2 in flight
    await e.reportSystemState({ suspended: true });
    const stopped = await cancelled;
    expect(stopped).toMatchObject({ status: 'cancelled', pages: 1 });
    expect((await e.getStatus({})).suspended).toBe(true);

    clock += 10 * 60_000; // ten missed minutes
    const resumed = next<SyncRun>(e, 'runFinished');
    await e.reportSystemState({ suspended: false });
    await cycle;
    const run = await resumed;
    expect(run.status).toBe('succeeded');
    expect(run.counts.fetched).toBeLessThan(120); // resumed from the checkpoint, not from the start
    await e.tick();
    // The missed schedules joined the resumed run: one run after wake, nothing more at the next tick.
    expect((await e.listRuns({ limit: 10 })).map((r) => `${r.status}:${r.trigger}`)).toEqual(['succeeded:schedule', 'cancelled:schedule']);
  });
});
