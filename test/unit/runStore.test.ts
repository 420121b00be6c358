// The run history on a real SQLite file: requests and bytes (migration 5), time filters, health outcomes.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyCounts, runThroughput } from '../../src-shared/domain.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { latestSchemaVersion, migrations } from '../../src-main/engine/store/migrations.js';
import { RunStore } from '../../src-main/engine/store/runStore.js';
import { tempDir } from '../helpers/tmp.js';

describe('run store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db | undefined;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => {
    db?.close();
    db = undefined;
    tmp.cleanup();
  });

  it('records requests and bytes with the run; 0 when not given', () => {
    db = openDatabase(join(tmp.dir, 'catalog.db'));
    const runs = new RunStore(db);
    const a = runs.start('erp', 'cli', 'full', 'first', '2026-03-01T10:00:00.000Z');
    expect(a).toMatchObject({ requests: 0, bytes: 0 });
    const counts = { ...emptyCounts(), fetched: 12_000, created: 12_000 };
    const done = runs.finish(a.id, 'succeeded', 40, counts, '2026-03-01T10:00:04.000Z', null, {
      retries: 2,
      requests: 42,
      bytes: 5_123_456,
    });
    expect(done).toMatchObject({ requests: 42, bytes: 5_123_456, retries: 2, durationMs: 4000 });
    expect(runThroughput(done)).toBe(3000);
    expect(runs.list({ limit: 1 })[0]).toMatchObject({ requests: 42, bytes: 5_123_456 });
    const b = runs.start('erp', 'cli', 'full', 'second', '2026-03-01T11:00:00.000Z');
    expect(
      runs.finish(b.id, 'failed', 0, emptyCounts(), '2026-03-01T11:00:00.000Z', { class: 'network', message: 'x' }),
    ).toMatchObject({
      requests: 0,
      bytes: 0,
    });
    expect(runThroughput(runs.get(b.id)!)).toBeNull(); // no duration, no rate
  });

  it('migration 5 gives runs of an older database 0 requests and bytes, and adds the pause table', () => {
    const file = join(tmp.dir, 'old.db');
    const v4 = openDatabase(
      file,
      migrations.filter((m) => m.version <= 4),
    );
    v4.prepare(
      `INSERT INTO sync_runs (source, trigger, strategy, strategy_reason, status, started_at, counts) VALUES ('erp', 'cli', 'full', 'x', 'succeeded', '2026-01-01T00:00:00.000Z', '{}')`,
    ).run();
    expect(v4.pragma('user_version', { simple: true })).toBe(4);
    v4.close();
    db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(new RunStore(db).get(1)).toMatchObject({ source: 'erp', requests: 0, bytes: 0 });
    const raw = new Database(file, { readonly: true });
    const tables = raw
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      .all()
      .map((t) => t.name);
    raw.close();
    expect(tables).toContain('queue_pauses');
  });

  it('since/until bound the start time in time order, whatever the precision of the bound', () => {
    db = openDatabase(join(tmp.dir, 'catalog.db'));
    const runs = new RunStore(db);
    for (const at of ['2026-03-01T09:59:59.900Z', '2026-03-01T10:00:00.500Z', '2026-03-01T10:00:01.000Z']) {
      runs.start('erp', 'cli', 'full', at, at);
    }
    const ids = (o: { since?: string; until?: string }) => runs.list({ limit: 10, ...o }).map((r) => r.id);
    // As text, "…10:00:00Z" sorts after "…10:00:00.500Z"; as times it is before.
    expect(ids({ since: '2026-03-01T10:00:00Z' })).toEqual([3, 2]);
    expect(ids({ until: '2026-03-01T10:00:01Z' })).toEqual([2, 1]);
    expect(ids({ since: '2026-03-01T10:00:00Z', until: '2026-03-01T10:00:01Z' })).toEqual([2]);
  });

  it('recent outcomes: newest first, without skipped, cancelled, running and dry runs', () => {
    db = openDatabase(join(tmp.dir, 'catalog.db'));
    const runs = new RunStore(db);
    const add = (
      status: 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'needs_review' | 'running',
      dryRun = false,
    ) => {
      const r = runs.start('erp', 'schedule', 'incremental', 'x', '2026-03-01T00:00:00.000Z');
      if (status !== 'running')
        runs.finish(r.id, status, 0, emptyCounts(), '2026-03-01T00:00:01.000Z', null, { dryRun });
    };
    add('failed');
    add('succeeded');
    add('skipped');
    add('cancelled');
    add('failed', true);
    add('needs_review');
    add('running');
    expect(runs.recentOutcomes('erp', 10)).toEqual(['needs_review', 'succeeded', 'failed']);
    expect(runs.recentOutcomes('erp', 2)).toEqual(['needs_review', 'succeeded']);
    expect(runs.recentOutcomes('crm', 10)).toEqual([]);
  });
});
