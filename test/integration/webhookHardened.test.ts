// The webhook receiver against replays and oversized bodies, over real HTTP: a signed body sent again within the
// replay window is acknowledged and starts nothing, a signed timestamp outside the window is refused, truncated
// or empty HMACs are refused, and a body over the limit gets 413 (not a reset).
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

describe('webhook receiver, hardened', () => {
  let source: FaultySource;
  let engine: Engine;
  const tmp = tempDir();
  let base = '';

  beforeAll(async () => {
    process.env.SYNCFLOW_TEST_HOOK_REPLAY = 'replay-secret-1';
    source = await startFaultySource(20, 'W');
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        webhooks: { enabled: true },
        sources: [
          faultySourceConfig('hooked', source.url, {
            webhook: { secret: '${env:SYNCFLOW_TEST_HOOK_REPLAY}', verify: 'hmac', header: 'X-Signature', timestampHeader: 'X-Timestamp' },
          }),
        ],
      }),
    });
    await engine.startAgent({ tickMs: 0 });
    base = engine.webhookUrl!;
  });
  afterAll(async () => {
    await engine?.close();
    await source?.close();
    tmp.cleanup();
  });

  const hmac = (bytes: string) => createHmac('sha256', 'replay-secret-1').update(bytes).digest('hex');
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${base}/webhooks/hooked`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const finishedRun = () =>
    new Promise<SyncRun>((resolve) => {
      const off = engine.events.on('runFinished', (r) => {
        off();
        resolve(r);
      });
    });

  it('refuses an empty sha256= and a signature cut to its first 8 hex characters', async () => {
    const body = JSON.stringify({ EntityId: 'W000001' });
    const good = hmac(body);
    expect((await post(body, { 'X-Signature': 'sha256=' })).status).toBe(401);
    expect((await post(body, { 'X-Signature': `sha256=${good.slice(0, 8)}` })).status).toBe(401);
    expect((await post(body, { 'X-Signature': good.slice(0, 63) })).status).toBe(401);
    expect(engine.queue.depth).toBe(0);
    expect(await engine.listRuns({ limit: 10 })).toEqual([]);
  });

  it('the same signed body sent 4 times starts one run; the repeats are acknowledged and ignored', async () => {
    const body = JSON.stringify({ EntityType: 'Product', EntityId: 'W000002', ChangeType: 'Update' });
    const done = finishedRun();
    const answers: Array<[number, unknown]> = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(body, { 'X-Signature': `sha256=${hmac(body)}` });
      answers.push([res.status, await res.json()]);
    }
    expect(answers).toEqual([
      [202, { accepted: 1 }],
      [200, { accepted: 0, duplicate: true }],
      [200, { accepted: 0, duplicate: true }],
      [200, { accepted: 0, duplicate: true }],
    ]);
    await done;
    expect(engine.queue.depth).toBe(0);
    expect((await engine.listRuns({ limit: 10 })).filter((r) => r.trigger === 'webhook')).toHaveLength(1);
  });

  it('an event id makes a repeat a repeat even when the bytes differ', async () => {
    const done = finishedRun();
    const a = JSON.stringify({ EventId: 'evt-77', EntityId: 'W000003' });
    const b = JSON.stringify({ EventId: 'evt-77', EntityId: 'W000003', retry: 1 });
    expect((await post(a, { 'X-Signature': hmac(a) })).status).toBe(202);
    expect((await post(b, { 'X-Signature': hmac(b) })).status).toBe(200);
    await done;
    expect((await engine.listRuns({ limit: 10 })).filter((r) => r.trigger === 'webhook')).toHaveLength(2);
  });

  it('a signed timestamp: the HMAC covers it, an old one is refused, a fresh one is accepted once', async () => {
    const body = JSON.stringify({ EntityId: 'W000004' });
    const now = Math.floor(Date.now() / 1000);
    const old = String(now - 3600);
    expect((await post(body, { 'X-Timestamp': old, 'X-Signature': hmac(`${old}.${body}`) })).status).toBe(401);
    const fresh = String(now);
    // Signed over the body alone while a timestamp is sent: the timestamp is not covered, so refused.
    expect((await post(body, { 'X-Timestamp': fresh, 'X-Signature': hmac(body) })).status).toBe(401);
    const done = finishedRun();
    expect((await post(body, { 'X-Timestamp': fresh, 'X-Signature': hmac(`${fresh}.${body}`) })).status).toBe(202);
    expect((await post(body, { 'X-Timestamp': fresh, 'X-Signature': hmac(`${fresh}.${body}`) })).status).toBe(200);
    await done;
  });

  it('answers 413 to a body over the limit, not a connection reset', async () => {
    const big = JSON.stringify({ EntityId: 'W000005', pad: 'x'.repeat(300 * 1024) });
    const res = await post(big, { 'X-Signature': hmac(big) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringContaining('larger than') });
    // Sent in chunks without a declared length: the same answer.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/webhooks/hooked`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 30; i++) req.write('x'.repeat(10 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });
});
