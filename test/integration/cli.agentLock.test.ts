// The data dir's agent lock between real processes: a `syncflow serve` child in the middle of a sync, and CLI
// commands run next to it. Read-only commands work and leave the agent's run alone; `sync` is refused. A lock left by
// a dead process is stale: `status` recovers the run it left 'running', `sync` takes the lock over.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { agentLockPath, readAgentLock } from '../../src-main/engine/agentLock.js';
import { openDatabase } from '../../src-main/engine/store/database.js';
import { RunStore } from '../../src-main/engine/store/runStore.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { runCli } from '../helpers/cli.js';
import { startCli, type Started } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';

/** Reads runs straight from the SQLite file, as another process sees them. */
function withRuns<T>(dataDir: string, fn: (runs: RunStore) => T): T {
  const db = openDatabase(join(dataDir, 'catalog.db'));
  try {
    return fn(new RunStore(db));
  } finally {
    db.close();
  }
}

describe('agent lock between serve, status and sync', () => {
  const tmp = tempDir();
  const configPath = join(tmp.dir, 'syncflow.yaml');
  let a: FaultySource;
  let serve: Started | undefined;
  const cli = (dataDir: string, ...args: string[]) => runCli([...args, '--data-dir', dataDir, '--config', configPath]);

  beforeAll(async () => {
    a = await startFaultySource(120, 'A');
    // JSON is YAML. A hung page waits (up to the 2-minute timeout) until the test cancels the run.
    writeFileSync(
      configPath,
      JSON.stringify({
        syncOnStart: false,
        resilience: { maxRetries: 0 },
        sources: [faultySourceConfig('a', a.url, { timeoutMs: 120_000 })],
      }),
    );
  });
  afterAll(async () => {
    await serve?.stop();
    await a.close();
    tmp.cleanup();
  });

  it('next to a live serve: status, search and runs work and leave its running run running; sync is refused', async () => {
    const dataDir = join(tmp.dir, 'live');
    serve = await startCli(['serve', '--no-sync', '--data-dir', dataDir, '--config', configPath], /Syncflow UI: (\S+)/);
    const pid = serve.child.pid!;
    expect(readAgentLock(dataDir)).toMatchObject({ pid, kind: 'serve', hostname: hostname() });
    const ui = new URL(serve.match[1]!);
    const call = (method: string, body: unknown) =>
      fetch(`${ui.origin}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ui.searchParams.get('token')}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    a.faults.push({ kind: 'hang' });
    const syncing = call('syncNow', { source: 'a' }); // answers when the run ends
    await a.waitForRequests(1); // the run is recorded before its first request
    const [running] = withRuns(dataDir, (r) => r.list({ limit: 10 }));
    expect(running).toMatchObject({ id: 1, source: 'a', status: 'running' });

    const status = await cli(dataDir, 'status');
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`agent: serve, pid ${pid}`);
    expect((await cli(dataDir, 'status', '--json')).code).toBe(0);
    expect((await cli(dataDir, 'search', 'valvula', '--json')).code).toBe(0);
    const listed = await cli(dataDir, 'runs', '--json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as SyncRun[]).map((r) => [r.id, r.status])).toEqual([[1, 'running']]);

    const refused = await cli(dataDir, 'sync', 'a', '--json');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`serve, pid ${pid}`);
    expect(refused.stderr).toContain('Sync now');
    expect(a.requests).toBe(1); // the refused sync asked the source nothing and recorded no run
    expect(withRuns(dataDir, (r) => r.list({ limit: 10 }).map((x) => [x.id, x.status]))).toEqual([[1, 'running']]);
    expect(readAgentLock(dataDir)?.pid).toBe(pid);

    // The agent's run is still its own: it can cancel it, and it ends cancelled, not failed by someone else.
    const cancelled = (await (await call('cancelSync', { source: 'a' })).json()) as { ok: boolean };
    expect(cancelled.ok).toBe(true);
    const ended = (await (await syncing).json()) as { ok: boolean; result: SyncRun[] };
    expect(ended.result[0]).toMatchObject({ id: 1, status: 'cancelled' });

    await serve.stop();
    expect(serve.child.exitCode).toBe(0);
    expect(existsSync(agentLockPath(dataDir))).toBe(false); // released on close

    const after = await cli(dataDir, 'sync', 'a', '--json');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ runId: 2, status: 'succeeded' });
    expect(existsSync(agentLockPath(dataDir))).toBe(false);
  });

  it('a lock left by a dead process is stale: status fails its running run, sync takes the lock over', async () => {
    const dataDir = join(tmp.dir, 'stale');
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    expect((await cli(dataDir, 'runs')).code).toBe(0); // creates the database
    const lock = {
      pid: dead.pid,
      hostname: hostname(),
      kind: 'serve',
      startedAt: new Date().toISOString(),
      token: 'gone',
    };
    writeFileSync(agentLockPath(dataDir), JSON.stringify(lock));
    const left = withRuns(dataDir, (r) =>
      r.start('a', 'manual', 'full', 'left running by a killed agent', new Date().toISOString()),
    );

    const status = await cli(dataDir, 'status');
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain('agent:');
    expect(withRuns(dataDir, (r) => r.get(left.id))).toMatchObject({
      status: 'failed',
      error: { class: 'unknown', message: expect.stringContaining('crash or kill') as unknown },
    });
    expect(readAgentLock(dataDir)?.pid).toBe(dead.pid); // a reader does not take the lock

    const again = withRuns(dataDir, (r) => r.start('a', 'manual', 'full', 'left again', new Date().toISOString()));
    const sync = await cli(dataDir, 'sync', 'a', '--json');
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ source: 'a', status: 'succeeded' });
    expect(withRuns(dataDir, (r) => r.get(again.id))?.status).toBe('failed');
    expect(existsSync(agentLockPath(dataDir))).toBe(false);
  });
});
