// Health for monitoring systems, over the real HTTP bridge and the real CLI: one word without the token, the detail
// with it, and the word follows freshness, failures and the breaker.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { HealthReport } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startHttpBridge, type HttpBridge } from '../../src-main/server/httpBridge.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('health', () => {
  const tmp = tempDir();
  let source: FaultySource;
  let engine: Engine;
  let bridge: HttpBridge;
  let clock = Date.now();
  const raw = () => ({
    sources: [faultySourceConfig('erp', source.url)],
    resilience: { maxRetries: 0, breakerThreshold: 2, breakerCooldownMs: 60_000 },
    alerts: { staleAfterHours: 24 },
    syncOnStart: false,
  });

  beforeAll(async () => {
    source = await startFaultySource(60);
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse(raw()),
      now: () => clock,
    });
    bridge = await startHttpBridge(engine, { staticDir: null });
  });
  afterAll(async () => {
    await bridge?.close();
    await engine?.close();
    await source?.close();
    tmp.cleanup();
  });

  const publicHealth = async () => {
    const res = await fetch(`${bridge.url}/health`);
    return { code: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const detail = async () => {
    const res = await fetch(`${bridge.url}/api/health`, { headers: { authorization: `Bearer ${bridge.token}` } });
    expect(res.status).not.toBe(401);
    return { code: res.status, body: (await res.json()) as HealthReport };
  };

  it('answers one word without the token and the detail only with it', async () => {
    // Nothing synced yet: the catalog is empty, so not ok, but nothing is broken either.
    expect(await publicHealth()).toEqual({ code: 200, body: { status: 'degraded' } });
    expect((await fetch(`${bridge.url}/api/health`)).status).toBe(401);
    expect((await fetch(`${bridge.url}/api/health`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    expect((await engine.syncNow({ full: false }))[0]!.status).toBe('succeeded');
    const open = await publicHealth();
    expect(open).toEqual({ code: 200, body: { status: 'ok' } });
    const { body } = await detail();
    expect(body.status).toBe('ok');
    expect(body.sources).toEqual([{ name: 'erp', status: 'ok', reasons: [], lastSuccessAt: expect.any(String) }]);
  });

  it('is degraded when the data is stale, and down when the breaker opens', async () => {
    clock = Date.now() + 25 * 3_600_000;
    expect(await publicHealth()).toEqual({ code: 200, body: { status: 'degraded' } });
    expect((await detail()).body.sources[0]!.reasons).toEqual([
      expect.stringMatching(/^data is 2[45] h old \(stale after 24 h\)$/),
    ]);

    clock = Date.now();
    source.faults.push({ kind: 'status', status: 500 });
    expect((await engine.syncNow({ full: false }))[0]!.status).toBe('failed');
    const one = await detail();
    expect(one).toMatchObject({
      code: 200,
      body: { status: 'degraded', sources: [{ reasons: ['the last run failed'] }] },
    });

    source.faults.push({ kind: 'status', status: 500 });
    expect((await engine.syncNow({ full: false }))[0]!.status).toBe('failed');
    expect(await publicHealth()).toEqual({ code: 503, body: { status: 'down' } });
    expect((await detail()).body).toMatchObject({
      status: 'down',
      sources: [{ status: 'down', reasons: ['circuit breaker open', 'the last run failed'] }],
    });
  });

  it('syncflow health --json answers the same from the run history, exit 1 when down', async () => {
    writeFileSync(join(tmp.dir, 'syncflow.yaml'), stringify(raw()));
    // A separate process has a fresh (closed) breaker: the failures in a row in the history still say down.
    const r = await runCli(['health', '--json', '--data-dir', tmp.dir]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as HealthReport;
    expect(report).toMatchObject({
      status: 'down',
      sources: [{ name: 'erp', reasons: ['2 failed runs in a row', 'the last run failed'] }],
    });

    source.faults.length = 0;
    clock = Date.now() + 61_000; // past the breaker's cool-down: the probe run goes through
    expect((await engine.syncNow({ full: true }))[0]!.status).toBe('succeeded');
    const ok = await runCli(['health', '--data-dir', tmp.dir]);
    expect({ code: ok.code, out: ok.stdout }).toEqual({ code: 0, out: 'ok\n  erp: ok\n' });
  });
});
