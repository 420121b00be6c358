// The search index build after a bulk load resumes after kill -9: a real `syncflow sync` child is killed twice while
// the index is being built (each time after it committed a chunk), and each next process continues the same build
// instead of starting it again. The finished index must equal a full rebuild.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchInput } from '../../src-shared/api.js';
import { startDemoServer, type DemoServer } from '../../src-main/demo/demoServer.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase } from '../../src-main/engine/store/database.js';
import { scratchPath } from '../../src-main/engine/store/ftsBulkBuilder.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SIZE = 12_000;
const CHUNK = 1_000;

interface Progress {
  hi: number;
  runs: number;
}

/** The build's committed progress in its scratch file, or null before it has any. */
function progress(scratch: string): Progress | null {
  if (!existsSync(scratch)) return null;
  try {
    const db = new Database(scratch, { readonly: true, fileMustExist: true });
    try {
      return db.prepare<[], Progress>('SELECT hi, runs FROM build_progress').get() ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null; // being created
  }
}

/** Runs `syncflow <args>` and SIGKILLs it once the build's progress satisfies `when` (checked as the child runs). */
function killWhen(args: string[], env: NodeJS.ProcessEnv, scratch: string, when: (p: Progress) => boolean): Promise<Progress> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, SYNCFLOW_CONFIG: '', ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setInterval(() => {
      const p = progress(scratch);
      if (p && when(p) && child.exitCode === null) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 5);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearInterval(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`sync ended (code ${code}) before the kill:\n${output}`));
      const p = progress(scratch);
      return p ? resolve(p) : reject(new Error('no build progress after the kill'));
    });
  });
}

describe('search index build after a bulk load, killed -9', () => {
  let demo: DemoServer;
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  const dbFile = join(dataDir, 'catalog.db');
  const scratch = scratchPath(dbFile);
  const config = join(tmp.dir, 'syncflow.yaml');
  const env = { SYNCFLOW_BUILD_KEY: '', SYNCFLOW_SEARCH_BUILD_CHUNK: String(CHUNK) };
  const args = ['sync', 'big', '--json', '--data-dir', dataDir, '--config', config];

  beforeAll(async () => {
    demo = await startDemoServer({ size: SIZE });
    env.SYNCFLOW_BUILD_KEY = demo.userKey;
    writeFileSync(config, `syncOnStart: false\nsources:\n  - { name: big, kind: ploomes, baseUrl: "${demo.url}", apiKey: "\${env:SYNCFLOW_BUILD_KEY}" }\n`);
  });
  afterAll(async () => {
    await demo?.close();
    tmp.cleanup();
  });

  it('resumes from the last committed chunk after each kill and ends equal to a full rebuild', async () => {
    const first = await killWhen(args, env, scratch, (p) => p.hi > 0);
    expect(first.runs).toBe(1);
    expect(first.hi).toBeGreaterThan(0);
    expect(first.hi).toBeLessThan(SIZE);
    const meta = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return {
          stale: db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'fts_stale'").get()?.value,
          products: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM products').get()!.n,
        };
      } finally {
        db.close();
      }
    };
    expect(meta()).toEqual({ stale: '1', products: SIZE });

    // The next process takes the same build over (a restart would rewrite the progress with runs = 1, hi from 0).
    const second = await killWhen(args, env, scratch, (p) => p.runs === 2 && p.hi > first.hi);
    expect(second.runs).toBe(2);
    expect(second.hi).toBeGreaterThan(first.hi);
    expect(meta().stale).toBe('1');

    const last = await runCli(args, env);
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ status: 'succeeded' });
    expect(meta()).toEqual({ stale: '0', products: SIZE });
    expect(readdirSync(dataDir).filter((f) => f.includes('search-build'))).toEqual([]);

    const db = openDatabase(dbFile);
    const store = new CatalogStore(db);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const t of ['products_fts', 'products_name_fts']) {
        db.exec(`INSERT INTO ${t}(${t}) VALUES('integrity-check')`);
        expect(db.prepare(`SELECT count(*) AS n FROM ${t}_docsize`).get(), t).toEqual({ n: SIZE });
      }
      const queries = ['compressor', 'filtro', 'atlas copco', 'CIA_', 'válvula', 'ingersoll'];
      const results = () =>
        queries.map((q) => {
          const r = store.search(searchInput.parse({ query: q, limit: 50 }));
          return { q, total: r.total, ids: r.items.map((i) => i.id) };
        });
      const resumed = results();
      expect(resumed.filter((r) => r.total > 0).length).toBeGreaterThanOrEqual(3);
      store.fts.rebuildNow();
      expect(results()).toEqual(resumed);
    } finally {
      await store.close();
      db.close();
    }
  }, 240_000);
});
