// The webhook receiver alone over real HTTP (no engine): what it accepts, what it refuses and why, which ids it
// hands on, and the replay window measured on a clock the test controls.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Urgency } from '../../src-shared/syncOps.js';
import { idsOf, startWebhookServer, type WebhookServer, type WebhookVerifier } from '../../src-main/engine/webhooks/webhookServer.js';
import { ReplayGuard } from '../../src-main/engine/webhooks/replayGuard.js';

const SECRET = 'hook-secret-9';
const hmac = (bytes: string, secret = SECRET) => createHmac('sha256', secret).update(bytes).digest('hex');

describe('webhook receiver (server alone)', () => {
  let server: WebhookServer;
  let clock = 1_800_000_000_000;
  const changes: [string, string[], Urgency][] = [];
  const rejected: [string, string][] = [];
  const ignored: [string, unknown][] = [];

  async function start(verifiers: Record<string, WebhookVerifier>) {
    changes.length = 0;
    rejected.length = 0;
    ignored.length = 0;
    server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      verifierFor: (s) => verifiers[s] ?? null,
      onChange: (s, ids, u) => changes.push([s, ids, u]),
      onRejected: (s, why) => rejected.push([s, why]),
      onIgnored: (s, why) => ignored.push([s, why]),
      now: () => clock,
    });
  }
  afterEach(async () => {
    await server?.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${server.url}${path}`, { method, body: method === 'GET' ? null : body, headers: { 'content-type': 'application/json', ...headers } });
  const answer = async (res: Response) => [res.status, await res.json()] as const;

  it('routes by path and method: 404 for other paths and unknown sources, 405 for other methods', async () => {
    await start({ s: { secret: SECRET, verify: 'token', header: 'X-Key' } });
    const body = JSON.stringify({ id: 'A1' });
    expect(await answer(await post('/hooks/s', body, { 'X-Key': SECRET }))).toEqual([404, { error: 'POST /webhooks/<source>' }]);
    expect((await post('/webhooks/s/extra', body, { 'X-Key': SECRET })).status).toBe(404);
    expect((await post('/x/webhooks/s', body, { 'X-Key': SECRET })).status).toBe(404);
    expect(await answer(await post('/webhooks/other', body, { 'X-Key': SECRET }))).toEqual([404, { error: 'no webhook for source "other"' }]);
    expect(await answer(await post('/webhooks/s', '', {}, 'GET'))).toEqual([405, { error: 'use POST' }]);
    // A trailing slash is the same endpoint.
    expect(await answer(await post('/webhooks/s/', body, { 'X-Key': SECRET }))).toEqual([202, { accepted: 1 }]);
    expect(changes).toEqual([['s', ['A1'], 'normal']]);
  });

  it('a shared token must match exactly; a refusal names why and runs nothing', async () => {
    await start({ s: { secret: SECRET, verify: 'token', header: 'X-Key' } });
    const body = JSON.stringify({ id: 'A1' });
    expect(await answer(await post('/webhooks/s', body, { 'X-Key': SECRET.slice(0, -1) }))).toEqual([401, { error: 'bad or missing signature' }]);
    expect((await post('/webhooks/s', body, { 'X-Key': `${SECRET}x` })).status).toBe(401);
    expect((await post('/webhooks/s', body, {})).status).toBe(401);
    expect(rejected).toEqual([
      ['s', 'bad or missing signature'],
      ['s', 'bad or missing signature'],
      ['s', 'bad or missing signature'],
    ]);
    expect(changes).toEqual([]);
  });

  it('HMAC: the hex digest with or without a (any case) sha256= prefix, in any hex case; nothing shorter or longer', async () => {
    await start({ s: { secret: SECRET, verify: 'hmac', header: 'X-Sig' } });
    const bodies = ['A1', 'A2', 'A3'].map((id) => JSON.stringify({ id }));
    expect((await post('/webhooks/s', bodies[0]!, { 'X-Sig': hmac(bodies[0]!) })).status).toBe(202);
    expect((await post('/webhooks/s', bodies[1]!, { 'X-Sig': `SHA256=${hmac(bodies[1]!).toUpperCase()}` })).status).toBe(202);
    const b = bodies[2]!;
    for (const sig of [`${hmac(b)}0`, `sha256=${hmac(b)}0`, `sha256=sha256=${hmac(b)}`, `x${hmac(b)}`, hmac(b, 'other'), SECRET]) {
      expect((await post('/webhooks/s', b, { 'X-Sig': sig })).status, sig).toBe(401);
    }
    // Only a leading prefix is dropped, not one in the middle of the digest.
    const hex = hmac(b);
    expect((await post('/webhooks/s', b, { 'X-Sig': `${hex.slice(0, 10)}sha256=${hex.slice(10)}` })).status).toBe(401);
    expect(changes.map((c) => c[1])).toEqual([['A1'], ['A2']]);
  });

  it("a body's ValidationKey counts only for ploomes sources", async () => {
    await start({ t: { secret: SECRET, verify: 'token', header: 'X-Key' }, h: { secret: SECRET, verify: 'hmac', header: 'X-Sig' } });
    const body = JSON.stringify({ id: 'V1', ValidationKey: SECRET });
    expect((await post('/webhooks/t', body)).status).toBe(401);
    expect((await post('/webhooks/h', body)).status).toBe(401);
    expect(changes).toEqual([]);
  });

  it('answers JSON, closes the connection only after a 413, and 500 (not a hang) when the handler fails', async () => {
    server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      verifierFor: (s) => {
        if (s === 'boom') throw new Error('verifier store unreadable');
        return s === 'quiet' ? { secret: SECRET, verify: 'token', header: 'X-Key', replayWindowMs: 60_000, entityTypes: ['Product'] } : null;
      },
      onChange: (s, ids, u) => changes.push([s, ids, u]),
    });
    changes.length = 0;
    const ok = await post('/webhooks/quiet', JSON.stringify({ id: 'K1' }), { 'X-Key': SECRET });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(ok.headers.get('connection')).not.toBe('close');
    const boom = await post('/webhooks/boom', '{}');
    expect(await answer(boom)).toEqual([500, { error: 'internal error' }]);
    // Without the optional listeners a refusal, a repeat and an ignored type are still answered.
    expect((await post('/webhooks/quiet', '{}', { 'X-Key': 'wrong' })).status).toBe(401);
    expect((await post('/webhooks/quiet', JSON.stringify({ id: 'K1' }), { 'X-Key': SECRET })).status).toBe(200);
    expect((await post('/webhooks/quiet', JSON.stringify({ EntityType: 'Deal', id: 3 }), { 'X-Key': SECRET })).status).toBe(200);
    const big = await post('/webhooks/quiet', JSON.stringify({ id: 'K2', pad: 'x'.repeat(300 * 1024) }), { 'X-Key': SECRET });
    expect(big.headers.get('connection')).toBe('close');
    expect(await answer(big)).toEqual([413, { error: 'body larger than 262144 bytes' }]);
    expect(changes).toEqual([['quiet', ['K1'], 'normal']]);
  });

  it('a queue that throws after the 202 leaves the server answering (no second answer, no unhandled rejection)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      server = await startWebhookServer({
        host: '127.0.0.1',
        port: 0,
        verifierFor: () => ({ secret: SECRET, verify: 'token', header: 'X-Key' }),
        onChange: () => {
          throw new Error('queue closed');
        },
      });
      expect(await answer(await post('/webhooks/s', JSON.stringify({ id: 'Q1' }), { 'X-Key': SECRET }))).toEqual([202, { accepted: 1 }]);
      expect(await answer(await post('/webhooks/s', JSON.stringify({ id: 'Q2' }), { 'X-Key': SECRET }))).toEqual([202, { accepted: 1 }]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses to start on a port in use, names an IPv6 host in brackets, and stops answering once closed', async () => {
    await start({});
    const port = Number(new URL(server.url).port);
    await expect(startWebhookServer({ host: '127.0.0.1', port, verifierFor: () => null, onChange: () => {} })).rejects.toThrow(/EADDRINUSE/);
    await server.close();
    await expect(fetch(`${server.url}/webhooks/s`, { method: 'POST', body: '{}' })).rejects.toThrow();
    server = await startWebhookServer({ host: '::1', port: 0, verifierFor: () => null, onChange: () => {} });
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await fetch(`${server.url}/webhooks/s`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it("ploomes: the key in the header, or Ploomes' own ValidationKey in the body", async () => {
    await start({ p: { secret: SECRET, verify: 'ploomes', header: 'Validation-Key' } });
    const inBody = JSON.stringify({ Entity: 'Products', Action: 'Update', ResourceId: 41, ValidationKey: SECRET });
    expect((await post('/webhooks/p', inBody)).status).toBe(202);
    const wrongInBody = JSON.stringify({ ResourceId: 42, ValidationKey: 'nope' });
    expect((await post('/webhooks/p', wrongInBody)).status).toBe(401);
    // The header wins over the body's key.
    expect((await post('/webhooks/p', inBody, { 'Validation-Key': 'nope' })).status).toBe(401);
    expect((await post('/webhooks/p', JSON.stringify({ ResourceId: 43 }), { 'Validation-Key': SECRET })).status).toBe(202);
    expect(changes.map((c) => c[1])).toEqual([['41'], ['43']]);
  });

  it('answers 400 to a body that is not JSON or names no id, and 413 (not a reset) over the limit', async () => {
    await start({ s: { secret: SECRET, verify: 'token', header: 'X-Key' } });
    expect(await answer(await post('/webhooks/s', '{nope', { 'X-Key': SECRET }))).toEqual([400, { error: 'body is not JSON' }]);
    const none = await answer(await post('/webhooks/s', JSON.stringify({ name: 'x' }), { 'X-Key': SECRET }));
    expect(none[0]).toBe(400);
    expect(JSON.stringify(none[1])).toMatch(/no record id in the payload/);
    // Declared far over the limit: refused before the body is read.
    const [status, connection] = await new Promise<[number, string | undefined]>((resolve, reject) => {
      const req = request(`${server.url}/webhooks/s`, { method: 'POST', headers: { 'content-length': String(256 * 1024 * 16 + 1), 'X-Key': SECRET } }, (r) => {
        r.resume();
        resolve([r.statusCode ?? 0, r.headers.connection]);
      });
      req.on('error', reject);
      req.write('x');
    });
    expect(status).toBe(413);
    // The rest of the body is never read: the connection cannot be reused.
    expect(connection).toBe('close');
    // Just at the limit is read; one byte over is not.
    const pad = (n: number) => JSON.stringify({ id: 'B1', pad: 'x'.repeat(n - JSON.stringify({ id: 'B1', pad: '' }).length) });
    expect((await post('/webhooks/s', pad(256 * 1024), { 'X-Key': SECRET })).status).toBe(202);
    expect((await post('/webhooks/s', pad(256 * 1024 + 1), { 'X-Key': SECRET })).status).toBe(413);
    expect(changes.map((c) => c[1])).toEqual([['B1']]);
  });

  it('urgency: the source\'s setting, overridden by ?urgency=, and an unknown one refused before the replay guard', async () => {
    await start({
      u: { secret: SECRET, verify: 'token', header: 'X-Key', urgency: 'low', replayWindowMs: 60_000 },
      n: { secret: SECRET, verify: 'token', header: 'X-Key' },
    });
    const body = JSON.stringify({ id: 'C1' });
    const bad = await answer(await post('/webhooks/u?urgency=soon', body, { 'X-Key': SECRET }));
    expect(bad).toEqual([400, { error: 'urgency: expected one of low, normal, critical' }]);
    // The refused request's retry is not a repeat.
    expect((await post('/webhooks/u?urgency=critical', body, { 'X-Key': SECRET })).status).toBe(202);
    expect((await post('/webhooks/u', JSON.stringify({ id: 'C2' }), { 'X-Key': SECRET })).status).toBe(202);
    expect((await post('/webhooks/n', body, { 'X-Key': SECRET })).status).toBe(202);
    expect(changes).toEqual([
      ['u', ['C1'], 'critical'],
      ['u', ['C2'], 'low'],
      ['n', ['C1'], 'normal'],
    ]);
  });

  it('events of another entity type are acknowledged and counted; a batch keeps only the accepted ones', async () => {
    await start({ s: { secret: SECRET, verify: 'token', header: 'X-Key', entityTypes: ['Product'] } });
    const deal = JSON.stringify({ EntityType: 'Deal', EntityId: 9 });
    expect(await answer(await post('/webhooks/s', deal, { 'X-Key': SECRET }))).toEqual([200, { accepted: 0, ignored: 'Deal' }]);
    expect(ignored).toEqual([['s', { entityType: 'Deal' }]]);
    const mixed = JSON.stringify([{ EntityType: 'Deal', EntityId: 9 }, { EntityType: 'Products', EntityId: 10 }]);
    expect((await post('/webhooks/s', mixed, { 'X-Key': SECRET })).status).toBe(202);
    expect(changes).toEqual([['s', ['10'], 'normal']]);
  });

  it('replay window: a repeat within it is acknowledged and ignored, after it runs again; no window remembers nothing', async () => {
    await start({
      w: { secret: SECRET, verify: 'hmac', header: 'X-Sig', replayWindowMs: 60_000 },
      off: { secret: SECRET, verify: 'hmac', header: 'X-Sig' },
    });
    const body = JSON.stringify({ id: 'D1' });
    const sig = { 'X-Sig': hmac(body) };
    expect((await post('/webhooks/w', body, sig)).status).toBe(202);
    clock += 59_999;
    expect(await answer(await post('/webhooks/w', body, sig))).toEqual([200, { accepted: 0, duplicate: true }]);
    expect(ignored).toEqual([['w', { duplicate: true }]]);
    clock += 1;
    expect((await post('/webhooks/w', body, sig)).status).toBe(202);
    // Another source has its own memory.
    expect((await post('/webhooks/off', body, sig)).status).toBe(202);
    expect((await post('/webhooks/off', body, sig)).status).toBe(202);
    expect(changes.map((c) => c[0])).toEqual(['w', 'w', 'off', 'off']);
  });

  it('an event id from the webhook-id or x-event-id header or the payload makes a repeat; other bytes alone do not', async () => {
    await start({ w: { secret: SECRET, verify: 'hmac', header: 'X-Sig', replayWindowMs: 60_000 } });
    const send = (o: object, headers: Record<string, string> = {}) => {
      const body = JSON.stringify(o);
      return post('/webhooks/w', body, { 'X-Sig': hmac(body), ...headers }).then((r) => r.status);
    };
    expect(await send({ id: 'E1' }, { 'webhook-id': 'msg-1' })).toBe(202);
    expect(await send({ id: 'E1', n: 2 }, { 'webhook-id': 'msg-1' })).toBe(200);
    expect(await send({ id: 'E1', n: 3 }, { 'x-event-id': 'msg-1' })).toBe(200);
    expect(await send({ id: 'E1', n: 4 }, { 'webhook-id': 'msg-2' })).toBe(202);
    expect(await send({ id: 'E2', eventId: 'p-1' })).toBe(202);
    expect(await send({ id: 'E2', eventId: 'p-1', n: 2 })).toBe(200);
    expect(await send({ id: 'E3', event_id: 7 })).toBe(202);
    expect(await send({ id: 'E3', event_id: 7, n: 2 })).toBe(200);
    expect(await send({ id: 'E4', EventId: 8 })).toBe(202);
    expect(await send({ id: 'E4', EventId: 8, n: 2 })).toBe(200);
    // No event id: the bytes decide.
    expect(await send({ id: 'E5' })).toBe(202);
    expect(await send({ id: 'E5', n: 2 })).toBe(202);
    expect(await send({ id: 'E5', n: 2 })).toBe(200);
    // An empty header is no event id.
    expect(await send({ id: 'E6' }, { 'webhook-id': '' })).toBe(202);
    expect(await send({ id: 'E6', n: 2 }, { 'webhook-id': '' })).toBe(202);
  });

  it('a signed timestamp in unix seconds, milliseconds or ISO 8601 must lie within the window, either side', async () => {
    const w: WebhookVerifier = { secret: SECRET, verify: 'hmac', header: 'X-Sig', timestampHeader: 'X-Ts', replayWindowMs: 300_000 };
    await start({ w });
    let n = 0;
    const send = (ts: string) => {
      const body = JSON.stringify({ id: `T${++n}` });
      return post('/webhooks/w', body, { 'X-Ts': ts, 'X-Sig': hmac(`${ts}.${body}`) }).then((r) => r.status);
    };
    const sec = (ms: number) => String(Math.floor(ms / 1000));
    expect(await send(sec(clock))).toBe(202);
    expect(await send(sec(clock - 300_000))).toBe(202);
    expect(await send(sec(clock - 301_000))).toBe(401);
    expect(await send(sec(clock + 300_000))).toBe(202);
    expect(await send(sec(clock + 301_000))).toBe(401);
    expect(await send(String(clock - 300_000))).toBe(202);
    expect(await send(String(clock - 300_001))).toBe(401);
    expect(await send(new Date(clock + 299_000).toISOString())).toBe(202);
    expect(await send(new Date(clock - 400_000).toISOString())).toBe(401);
    expect(await send('yesterday')).toBe(401);
    expect(rejected.map((r) => r[1])).toEqual(Array(5).fill('signed timestamp outside the replay window'));
  });

  it('without a window a signed timestamp is still covered by the HMAC but not checked for age', async () => {
    await start({ w: { secret: SECRET, verify: 'hmac', header: 'X-Sig', timestampHeader: 'X-Ts' } });
    const body = JSON.stringify({ id: 'U1' });
    const old = '1000000000';
    expect((await post('/webhooks/w', body, { 'X-Ts': old, 'X-Sig': hmac(body) })).status).toBe(401);
    expect((await post('/webhooks/w', body, { 'X-Ts': old, 'X-Sig': hmac(`${old}.${body}`) })).status).toBe(202);
    // A token source ignores the timestamp header.
    await server.close();
    await start({ t: { secret: SECRET, verify: 'token', header: 'X-Key', timestampHeader: 'X-Ts', replayWindowMs: 1000 } });
    expect((await post('/webhooks/t', body, { 'X-Ts': old, 'X-Key': SECRET })).status).toBe(202);
  });
});

describe('idsOf', () => {
  it('reads every id shape a sender uses, as strings, once each', () => {
    expect(idsOf({ EntityId: 1 })).toEqual(['1']);
    expect(idsOf({ entityId: 'a' })).toEqual(['a']);
    expect(idsOf({ ResourceId: 2 })).toEqual(['2']);
    expect(idsOf({ Id: 3 })).toEqual(['3']);
    expect(idsOf({ id: 'b' })).toEqual(['b']);
    expect(idsOf({ ids: ['c', 4, null, {}] })).toEqual(['c', '4']);
    expect(idsOf({ New: { Id: 5 } })).toEqual(['5']);
    expect(idsOf({ New: { Id: 'n6' } })).toEqual(['n6']);
    expect(idsOf({ New: { Id: null } })).toEqual([]);
    expect(idsOf([{ id: 'x' }, { id: 'x' }, { EntityId: 'y' }, null, 'z', 7])).toEqual(['x', 'y']);
    expect(idsOf({ id: true, EntityId: { a: 1 } })).toEqual([]);
    expect(idsOf(null)).toEqual([]);
  });
});

describe('ReplayGuard', () => {
  it('remembers a key for exactly its window', () => {
    const g = new ReplayGuard(1000);
    expect(g.repeated('a', 0)).toBe(false);
    expect(g.repeated('a', 999)).toBe(true);
    expect(g.repeated('a', 1000)).toBe(false);
    expect(g.repeated('a', 1999)).toBe(true);
    expect(g.repeated('b', 1999)).toBe(false);
  });

  it('drops the oldest entries beyond its size, and expired ones as time passes', () => {
    const g = new ReplayGuard(1000, 2);
    expect(g.repeated('a', 0)).toBe(false);
    expect(g.repeated('b', 1)).toBe(false);
    expect(g.repeated('c', 2)).toBe(false);
    // 'a' was pushed out to keep two entries: it counts as new.
    expect(g.repeated('a', 3)).toBe(false);
    expect(g.repeated('c', 4)).toBe(true);
    const h = new ReplayGuard(10, 3);
    h.repeated('x', 0);
    h.repeated('y', 5);
    h.repeated('z', 20);
    expect(h.repeated('y', 21)).toBe(false);
    expect(h.repeated('z', 22)).toBe(true);
  });
});
