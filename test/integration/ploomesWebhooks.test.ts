// Webhooks the Ploomes way, against a fake Ploomes: `syncflow ploomes webhooks register` subscribes product
// create/update/delete with a generated validation key kept as a secret reference, the receiver accepts exactly
// that key (in the body, where Ploomes puts it), a Deal event is acknowledged and counted but starts no run, and
// list/remove round-trip against the fake `/Webhooks`.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { ploomesCommand } from '../../src-main/cliPloomes.js';
import { PLOOMES_KEY, startPloomesApi, type PloomesApi } from '../fixtures/ploomesApi.js';
import { tempDir } from '../helpers/tmp.js';

const PUBLIC = 'https://hooks.example.test/syncflow';

async function cli(dataDir: string, config: string, rest: string[], values: Record<string, string | boolean> = {}) {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const code = await ploomesCommand({ dataDir, configPath: config, rest, given: Object.keys(values), values });
    return { code, stdout };
  } finally {
    spy.mockRestore();
  }
}

describe('Ploomes webhooks', () => {
  let api: PloomesApi;
  const tmp = tempDir();
  let config = '';

  beforeAll(async () => {
    api = await startPloomesApi();
    process.env.SYNCFLOW_TEST_PLOOMES_HOOKS_KEY = PLOOMES_KEY;
    config = join(tmp.dir, 'syncflow.yaml');
    writeFileSync(
      config,
      `# Ploomes account\nsyncOnStart: false\nwebhooks:\n  port: 0\nsources:\n  - name: ploomes\n    kind: ploomes\n    baseUrl: ${api.url}\n    apiKey: \${env:SYNCFLOW_TEST_PLOOMES_HOOKS_KEY}\n`,
    );
  });
  afterAll(async () => {
    await api?.close();
    tmp.cleanup();
  });

  it('register without a public URL names webhooks.publicUrl and registers nothing', async () => {
    await expect(cli(tmp.dir, config, ['webhooks', 'register'])).rejects.toThrow(/webhooks\.publicUrl/);
    expect(api.webhooks).toEqual([]);
  });

  it('register subscribes create, update and delete with a key kept as a secret reference, once', async () => {
    const first = await cli(tmp.dir, config, ['webhooks', 'register'], { 'public-url': PUBLIC });
    expect(first.code).toBe(0);
    const callback = `${PUBLIC}/webhooks/ploomes`;
    expect(api.webhooks.map((h) => [h.EntityId, h.ActionId, h.CallbackUrl])).toEqual([
      [7, 1, callback],
      [7, 2, callback],
      [7, 3, callback],
    ]);
    const keyFile = join(tmp.dir, 'secrets', 'ploomes-webhook-key');
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    expect(new Set(api.webhooks.map((h) => h.ValidationKey))).toEqual(new Set([key]));
    const yaml = readFileSync(config, 'utf8');
    expect(yaml).not.toContain(key);
    expect(yaml).toContain(`\${file:${keyFile}}`);
    expect(yaml).toContain('verify: ploomes');
    expect(yaml).toContain(`publicUrl: ${PUBLIC}`);
    expect(yaml).toContain('# Ploomes account'); // the operator's comments stay

    const again = await cli(tmp.dir, config, ['webhooks', 'register']);
    expect(again.stdout).toContain('registered 0 webhook(s)');
    expect(api.webhooks).toHaveLength(3);
    expect(readFileSync(keyFile, 'utf8')).toBe(key); // the key Ploomes holds is kept

    const listed = await cli(tmp.dir, config, ['webhooks', 'list'], { json: true });
    const hooks = JSON.parse(listed.stdout) as { Id: number; ours: boolean; ValidationKey?: string }[];
    expect(hooks.map((h) => h.ours)).toEqual([true, true, true]);
  });

  describe('the receiver with the registered key', () => {
    let engine: Engine;
    let base = '';
    let key = '';
    const finished: SyncRun[] = [];
    beforeAll(async () => {
      key = readFileSync(join(tmp.dir, 'secrets', 'ploomes-webhook-key'), 'utf8');
      engine = await Engine.open({ dataDir: join(tmp.dir, 'agent'), configPath: config, fileLogs: false });
      engine.events.on('runFinished', (r) => finished.push(r));
      await engine.startAgent({ tickMs: 0 });
      base = `${engine.webhookUrl!}/webhooks/ploomes`;
    });
    afterAll(async () => {
      await engine?.close();
    });
    const post = (body: object) => fetch(base, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

    it('a Deal event is acknowledged and counted, and starts no run', async () => {
      const res = await post({ Entity: 'Deals', Action: 'Update', ResourceId: 1001, ValidationKey: key });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 0, ignored: 'Deal' });
      expect(engine.queue.depth).toBe(0);
      expect(await engine.listRuns({ limit: 10 })).toEqual([]);
      const status = await engine.getStatus({});
      expect(status.webhooks).toMatchObject({ publicUrl: PUBLIC, sources: [{ source: 'ploomes', accepted: 0, ignored: { Deal: 1 } }] });
    });

    it('a product event with another key is refused; with the registered key it refreshes the product', async () => {
      const wrong = await post({ Entity: 'Product', Action: 'Update', ResourceId: 1001, ValidationKey: 'not-the-key' });
      expect(wrong.status).toBe(401);
      const done = new Promise<SyncRun>((resolve) => {
        const off = engine.events.on('runFinished', (r) => {
          off();
          resolve(r);
        });
      });
      const res = await post({ Entity: 'Product', Action: 'Update', ResourceId: 1001, ValidationKey: key });
      expect(res.status).toBe(202);
      const run = await done;
      expect(run).toMatchObject({ trigger: 'webhook', strategy: 'realtime', status: 'succeeded' });
      expect(run.counts.created).toBe(1);
      expect((await engine.getProduct({ id: '1001' }))?.code).toBe('CIA_SRV_0000');
      const status = await engine.getStatus({});
      expect(status.webhooks?.sources[0]).toMatchObject({ accepted: 1, rejected: 1, ignored: { Deal: 1 } });
    });

    it('?urgency= on the callback sets the run\'s urgency: low folds the named record into an incremental', async () => {
      const bad = await fetch(`${base}?urgency=soon`, { method: 'POST', body: JSON.stringify({ Entity: 'Product', ResourceId: 1002, ValidationKey: key }) });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('urgency: expected one of low, normal, critical');
      const done = new Promise<SyncRun>((resolve) => {
        const off = engine.events.on('runFinished', (r) => {
          off();
          resolve(r);
        });
      });
      const res = await fetch(`${base}?urgency=low`, { method: 'POST', body: JSON.stringify({ Entity: 'Product', ResourceId: 1002, ValidationKey: key }) });
      expect(res.status).toBe(202);
      const run = await done;
      expect(run.strategy).not.toBe('realtime');
      expect(run.strategyReason).toMatch(/^1 record\(s\) named with low urgency wait for an incremental/);
    });
  });

  it('remove deletes this agent\'s subscriptions and leaves the others', async () => {
    api.webhooks.push({ Id: 1, EntityId: 2, ActionId: 2, CallbackUrl: 'https://crm.example.test/deals', ValidationKey: 'x' });
    const res = await cli(tmp.dir, config, ['webhooks', 'remove']);
    expect(res.stdout).toContain('removed 3 webhook(s)');
    expect(api.webhooks.map((h) => h.Id)).toEqual([1]);
    await expect(cli(tmp.dir, config, ['webhooks', 'remove'], { id: '999' })).rejects.toThrow(/no webhook with Id 999/);
  });
});
