// The alert history in a real SQLite file: one row per lasting condition, repeats counted, resolved when the
// condition clears, and the engine's listAlerts / alertResolved over a failing then recovering source.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { AlertStore } from '../../src-main/engine/store/alertStore.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

const alert = (over: Partial<Alert> = {}): Alert => ({
  kind: 'run-failed',
  level: 'error',
  source: 'erp',
  message: 'erp: sync failed',
  at: '2026-03-01T00:00:00.000Z',
  ...over,
});

describe('alert store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'catalog.db'));
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('keeps one open alert per kind and source, counting repeats, until it resolves', () => {
    const store = new AlertStore(db);
    const first = store.raise(alert());
    const again = store.raise(alert({ message: 'erp: sync failed again', at: '2026-03-01T00:05:00.000Z' }));
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ repeats: 2, message: 'erp: sync failed again', raisedAt: '2026-03-01T00:00:00.000Z' });
    store.raise(alert({ source: 'shop' }));
    expect(store.list({ open: true, limit: 10 }).map((a) => a.source)).toEqual(['shop', 'erp']);

    const resolved = store.resolve(['run-failed', 'stale'], 'erp', '2026-03-01T01:00:00.000Z');
    expect(resolved.map((a) => [a.id, a.resolvedAt])).toEqual([[first.id, '2026-03-01T01:00:00.000Z']]);
    expect(store.resolve(['run-failed'], 'erp', '2026-03-01T02:00:00.000Z')).toEqual([]);
    expect(store.list({ open: true, limit: 10 }).map((a) => a.source)).toEqual(['shop']);
    expect(store.list({ open: false, limit: 10 }).map((a) => a.id)).toEqual([first.id]);

    // The same condition coming back is a new alert, and the history keeps both.
    const later = store.raise(alert({ at: '2026-03-01T03:00:00.000Z' }));
    expect(later.id).not.toBe(first.id);
    expect(store.list({ source: 'erp', limit: 10 }).map((a) => a.id)).toEqual([later.id, first.id]);
    expect(store.list({ source: 'erp', limit: 10, beforeId: later.id }).map((a) => a.id)).toEqual([first.id]);
  });
});

describe('engine alerts over a source that fails and recovers', () => {
  let tmp: ReturnType<typeof tempDir>;
  let flaky: FaultySource;
  let engine: Engine;

  beforeEach(async () => {
    tmp = tempDir();
    flaky = await startFaultySource(20, 'F');
    const config = syncflowConfig.parse({
      syncOnStart: false,
      resilience: { maxRetries: 0 },
      alerts: { staleAfterHours: 0 },
      sources: [faultySourceConfig('flaky', flaky.url)],
    });
    engine = await Engine.open({ dataDir: tmp.dir, fileLogs: false, config });
  });
  afterEach(async () => {
    await engine.close();
    await flaky.close();
    tmp.cleanup();
  });

  it('raises run-failed, resolves it on the next success, and lists both open and resolved', async () => {
    const raised: Alert[] = [];
    const resolved: Alert[] = [];
    engine.events.on('alert', (a) => raised.push(a));
    engine.events.on('alertResolved', (a) => resolved.push(a));

    flaky.faults.push({ kind: 'status', status: 503 });
    const [failed] = await engine.syncNow({ source: 'flaky', full: false });
    expect(failed?.status).toBe('failed');
    await new Promise((r) => setImmediate(r)); // alerts follow the runFinished event
    const open = await engine.listAlerts({ open: true, limit: 10 });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'run-failed', source: 'flaky', resolvedAt: null, repeats: 1 });
    expect(raised.map((a) => a.id)).toEqual([open[0]?.id]);

    const [ok] = await engine.syncNow({ source: 'flaky', full: false });
    expect(ok?.status).toBe('succeeded');
    await new Promise((r) => setImmediate(r));
    expect(resolved.map((a) => a.id)).toEqual([open[0]?.id]);
    expect(await engine.listAlerts({ open: true, limit: 10 })).toEqual([]);
    const history = await engine.listAlerts({ limit: 10 });
    expect(history.map((a) => a.resolvedAt)).toEqual([resolved[0]?.resolvedAt]);
    expect(history[0]?.resolvedAt).not.toBeNull();
  });
});
