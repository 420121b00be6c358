// Crash safety: a child `syncflow sync` of a 100,000-product source is killed with SIGKILL at pseudo-random points
// (each right after a page it reported as committed), then a last run finishes the job. The catalog must equal the
// source record by record, every record created exactly once, and SQLite must report no corruption.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src-main/demo/demoServer.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { mulberry32 } from '../../src-main/demo/demoCatalog.js';
import { createdCounts } from '../chaos/compare.js';

const SIZE = 100_000;


/** Runs `syncflow sync` and SIGKILLs it as soon as it reports `target` records committed; returns what it reported. */
function syncUntilKilled(args: string[], env: NodeJS.ProcessEnv, target: number): Promise<{ reported: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, SYNCFLOW_CONFIG: '', ...env } });
    let reported = 0;
    let buffered = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      buffered += d.toString();
      output += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^progress \S+ run \d+ fetched (\d+)/.exec(line);
        if (!m) continue;
        reported = Number(m[1]);
        if (reported >= target && child.exitCode === null) child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`sync ended (code ${code}) before record ${target} was reached:\n${output}`));
      else resolve({ reported, signal });
    });
  });
}

describe('crash safety of a full sync', () => {
  let demo: DemoServer;
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  const config = join(tmp.dir, 'syncflow.yaml');
  const env = { SYNCFLOW_CRASH_KEY: '' };
  const args = ['sync', 'big', '--progress', '--json', '--data-dir', dataDir, '--config', config];

  beforeAll(async () => {
    demo = await startDemoServer({ size: SIZE });
    env.SYNCFLOW_CRASH_KEY = demo.userKey;
    writeFileSync(
      config,
      `syncOnStart: false\nsources:\n  - { name: big, kind: ploomes, baseUrl: "${demo.url}", apiKey: "\${env:SYNCFLOW_CRASH_KEY}" }\n`,
    );
  });
  afterAll(async () => {
    await demo?.close();
    tmp.cleanup();
  });

  it('killed -9 at five points, resumes from the checkpoint each time and ends with an exact copy', async () => {
    const seed = Number(process.env.SYNCFLOW_CRASH_SEED ?? 20261123);
    const random = mulberry32(seed).next;
    const targets = Array.from({ length: 5 }, (_, i) => Math.floor(((i + random()) / 5) * 0.95 * SIZE) + 1);
    let lastCheckpoint = 0;
    // Records the vendor edits between kills in the part a killed run already committed: the resumed pass does not
    // read them again, so the cursor it leaves must send the next incremental back for them.
    let editedCommitted = 0;
    for (const target of targets) {
      const { reported } = await syncUntilKilled(args, env, target);
      expect(reported, `seed ${seed}`).toBeGreaterThanOrEqual(target);
      const db = new Database(join(dataDir, 'catalog.db'), { readonly: true });
      try {
        const cp = db.prepare<[], { full_offset: number | null }>("SELECT full_offset FROM checkpoints WHERE source = 'big'").get();
        // What was reported was committed first; the kill may have let a few more pages through, never fewer.
        expect(cp?.full_offset).toBeGreaterThanOrEqual(reported);
        expect(cp!.full_offset!).toBeGreaterThan(lastCheckpoint);
        lastCheckpoint = cp!.full_offset!;
        const n = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM products').get()!.n;
        expect(n).toBe(lastCheckpoint);
        // The killed run's requests and bytes were saved with its pages.
        const killed = db.prepare<[], { requests: number; bytes: number }>('SELECT requests, bytes FROM sync_runs ORDER BY id DESC LIMIT 1').get()!;
        expect(killed.requests).toBeGreaterThan(0);
        expect(killed.bytes).toBeGreaterThan(0);
        const loaded = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM products WHERE id = ?');
        editedCommitted += demo.mutate(5).filter((id) => loaded.get(String(id)) !== undefined).length;
      } finally {
        db.close();
      }
    }

    const last = await runCli(args, env);
    expect(last.code, last.stderr).toBe(0);
    const run = JSON.parse(last.stdout) as { status: string; strategyReason: string; counts: { fetched: number; created: number } };
    expect(run.status).toBe('succeeded');
    expect(run.strategyReason).toBe(`resuming an interrupted full sync at record ${lastCheckpoint}`);
    expect(run.counts.fetched).toBe(SIZE - lastCheckpoint);
    expect(run.counts.fetched).toBeLessThan(SIZE);
    expect((run as { notes?: string[] }).notes?.join(' ')).toMatch(new RegExp(`the full pass \\(runs \\d+–\\d+\\) fetched \\d+, created ${SIZE},`));

    expect(editedCommitted, `seed ${seed}`).toBeGreaterThan(0);
    const catchUp = await runCli(args, env);
    expect(catchUp.code, catchUp.stderr).toBe(0);
    const inc = JSON.parse(catchUp.stdout) as { strategy: string; counts: { updated: number } };
    expect(inc.strategy).toBe('incremental');
    expect(inc.counts.updated).toBeGreaterThanOrEqual(editedCommitted);

    const db = new Database(join(dataDir, 'catalog.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare<[], { id: string; name: string; code: string | null; price: number | null; source_updated_at: string | null; deleted_at: string | null }>(
          'SELECT id, name, code, price, source_updated_at, deleted_at FROM products',
        )
        .all();
      expect(rows).toHaveLength(SIZE);
      for (const row of rows) {
        const src = demo.product(Number(row.id));
        expect(src, `catalog has ${row.id}, the source does not`).toBeDefined();
        expect({ name: row.name, code: row.code, price: row.price, updated: row.source_updated_at, deleted: row.deleted_at }).toEqual({
          name: src!.Name,
          code: src!.Code,
          price: src!.UnitPrice,
          updated: new Date(src!.LastUpdateDate).toISOString(),
          deleted: null,
        });
      }
      // Each record was created exactly once across all the killed runs and the last one.
      expect(createdCounts(db)).toEqual({ n: SIZE, ids: SIZE });
      // The search index (built alongside the last, resumed load) holds every product once, and no scratch file
      // of a killed load is left behind.
      for (const t of ['products_fts', 'products_name_fts']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${t}_docsize`).get(), t).toEqual({ n: SIZE });
      }
      expect(readdirSync(dataDir).filter((f) => f.includes('search-build'))).toEqual([]);
      const statuses = db.prepare<[], { status: string }>('SELECT status FROM sync_runs ORDER BY id').all().map((r) => r.status);
      expect(statuses).toEqual([...targets.map(() => 'failed'), 'succeeded', 'succeeded']);
    } finally {
      db.close();
    }
  }, 300_000);
});
