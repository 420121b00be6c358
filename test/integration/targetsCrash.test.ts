// A target that is down for a while, and a `syncflow push` killed with SIGKILL in the middle of a batch (a real
// child process), then everything back: the target ends equal to the catalog row by row, no change is lost, and no
// change is applied twice (a re-sent record carries the same content and Idempotency-Key as before).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine.js';
import { startJsonServer, type Middleware } from '../fixtures/jsonServer.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const customers = (tag: string, changed: (i: number) => boolean) =>
  Array.from({ length: 60 }, (_, i) => ({ id: `C${String(i).padStart(2, '0')}`, name: `Cliente ${i}${changed(i) ? tag : ''}`, city: 'Joinville' }));

describe('target down, push killed, target back', () => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'customers.json');
  const config = join(tmp.dir, 'syncflow.yaml');
  const dataDir = join(tmp.dir, 'data');
  const args = ['--config', config, '--data-dir', dataDir];
  let port = 0;
  let server: Awaited<ReturnType<typeof startJsonServer>> | null = null;
  /** Idempotency keys whose request changed the target's state, and how often. */
  const applied = new Map<string, number>();
  const lastBody = new Map<string, string>();
  let holdAfter = Infinity;
  let writes = 0;
  let onHold: (() => void) | null = null;

  const recorder: Middleware = (req, res, next) => {
    if (req.method === 'GET') return next();
    writes++;
    if (writes > holdAfter) {
      // The push is stuck here until the test kills it; the request never completes.
      onHold?.();
      return;
    }
    const body = req.body as { id?: string } | undefined;
    const id = body?.id ?? decodeURIComponent(req.url!.split('/').pop()!);
    const text = JSON.stringify(body ?? null);
    if (lastBody.get(id) !== text) {
      const key = String(req.headers['idempotency-key']);
      applied.set(key, (applied.get(key) ?? 0) + 1);
      lastBody.set(id, text);
    }
    next();
  };

  const up = async () => {
    server = await startJsonServer({ customers: [] }, { before: recorder, port });
    port = Number(new URL(server.url).port);
  };
  const writeConfig = () =>
    writeFileSync(
      config,
      [
        'syncOnStart: false',
        'resilience: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 }',
        'sources:',
        `  - { name: crm, kind: file, entity: customers, path: ${JSON.stringify(file)}, format: json, mapping: { fields: { id: id, name: name, city: city } } }`,
        'targets:',
        `  - { name: erp, kind: rest, entity: customers, baseUrl: "http://127.0.0.1:${port}", path: /customers, batchSize: 5, timeoutMs: 2000 }`,
        '',
      ].join('\n'),
    );

  beforeAll(async () => {
    await up();
    writeConfig();
    writeFileSync(file, JSON.stringify(customers('', () => false)));
  });
  afterAll(async () => {
    await server?.close();
    tmp.cleanup();
  });

  it('ends with the target equal to the catalog, nothing lost, nothing applied twice', async () => {
    expect((await runCli(['sync', ...args])).code).toBe(0);
    // Down: the push fails as a network error and keeps its offset.
    await server!.close();
    server = null;
    const down = await runCli(['push', 'erp', '--json', ...args]);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout.trim())).toMatchObject({ target: 'erp', status: 'failed', error: { class: 'network' } });
    const listed = await runCli(['targets', '--json', ...args]);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ name: 'erp', offset: 0, lag: 60 });

    // Back, but the push is killed while a batch is in flight (after 23 writes, PUT 404 + POST per new record: the
    // third batch of five).
    await up();
    holdAfter = 23;
    const held = new Promise<void>((resolve) => (onHold = resolve));
    const child = spawn(process.execPath, [cliPath, 'push', 'erp', '--json', ...args], { cwd: repoRoot, env: { ...process.env, SYNCFLOW_CONFIG: '' } });
    const exited = new Promise<string | null>((resolve) => child.once('exit', (_c, signal) => resolve(signal)));
    await held;
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    holdAfter = Infinity;

    // Meanwhile the catalog moves on.
    writeFileSync(file, JSON.stringify(customers(' (editado)', (i) => i % 6 === 0)));
    expect((await runCli(['sync', ...args])).code).toBe(0);

    const again = await runCli(['push', 'erp', '--json', ...args]);
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout.trim()) as { status: string; counts: { sent: number; failed: number } };
    expect(result.status).toBe('succeeded');
    expect(result.counts.failed).toBe(0);

    const engine = await Engine.open({ dataDir, configPath: config, fileLogs: false });
    try {
      const records = [...engine.records.iterate('customers')];
      const catalog = records.map((r) => ({ id: r.id, name: r.data.name, city: r.data.city }));
      // The final version of every record reached the target exactly once.
      for (const r of records) expect(applied.get(`erp:customers:${r.id}:${r.syncVersion}`)).toBe(1);
      const target = ((await (await fetch(`${server!.url}/customers?_sort=id`)).json()) as { id: string; name: string; city: string }[])
        .map(({ id, name, city }) => ({ id, name, city }));
      expect(target).toEqual(catalog);
      expect(catalog.filter((c) => String(c.name).endsWith('(editado)'))).toHaveLength(10);
      const [t] = await engine.listTargets({});
      expect(t).toMatchObject({ lag: 0 });
      // The killed run is closed as failed by the next start; the history shows all three pushes.
      const runs = await engine.listRuns({ source: 'erp', limit: 10 });
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed']);
    } finally {
      await engine.close();
    }
    // No version was applied twice (earlier versions of the records edited after they were pushed included).
    expect([...applied.values()].every((n) => n === 1)).toBe(true);
    expect(applied.size).toBeGreaterThan(60);
  });
});
