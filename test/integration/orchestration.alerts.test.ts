// Error-rate and queue-backlog alerts through the engine: real fake sources over HTTP, a real SQLite file, a
// controllable clock moved by the test; engine.tick() is the agent's beat. Nothing waits for real time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { Alert } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

describe('alerts through the engine: error rate and queue backlog', () => {
  let tmp: ReturnType<typeof tempDir>;
  let slow: FaultySource;
  let flaky: FaultySource;
  let engine: Engine;
  let clock: number;
  let alerts: Alert[];

  beforeEach(async () => {
    tmp = tempDir();
    clock = Date.parse('2026-03-01T00:00:00Z');
    slow = await startFaultySource(100, 'S');
    flaky = await startFaultySource(20, 'F');
    const config = syncflowConfig.parse({
      syncOnStart: false,
      resilience: { maxRetries: 0 },
      alerts: {
        staleAfterHours: 0,
        consecutiveFailures: 5,
        errorRate: { threshold: 0.5, windowRuns: 4, minRuns: 4 },
        queueBacklog: { maxWaiting: 5, maxWaitMinutes: 30 },
      },
      sources: [faultySourceConfig('slow', slow.url, { timeoutMs: 600_000 }), faultySourceConfig('flaky', flaky.url)],
    });
    engine = await Engine.open({ dataDir: tmp.dir, fileLogs: false, config, now: () => clock });
    alerts = [];
    engine.events.on('alert', (a) => alerts.push(a));
  });
  afterEach(async () => {
    await engine.close();
    await slow.close();
    await flaky.close();
    tmp.cleanup();
  });

  const of = (kind: Alert['kind']) => alerts.filter((a) => a.kind === kind);

  it('a flapping source raises one error-rate alert with the figures, and status counts the same runs', async () => {
    const outcomes = ['fail', 'ok', 'fail', 'fail', 'fail'] as const;
    for (const o of outcomes) {
      if (o === 'fail') flaky.faults.push({ kind: 'status', status: 503 });
      clock += 60_000;
      await engine.syncNow({ source: 'flaky', full: false });
      await new Promise((r) => setImmediate(r)); // alerts follow the runFinished event
    }
    // Runs 1-3: too few; run 4: 3 of 4 failed; run 5: 3 of the last 4, still above: no repeat.
    expect(of('error-rate')).toEqual([
      expect.objectContaining({
        source: 'flaky',
        level: 'error',
        runId: 4,
        message: 'flaky: 3 of the last 4 syncs failed (75%, threshold 50%)',
      }),
    ]);
    expect(of('run-failed')).toHaveLength(4);
    const metrics = (await engine.getStatus({})).metrics!.sources.find((s) => s.source === 'flaky')!;
    expect(metrics).toMatchObject({ runs: 5, successRate: 0.2, errorsByClass: { server: 4 } });
  });

  it('a job stuck behind a long run raises one backlog alert on the agent beat; status shows its wait', async () => {
    slow.faults.push({ kind: 'ok' }, { kind: 'hang' });
    const long = engine.syncNow({ source: 'slow', full: false });
    await slow.waitForRequests(2);
    const waiting = engine.sync({ source: 'flaky', trigger: 'schedule' });

    clock += 30 * 60_000;
    await engine.tick();
    expect(of('queue-backlog')).toEqual([]);
    clock += 60_000;
    await engine.tick();
    await engine.tick();
    expect(of('queue-backlog')).toEqual([
      {
        id: expect.any(Number),
        raisedAt: new Date(clock).toISOString(),
        repeats: 1,
        resolvedAt: null,
        kind: 'queue-backlog',
        level: 'warning',
        source: '*',
        at: new Date(clock).toISOString(),
        message:
          'queue backlog: 1 job(s) waiting to start; the oldest (flaky) has waited 31 min (threshold 5 jobs or 30 min)',
      },
    ]);
    expect((await engine.getStatus({})).metrics!.queue).toMatchObject({
      depth: 1,
      running: ['slow'],
      oldestWaitSeconds: 31 * 60,
    });

    await engine.cancelSync({ source: 'slow' });
    expect((await long)[0]!.status).toBe('cancelled');
    expect((await waiting)[0]!.status).toBe('succeeded');
    await engine.tick(); // drained: the next backlog alerts again
    expect((await engine.getStatus({})).metrics!.queue).toMatchObject({ depth: 0, oldestWaitSeconds: null });

    slow.faults.push({ kind: 'hang' });
    const again = engine.syncNow({ source: 'slow', full: false });
    await slow.waitForRequests(3);
    const queuedAgain = engine.sync({ source: 'flaky', trigger: 'schedule' });
    clock += 45 * 60_000;
    await engine.tick();
    expect(of('queue-backlog')).toHaveLength(2);
    await engine.cancelSync({ source: 'slow' });
    await Promise.all([again, queuedAgain]);
  });
});
