// The HTTP bridge's gate over real HTTP, on a real engine that syncs nothing: which credential opens which door
// (Bearer for API calls; token, cookie or Bearer for the event stream, the detailed health and the UI), the Host
// check, and that a refusal never reaches the engine or streams an event.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { EventEmitter } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startHttpBridge, type HttpBridge } from '../../src-main/server/httpBridge.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'tok-0123456789abcdef';

describe('HTTP bridge: who gets in', () => {
  const tmp = tempDir();
  let source: FaultySource;
  let engine: Engine;
  let bridge: HttpBridge;

  beforeAll(async () => {
    const staticDir = join(tmp.dir, 'ui');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Syncflow</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    source = await startFaultySource(5, 'H');
    engine = await Engine.open({
      dataDir: join(tmp.dir, 'data'),
      fileLogs: false,
      config: syncflowConfig.parse({ syncOnStart: false, sources: [faultySourceConfig('erp', source.url)] }),
    });
    bridge = await startHttpBridge(engine, { staticDir, token: TOKEN });
  });
  afterAll(async () => {
    await bridge?.close();
    await engine?.close();
    await source?.close();
    tmp.cleanup();
  });

  const api = (method: string, headers: Record<string, string>, body = '{}', verb = 'POST') =>
    fetch(`${bridge.url}/api/${method}`, { method: verb, headers, body: verb === 'GET' || verb === 'HEAD' ? null : body });
  const json = { 'content-type': 'application/json' };
  const bearer = (t = TOKEN) => ({ authorization: `Bearer ${t}` });

  it('refuses to listen beyond loopback, and takes every loopback form', async () => {
    await expect(startHttpBridge(engine, { host: '0.0.0.0' })).rejects.toThrow('refusing to listen on 0.0.0.0: the bridge serves loopback addresses only');
    await expect(startHttpBridge(engine, { host: '192.168.1.2' })).rejects.toThrow(/refusing to listen/);
    await expect(startHttpBridge(engine, { host: 'localhost.evil' })).rejects.toThrow(/refusing to listen/);
    await expect(startHttpBridge(engine, { host: '10.127.0.1' })).rejects.toThrow(/refusing to listen/);
    const other = await startHttpBridge(engine, { host: '127.0.0.2' });
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect(other.token).toMatch(/^[\w-]{32}$/);
    expect(other.uiUrl).toBe(`${other.url}/?token=${other.token}`);
    const res = await fetch(`${other.url}/api/getStatus`, { method: 'POST', headers: { ...json, authorization: `Bearer ${other.token}` }, body: '{}' });
    // The Host header says 127.0.0.2: not one of the names the bridge answers.
    expect(res.status).toBe(421);
    await other.close();
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const [host, url] of [['localhost', /^http:\/\/localhost:\d+$/], ['::1', /^http:\/\/\[::1\]:\d+$/], ['127.10.200.30', /^http:\/\/127\.10\.200\.30:\d+$/]] as const) {
      const b = await startHttpBridge(engine, { host });
      expect(b.url).toMatch(url);
      await b.close();
    }
    for (const host of ['x127.0.0.1', '127.0.0.1x', '127.0.0.1.evil', '127.0.0', '127..0.1', '::2', 'xlocalhost']) {
      await expect(startHttpBridge(engine, { host }), host).rejects.toThrow(`refusing to listen on ${host}`);
    }
  });

  it('an API call needs the exact Bearer token; query token or cookie alone are refused, and nothing runs', async () => {
    const before = await engine.listRuns({ limit: 10 });
    const refused = [
      await api('syncNow', { ...json }),
      await api('syncNow', { ...json, ...bearer(TOKEN.slice(0, -1)) }),
      await api('syncNow', { ...json, ...bearer(`${TOKEN}x`) }),
      await api('syncNow', { ...json, ...bearer(TOKEN.toUpperCase()) }),
      await api('syncNow', { ...json, authorization: TOKEN }),
      await api('syncNow', { ...json, authorization: `Basic ${TOKEN}` }),
      await api('syncNow', { ...json, authorization: `Bearer  ${TOKEN}` }),
      await api('syncNow', { ...json, authorization: `xBearer ${TOKEN}` }),
      await api('syncNow', { ...json, cookie: `syncflow_token=${TOKEN}` }),
      await fetch(`${bridge.url}/api/syncNow?token=${TOKEN}`, { method: 'POST', headers: json, body: '{}' }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ ok: false, error: { message: 'missing or wrong token' } });
    }
    expect(await engine.listRuns({ limit: 10 })).toEqual(before);
    const ok = await api('getStatus', { ...json, ...bearer() });
    expect(ok.status).toBe(200);
    // The method's own answer (expect.any(Object) would also take null).
    const { version, dataDir } = await engine.getStatus({});
    expect(await ok.json()).toMatchObject({ ok: true, result: { version, dataDir } });
  });

  it('with the token: POST only, a known method, a JSON body; an empty body is {}', async () => {
    const get = await api('getStatus', { ...bearer() }, '', 'GET');
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ ok: false, error: { message: 'use POST' } });
    expect(await (await api('nope', { ...json, ...bearer() })).json()).toEqual({ ok: false, error: { message: 'unknown method "nope"' } });
    const plain = await api('getStatus', { 'content-type': 'text/plain', ...bearer() });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({ ok: false, error: { message: 'send Content-Type: application/json' } });
    expect((await api('getStatus', { 'content-type': 'application/json; charset=utf-8', ...bearer() })).status).toBe(200);
    expect((await api('getStatus', { 'content-type': 'application/jsonx', ...bearer() })).status).toBe(415);
    expect((await api('getStatus', { 'content-type': 'text/application/json', ...bearer() })).status).toBe(415);
    expect((await api('getStatus', { ...json, ...bearer() }, '  ')).status).toBe(200);
    const big = await api('getStatus', { ...json, ...bearer() }, JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ ok: false, error: { message: 'body larger than 1 MiB' } });
    const bad = await api('getStatus', { ...json, ...bearer() }, '[1,');
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { ok: boolean; error: { message: string } };
    expect(badBody.ok).toBe(false);
    expect(badBody.error.message).toMatch(/^bad request body: /);
  });

  it('health: the one word for anyone; the detail only with a token (query, cookie or Bearer)', async () => {
    const open = await fetch(`${bridge.url}/health`);
    expect(open.status).toBe(200);
    const word = (await open.json()) as Record<string, unknown>;
    expect(Object.keys(word)).toEqual(['status']);
    expect(['ok', 'degraded']).toContain(word['status']);
    expect((await fetch(`${bridge.url}/health`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${bridge.url}/health`, { method: 'POST' })).status).toBe(405);
    const none = await fetch(`${bridge.url}/api/health`);
    expect(none.status).toBe(401);
    expect((await fetch(`${bridge.url}/api/health?token=nope`)).status).toBe(401);
    for (const headers of [bearer(), { cookie: `a=b; syncflow_token=${TOKEN}` }, {}] as Record<string, string>[]) {
      const url = `${bridge.url}/api/health${Object.keys(headers).length === 0 ? `?token=${TOKEN}` : ''}`;
      const res = await fetch(url, { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: word['status'], sources: expect.any(Array) });
    }
  });

  /** Opens the event stream, emits one engine event, and says what came through (null: refused). */
  async function eventStream(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const ctrl = new AbortController();
    const res = await fetch(url, { headers, signal: ctrl.signal });
    if (res.status !== 200) return { status: res.status, text: await res.text() };
    const reader = res.body!.getReader();
    let text = '';
    const first = await reader.read();
    text += new TextDecoder().decode(first.value);
    engine.events.emit('network', { online: false, offlineSince: '2026-01-01T00:00:00.000Z', reason: 'probe' });
    while (!text.includes('event: network')) {
      const next = await reader.read();
      // An answer that is not a stream ends: what came is what it said.
      if (next.done) break;
      text += new TextDecoder().decode(next.value);
    }
    ctrl.abort();
    return { status: res.status, text };
  }

  it('the event stream: with the token as query, cookie or Bearer it streams; without or with a wrong one it does not', async () => {
    for (const [url, headers] of [
      [`${bridge.url}/api/events?token=${TOKEN}`, {}],
      [`${bridge.url}/api/events`, { cookie: `syncflow_token=${TOKEN}` }],
      [`${bridge.url}/api/events`, bearer()],
    ] as const) {
      const r = await eventStream(url, headers);
      expect(r.status).toBe(200);
      expect(r.text).toMatch(/^: connected\n\n/);
      expect(r.text).toContain('event: network\ndata: {"online":false,"offlineSince":"2026-01-01T00:00:00.000Z","reason":"probe"}\n\n');
    }
    for (const [url, headers] of [
      [`${bridge.url}/api/events`, {}],
      [`${bridge.url}/api/events?token=`, {}],
      [`${bridge.url}/api/events?token=${TOKEN.slice(1)}`, {}],
      [`${bridge.url}/api/events`, { cookie: `syncflow_token=${TOKEN}x` }],
      [`${bridge.url}/api/events`, { cookie: `other_token=${TOKEN}` }],
      [`${bridge.url}/api/events`, bearer('x')],
    ] as const) {
      const r = await eventStream(url, headers);
      expect(r.status, JSON.stringify([url, headers])).toBe(401);
      expect(r.text).not.toContain('event:');
    }
  });

  it('the event stream answers GET only, says it is a stream not to cache, and stops listening when the client goes', async () => {
    const listeners = () => (engine.events['emitter'] as EventEmitter).listenerCount('network');
    const before = listeners();
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(`${bridge.url}/api/events`, { headers: bearer() });
      req.on('response', resolve);
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['connection']).toBe('keep-alive');
    expect(listeners()).toBe(before + 1);
    res.destroy();
    await vi.waitFor(() => expect(listeners()).toBe(before));
    // Not a GET: the event stream is no API method, and a cookie alone opens no API door.
    const post = await api('events', { ...json, ...bearer() });
    expect(post.status).toBe(404);
    expect(await post.json()).toEqual({ ok: false, error: { message: 'unknown method "events"' } });
    expect((await api('events', { ...json, cookie: `syncflow_token=${TOKEN}` })).status).toBe(401);
    expect((await api('health', { ...json, ...bearer() })).status).toBe(404);
    expect((await fetch(`${bridge.url}/api/health?token=${TOKEN}`, { method: 'HEAD' })).status).toBe(200);
  });

  it('input that fails its schema is a 400 naming the field, and nothing runs', async () => {
    const before = await engine.listRuns({ limit: 10 });
    const res = await api('listRuns', { ...json, ...bearer() }, JSON.stringify({ limit: 0 }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ok: boolean; error: { message: string; issues: string[] } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/^invalid input for listRuns: limit: /);
    expect(body.error.issues).toHaveLength(1);
    expect(body.error.issues[0]).toMatch(/^limit: /);
    expect((await api('syncNow', { ...json, ...bearer() }, JSON.stringify({ full: 'yes' }))).status).toBe(400);
    expect(await engine.listRuns({ limit: 10 })).toEqual(before);
  });

  it('an empty token opens nothing', async () => {
    const open = await startHttpBridge(engine, { token: '' });
    try {
      expect(open.token).toBe('');
      for (const [path, headers] of [
        ['/api/health?token=', {}],
        ['/api/health', { cookie: 'syncflow_token=' }],
        ['/?token=', {}],
      ] as [string, Record<string, string>][]) {
        expect((await fetch(`${open.url}${path}`, { headers })).status, path).toBe(401);
      }
    } finally {
      await open.close();
    }
  });

  it('the UI: the token in the URL sets an HttpOnly SameSite=Strict cookie; the cookie opens it after; nothing else does', async () => {
    const first = await fetch(bridge.uiUrl);
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBe(`syncflow_token=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-store');
    const cookie = { cookie: ` theme=dark ;syncflow_token=${TOKEN} ` };
    const again = await fetch(`${bridge.url}/`, { headers: cookie });
    expect(again.status).toBe(200);
    expect(again.headers.get('set-cookie')).toBeNull();
    const asset = await fetch(`${bridge.url}/assets/app.js`, { headers: cookie });
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const headers of [{}, { cookie: `syncflow_token=${TOKEN.slice(0, 8)}` }, { cookie: `=${TOKEN}` }, bearer()] as Record<string, string>[]) {
      const r = await fetch(`${bridge.url}/index.html`, { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await r.text()).toMatch(/open the address that `syncflow serve` printed/);
    }
    expect((await fetch(`${bridge.url}/?token=wrong`)).status).toBe(401);
    const del = await fetch(`${bridge.url}/`, { method: 'DELETE', headers: cookie });
    expect(del.status).toBe(405);
    expect(await del.json()).toEqual({ ok: false, error: { message: 'method not allowed' } });
    expect((await fetch(`${bridge.url}/missing.html`, { headers: cookie })).status).toBe(404);
    expect((await fetch(`${bridge.url}/assets`, { headers: cookie })).status).toBe(404);
    expect((await fetch(`${bridge.url}/..%2f..%2fetc%2fpasswd`, { headers: cookie })).status).toBe(404);
    expect((await fetch(`${bridge.url}/%E0%A4%A`, { headers: cookie })).status).toBe(400);
    // Every answer carries the security headers.
    for (const h of [first.headers, (await fetch(`${bridge.url}/health`)).headers]) {
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    }
  });

  it('the Host header must name loopback (any port, IPv6 in brackets); a foreign one is refused before the token', async () => {
    const withHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${bridge.url}/api/getStatus`, { method: 'POST', headers: { host, ...json, ...bearer() } });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
    expect(await withHost(`127.0.0.1:${bridge.port}`)).toBe(200);
    expect(await withHost('localhost')).toBe(200);
    expect(await withHost('[::1]:9')).toBe(200);
    expect(await withHost('127.0.0.1.evil.example')).toBe(421);
    expect(await withHost('evil.localhost')).toBe(421);
    // Brackets count only around the whole name.
    expect(await withHost('local]host')).toBe(421);
    expect(await withHost('local[host')).toBe(421);
    const foreign = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${bridge.url}/health`, { headers: { host: 'evil.example' } });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(foreign.status).toBe(421);
    expect(JSON.parse(foreign.body)).toEqual({ ok: false, error: { message: 'wrong Host header; use the URL printed by syncflow serve' } });
  });
});

describe('HTTP bridge: an engine that fails', () => {
  it('answers 500 with the error message, not a hang, for the health word and for a call', async () => {
    const tmp = tempDir();
    const source = await startFaultySource(1, 'F');
    const engine = await Engine.open({
      dataDir: join(tmp.dir, 'data'),
      fileLogs: false,
      config: syncflowConfig.parse({ syncOnStart: false, sources: [faultySourceConfig('erp', source.url)] }),
    });
    let bridge: HttpBridge | undefined;
    try {
      bridge = await startHttpBridge(engine, { token: TOKEN });
      await engine.close();
      const call = await fetch(`${bridge.url}/api/getStatus`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' });
      expect(call.status).toBe(500);
      const body = (await call.json()) as { ok: boolean; error: { message: string } };
      expect(body.ok).toBe(false);
      expect(body.error.message).toMatch(/database/i);
      expect((await fetch(`${bridge.url}/health`)).status).toBe(500);
    } finally {
      await bridge?.close();
      await engine.close();
      await source.close();
      tmp.cleanup();
    }
  });
});
