// The headless face over real HTTP: token, Host check, input validation, and events over SSE.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { demoConfig } from '../../src-shared/config.js';
import { startDemoServer } from '../../src-main/demo/demoServer.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startHttpBridge, type HttpBridge } from '../../src-main/server/httpBridge.js';
import { tempDir } from '../helpers/tmp.js';

describe('HTTP bridge', () => {
  const tmp = tempDir();
  let engine: Engine;
  let bridge: HttpBridge;

  beforeAll(async () => {
    const staticDir = join(tmp.dir, 'ui');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Syncflow</title>');
    engine = await Engine.open({ dataDir: join(tmp.dir, 'data'), config: demoConfig(), demo: startDemoServer });
    bridge = await startHttpBridge(engine, { staticDir });
  });
  afterAll(async () => {
    await bridge?.close();
    await engine?.close();
    tmp.cleanup();
  });

  const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${bridge.url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('rejects calls without the token, with a wrong one, or with only the cookie', async () => {
    expect((await fetch(`${bridge.url}/api/getStatus`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await call('getStatus', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    const cookieOnly = await fetch(`${bridge.url}/api/getStatus`, {
      method: 'POST',
      headers: { cookie: `syncflow_token=${bridge.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(cookieOnly.status).toBe(401);
    expect((await fetch(`${bridge.url}/`)).status).toBe(401);
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${bridge.url}/api/getStatus`, {
        method: 'POST',
        headers: { host: 'evil.example:80', authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('validates input against the contract and names the field', async () => {
    const bad = await call('search', { query: 'x', limit: 0, extra: true });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { ok: boolean; error: { issues: string[] } };
    expect(body.ok).toBe(false);
    expect(body.error.issues.join(' ')).toContain('limit');
    expect(body.error.issues.join(' ')).toContain('extra');
    expect((await call('dropTables', {})).status).toBe(404);
    const notJson = await fetch(`${bridge.url}/api/getStatus`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    const unknownSource = await call('syncNow', { source: 'nope' });
    expect(unknownSource.status).toBe(400);
  });

  it('streams progress and runFinished events while syncNow runs, then answers queries', async () => {
    const ctrl = new AbortController();
    const events: { event: string; data: unknown }[] = [];
    const res = await fetch(`${bridge.url}/api/events?token=${bridge.token}`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const finished = (async () => {
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += new TextDecoder().decode(value);
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          if (event === 'runFinished') return;
        }
      }
    })();
    const sync = await call('syncNow', {});
    expect(sync.status).toBe(200);
    const runs = ((await sync.json()) as { result: SyncRun[] }).result;
    expect(runs[0]).toMatchObject({ status: 'succeeded', counts: { created: 11_793 } });
    await finished;
    ctrl.abort();
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(40); // 11,793 records in pages of 300
    expect(progress.at(-1)!.data).toMatchObject({ fetched: 11_793, total: 11_793 });
    expect(events.some((e) => e.event === 'log')).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'runFinished', data: { id: runs[0]!.id, status: 'succeeded' } });

    const search = (await (await call('search', { query: 'compressor' })).json()) as { result: { total: number } };
    expect(search.result.total).toBeGreaterThan(0);
  });

  it('refuses the event stream without the token, or with a wrong one', async () => {
    const none = await fetch(`${bridge.url}/api/events`);
    expect(none.status).toBe(401);
    expect((await fetch(`${bridge.url}/api/events?token=wrong`)).status).toBe(401);
    expect((await fetch(`${bridge.url}/api/events`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect(none.headers.get('content-type')).not.toContain('text/event-stream');
  });

  it('answers 413 to a call body over the limit', async () => {
    const res = await fetch(`${bridge.url}/api/getStatus`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
  });

  it('answers a malformed percent-escape in the path with 400, not 500', async () => {
    const first = await fetch(`${bridge.uiUrl}`);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${bridge.url}/%E0%A4%A`, { headers: { cookie } })).status).toBe(400);
  });

  it('serves the UI with the token once, then by cookie', async () => {
    const first = await fetch(`${bridge.uiUrl}`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<title>Syncflow</title>');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const again = await fetch(`${bridge.url}/index.html`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
    const traversal = await fetch(`${bridge.url}/..%2f..%2fetc%2fpasswd`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(traversal.status).toBe(404);
  });
});
