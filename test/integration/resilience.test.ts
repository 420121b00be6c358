// The engine against a vendor API that fails on purpose: retries with backoff and Retry-After, the circuit
// breaker, and cancellation. Backoff waits go through an injected sleep that records them and returns at once.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

function catalogRows(dataDir: string) {
  const db = new Database(join(dataDir, 'catalog.db'), { readonly: true });
  try {
    return db
      .prepare<[], { id: string; name: string; price: number; source_updated_at: string; deleted_at: string | null }>(
        'SELECT id, name, price, source_updated_at, deleted_at FROM products ORDER BY id',
      )
      .all();
  } finally {
    db.close();
  }
}

/** The catalog equals the source record by record: same ids, names, prices, update times; nothing extra. */
function expectExactCopy(dataDir: string, source: FaultySource) {
  const rows = catalogRows(dataDir).filter((r) => r.deleted_at === null);
  const expected = [...source.records.values()].sort((a, b) => a.id.localeCompare(b.id));
  expect(rows.map((r) => ({ id: r.id, name: r.name, price: r.price, updatedAt: r.source_updated_at }))).toEqual(
    expected.map((r) => ({ id: r.id, name: r.name, price: r.price, updatedAt: r.updatedAt })),
  );
}

describe('resilience against a faulty source', () => {
  let source: FaultySource;
  let engine: Engine | undefined;
  let tmp: ReturnType<typeof tempDir>;
  const delays: number[] = [];
  let clock = 0;

  const open = (extra: Record<string, unknown> = {}, resilience: Record<string, unknown> = {}) =>
    Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        sources: [faultySourceConfig('erp', source.url, { timeoutMs: 400, ...extra })],
        resilience: { maxRetries: 3, ...resilience },
        syncOnStart: false,
      }),
      sleep: async (ms) => void delays.push(ms),
      now: () => clock,
    });

  beforeEach(async () => {
    tmp = tempDir();
    delays.length = 0;
    clock = 0;
    source = await startFaultySource(500);
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await source.close();
    tmp.cleanup();
  });

  it('rides out 500s, 429s, a hang, a reset, a garbled page and shifted pages to an exact copy', async () => {
    source.faults.push(
      { kind: 'status', status: 500 },
      { kind: 'rateLimit', retryAfter: '0' },
      { kind: 'ok' },
      { kind: 'rateLimit', retryAfter: '7' },
      { kind: 'hang' },
      { kind: 'reset' },
      { kind: 'ok' },
      { kind: 'malformed' },
      { kind: 'status', status: 503 },
      { kind: 'ok' },
      { kind: 'shift' },
    );
    engine = await open();
    const [run] = await engine.syncNow({ full: false });
    expect(run).toMatchObject({ status: 'succeeded', strategy: 'full', retries: 7 });
    expect(run!.counts).toMatchObject({ created: 500, deleted: 0, quarantined: 0 });
    // Retry-After: 0 is floored to the base delay (no hot loop); Retry-After: 7 is honoured.
    expect(delays).toHaveLength(7);
    expect(delays[1]).toBe(1000);
    expect(delays[2]).toBe(7000);
    expect(delays.every((d) => d >= 100 && d <= 8000)).toBe(true);
    expect(source.faults).toHaveLength(0);
    expectExactCopy(tmp.dir, source);
  });

  it('fails with the last error class once the retries are used up, and never retries an auth failure', async () => {
    source.faults.push(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 502 })));
    engine = await open();
    const [run] = await engine.syncNow({ full: false });
    expect(run).toMatchObject({ status: 'failed', retries: 3, error: { class: 'server' } });
    expect(delays).toHaveLength(3);

    source.faults.push({ kind: 'status', status: 401 });
    const before = delays.length;
    const [auth] = await engine.syncNow({ full: false });
    expect(auth).toMatchObject({ status: 'failed', retries: 0, error: { class: 'auth' } });
    expect(delays.length).toBe(before);
  });

  it('opens the breaker after repeated failed runs, skips while open, probes after the cool-down', async () => {
    engine = await open({}, { maxRetries: 0, breakerThreshold: 2, breakerCooldownMs: 60_000 });
    source.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    expect((await engine.syncNow({ full: false }))[0]!.status).toBe('failed');
    expect((await engine.syncNow({ full: false }))[0]!.status).toBe('failed');
    const status = await engine.getStatus({});
    expect(status.sources[0]!.breaker).toEqual({ state: 'open', consecutiveFailures: 2, openUntil: new Date(60_000).toISOString() });

    const requests = source.requests;
    const [skipped] = await engine.syncNow({ full: false });
    expect(skipped).toMatchObject({ status: 'skipped', strategyReason: 'circuit breaker open' });
    expect(source.requests).toBe(requests); // failed fast: the source was not asked
    expect((await engine.listRuns({ limit: 10, status: 'skipped' })).map((r) => r.id)).toEqual([skipped!.id]);

    clock = 60_000;
    expect((await engine.getStatus({})).sources[0]!.breaker?.state).toBe('half-open');
    const [probe] = await engine.syncNow({ full: false });
    expect(probe!.status).toBe('succeeded');
    expect((await engine.getStatus({})).sources[0]!.breaker).toEqual({ state: 'closed', consecutiveFailures: 0, openUntil: null });
    expectExactCopy(tmp.dir, source);
  });

  it('cancelSync stops a run stuck on a hung request; committed pages stay and the next run resumes', async () => {
    source.faults.push({ kind: 'ok' }, { kind: 'ok' }, { kind: 'hang' });
    engine = await open({ timeoutMs: 600_000 });
    const running = engine.syncNow({ full: false });
    await source.waitForRequests(3);
    const { cancelled } = await engine.cancelSync({});
    expect(cancelled).toEqual(['erp']);
    const [run] = await running;
    expect(run).toMatchObject({ status: 'cancelled', error: { class: 'cancelled' } });
    expect(run!.counts.created).toBe(100);
    expect(catalogRows(tmp.dir)).toHaveLength(100);
    expect(engine.runs.checkpoint('erp')?.fullOffset).toBe(100);

    const [resumed] = await engine.syncNow({ full: false });
    expect(resumed).toMatchObject({ status: 'succeeded', strategyReason: 'resuming an interrupted full sync at record 100' });
    expect(resumed!.counts.fetched).toBe(400);
    expectExactCopy(tmp.dir, source);
  });

  it('the overall run deadline stops a run whose request would otherwise wait forever', async () => {
    source.faults.push({ kind: 'ok' }, { kind: 'hang' });
    engine = await open({ timeoutMs: 600_000 }, { runDeadlineMs: 300 });
    const [run] = await engine.syncNow({ full: false });
    expect(run).toMatchObject({ status: 'failed', error: { class: 'timeout', message: 'the run exceeded its deadline' } });
    expect(run!.counts.created).toBe(50);
  });

  it('a changed record shows up as updated with its new content', async () => {
    engine = await open();
    await engine.syncNow({ full: false });
    const changed = fakeRecord(42, 2);
    source.records.set(changed.id, changed);
    const [run] = await engine.syncNow({ full: true });
    expect(run!.counts).toMatchObject({ updated: 1, unchanged: 499, deleted: 0 });
    expectExactCopy(tmp.dir, source);
  });
});
