// `syncflow runs`, `pause` and `resume` as an operator runs them: real child processes, fake vendor APIs on
// loopback, a temp data dir; the pause is then checked from an engine opened on the same data dir, as `serve`
// or the desktop app would open it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { openDatabase } from '../../src-main/engine/store/database.js';
import { RunStore } from '../../src-main/engine/store/runStore.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

type ListedRun = SyncRun & { throughput: number | null };

describe('syncflow runs, pause, resume', () => {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  const configPath = join(tmp.dir, 'syncflow.yaml');
  let a: FaultySource;
  let b: FaultySource;
  const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir, '--config', configPath]);
  const listed = async (...args: string[]): Promise<ListedRun[]> => {
    const r = await cli('runs', '--json', ...args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ListedRun[];
  };
  const ids = async (...args: string[]) => (await listed(...args)).map((r) => r.id);

  beforeAll(async () => {
    a = await startFaultySource(120, 'A');
    b = await startFaultySource(30, 'B');
    // JSON is YAML. No retries: a 500 fails the run at once.
    writeFileSync(
      configPath,
      JSON.stringify({
        syncOnStart: false,
        resilience: { maxRetries: 0 },
        sources: [faultySourceConfig('a', a.url), faultySourceConfig('b', b.url)],
      }),
    );
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    tmp.cleanup();
  });

  it('sync --json reports requests, bytes and throughput, and runs --json lists the same numbers', async () => {
    const r = await cli('sync', 'a', '--json');
    expect(r.code).toBe(0);
    const first = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(first).toMatchObject({ runId: 1, status: 'succeeded', counts: { fetched: 120 } });
    // Every request the fake source served was this run's; 120 records in pages of 50 are at least 3 of them.
    expect(first.requests).toBe(a.requests);
    expect(a.requests).toBeGreaterThanOrEqual(3);
    expect(first.bytes).toBeGreaterThan(120 * 50); // each record is more than 50 bytes of JSON
    const [run] = await listed();
    expect(run).toMatchObject({
      id: 1,
      source: 'a',
      requests: first.requests,
      bytes: first.bytes,
      throughput: first.throughput,
    });
    expect(run!.throughput).toBe(Math.round((120 * 1000) / run!.durationMs!));
  });

  it('runs filters by source, status and start time, newest first, like the API', async () => {
    b.faults.push({ kind: 'status', status: 500 });
    expect((await cli('sync', 'b')).code).toBe(1);
    expect((await cli('sync', 'a')).code).toBe(0);
    expect(await ids()).toEqual([3, 2, 1]);
    const failed = (await listed('--status', 'failed'))[0]!;
    expect(failed).toMatchObject({ id: 2, source: 'b', status: 'failed', error: { class: 'server' } });
    expect(await ids('--source', 'a')).toEqual([3, 1]);
    expect(await ids('--since', failed.startedAt)).toEqual([3, 2]);
    expect(await ids('--until', failed.startedAt)).toEqual([1]);
    expect(await ids('--source', 'a', '--since', failed.startedAt)).toEqual([3]);
    expect(await ids('--limit', '1')).toEqual([3]);
    expect(await ids('--status', 'skipped')).toEqual([]);
  });

  it('runs prints a table with requests, bytes and records/s, and the error under a failed run', async () => {
    // A run recorded with traffic figures, as the pipeline records them.
    const db = openDatabase(join(dataDir, 'catalog.db'));
    try {
      const runs = new RunStore(db);
      const r = runs.start('a', 'schedule', 'incremental', 'test', '2026-01-01T00:00:00.000Z');
      const counts = {
        fetched: 9000,
        created: 10,
        updated: 20,
        unchanged: 8970,
        deleted: 0,
        quarantined: 0,
        failed: 0,
      };
      runs.finish(r.id, 'succeeded', 90, counts, '2026-01-01T00:00:03.000Z', null, { requests: 91, bytes: 1_500_000 });
    } finally {
      db.close();
    }
    const text = await cli('runs', '--source', 'a', '--until', '2026-01-02');
    expect(text.code).toBe(0);
    const [head, row, ...rest] = text.stdout.trimEnd().split('\n');
    expect(head!.split(/\s{2,}/)).toEqual([
      'ID',
      'SOURCE',
      'STATUS',
      'TRIGGER',
      'STRATEGY',
      'STARTED',
      'DURATION',
      'FETCHED',
      'CREATED',
      'UPDATED',
      'DELETED',
      'QUARANTINED',
      'REQUESTS',
      'BYTES',
      'REC/S',
    ]);
    expect(row!.split(/\s{2,}/)).toEqual([
      '4',
      'a',
      'succeeded',
      'schedule',
      'incremental',
      '2026-01-01T00:00:00.000Z',
      '3.0 s',
      '9000',
      '10',
      '20',
      '0',
      '0',
      '91',
      '1.5 MB',
      '3000',
    ]);
    expect(rest).toEqual([]);
    const withError = await cli('runs', '--status', 'failed');
    expect(withError.stdout).toMatch(/\n {4}server: .*500/);
    expect((await cli('runs', '--source', 'nobody')).stdout).toBe('no runs match\n');
  });

  it('bad options exit 2, naming the option and what it takes', async () => {
    const cases: [string[], string][] = [
      [
        ['runs', '--status', 'broken'],
        '--status: expected one of running, succeeded, failed, cancelled, skipped, needs_review, got "broken"',
      ],
      [['runs', '--since', 'yesterday'], '--since: expected an ISO 8601 time such as 2026-03-01T18:00:00Z'],
      [['runs', '--limit', '0'], '--limit: expected a whole number from 1 to 500, got "0"'],
      [
        ['runs', '--since', '2026-03-02', '--until', '2026-03-01'],
        '--since (2026-03-02T00:00:00.000Z) must be before --until',
      ],
      [['runs', '--full'], 'runs: --full does not apply; usage: syncflow runs [--source S]'],
      [['runs', 'a'], 'runs: unexpected argument "a"'],
      [['pause', 'nope'], 'pause: unknown source "nope"; configured: a, b'],
      [['pause', '--until', '2000-01-01T00:00:00Z'], '--until: 2000-01-01T00:00:00.000Z is in the past'],
      [['pause', '--status', 'failed'], 'pause: --status does not apply; usage: syncflow pause [source] [--until ISO]'],
      [['resume', 'a', 'b'], 'resume: unexpected argument "b"'],
      [['resume', 'nope'], 'resume: unknown source "nope"'],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(...args)));
    cases.forEach(([args, message], i) => {
      const r = results[i]!;
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toContain(message);
    });
  });

  it('a data dir that cannot be opened is a failure (exit 1), not a usage error', async () => {
    const r = await runCli(['runs', '--data-dir', configPath]); // a file, not a folder
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^syncflow: /);
  });

  it('pause holds for an agent opened later; resume reaches it while it runs', async () => {
    const until = '2099-01-01T00:00:00.000Z';
    const paused = await cli('pause', 'a', '--until', until);
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain(`paused: a until ${until}\n`);
    const status = JSON.parse((await cli('status', '--json')).stdout) as { metrics: { queue: { paused: unknown } } };
    expect(status.metrics.queue.paused).toEqual({ all: false, allUntil: null, sources: [{ source: 'a', until }] });

    const engine = await Engine.open({ dataDir, configPath, fileLogs: false });
    try {
      const runsOfA = async () => (await engine.listRuns({ limit: 100, source: 'a' })).length;
      const before = await runsOfA();
      const scheduled = engine.sync({ source: 'a', trigger: 'schedule' }); // held by the stored pause
      const [other] = await engine.sync({ source: 'b', trigger: 'startup' }); // b is not paused
      expect(other).toMatchObject({ source: 'b', status: 'succeeded' });
      await engine.tick();
      expect((await engine.getStatus({})).metrics!.queue).toMatchObject({ depth: 1, running: [] });
      expect(await runsOfA()).toBe(before);

      const resumed = await cli('resume', 'a', '--json');
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toEqual({ all: false, allUntil: null, sources: [] });
      await engine.tick(); // the agent's beat re-reads the pauses
      const [run] = await scheduled;
      expect(run).toMatchObject({ source: 'a', trigger: 'schedule', status: 'succeeded' });
      expect(await runsOfA()).toBe(before + 1);
    } finally {
      await engine.close();
    }
  });

  it('pause with no source holds every source, and status says so; resume ends it', async () => {
    const p = await cli('pause');
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^paused: all sources until resumed\n/);
    const status = (await cli('status')).stdout;
    expect(status).toContain('paused: all sources until resumed\n');
    // The last run's traffic is on each source's line (requests, bytes, records/s).
    expect(status).toMatch(
      / {2}a \(rest\): idle; last run succeeded \S+ \(\d+ requests, \d+(\.\d+)? k?B, \d+ records\/s\)/,
    );
    const r = await cli('resume');
    expect(r.stdout).toBe('not paused: automatic runs go ahead\n');
    expect((await cli('status')).stdout).not.toContain('paused:');
  });
});
