// Headless face: the API contract as JSON over HTTP plus server-sent events, on loopback only, behind a random
// token, and the built renderer as static files. The renderer cannot tell it from Electron IPC.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type * as Contract from '../../src-shared/api.js';
import type { EventSubscriber, SyncAgentApi } from '../../src-shared/api.js';
import { ApiInputError } from '../../src-shared/apiError.js';
import { apiEventNames, isApiMethod, type ApiMethodName } from '../../src-shared/apiIndex.js';
import { scrubSecrets } from '../engine/config/secrets.js';
import { healthHttpStatus } from '../engine/metrics/health.js';
import { readBody } from '../engine/http/readBody.js';

export interface BridgeOptions {
  host?: string;
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Folder of the built renderer; null serves the API only. */
  staticDir?: string | null;
  /**
   * The engine validates every input itself, where it answers (the engine host: its worker and reader thread), so
   * the bridge relays the body as sent and this thread never loads the schemas. Otherwise (an Engine in this
   * thread) the bridge validates with the contract's schemas, loaded on the first call.
   */
  engineValidates?: boolean;
}

export interface HttpBridge {
  url: string;
  /** The URL an operator opens: carries the token once; the page then keeps it in a cookie and session storage. */
  uiUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const COOKIE = 'syncflow_token';
const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

let contract: Promise<typeof Contract> | null = null;
async function validate(method: ApiMethodName, body: unknown): Promise<unknown> {
  return (await (contract ??= import('../../src-shared/api.js'))).parseApiInput(method, body);
}

export async function startHttpBridge(
  engine: SyncAgentApi & { events: EventSubscriber },
  opts: BridgeOptions = {},
): Promise<HttpBridge> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`refusing to listen on ${host}: the bridge serves loopback addresses only`);
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const tokenMatches = (candidate: string | undefined | null) => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };

  const server = createServer((req, res) => {
    securityHeaders(res);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { message: scrubSecrets(String((err as Error)?.message ?? err)) } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site resolving its own name to 127.0.0.1 (DNS rebinding) arrives with a foreign Host header.
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!['127.0.0.1', 'localhost', '::1'].includes(hostHeader)) {
      return sendJson(res, 421, { ok: false, error: { message: 'wrong Host header; use the URL printed by syncflow serve' } });
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const cookie = parseCookies(req.headers.cookie)[COOKIE];
    const queryToken = url.searchParams.get('token');

    const anyToken = tokenMatches(queryToken) || tokenMatches(cookie) || tokenMatches(bearer);
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    // For monitoring systems: one word without the token, the detail with it; 503 only when syncing is down.
    if (url.pathname === '/health' && isRead) {
      const { status } = await engine.getHealth({});
      return sendJson(res, healthHttpStatus(status), { status });
    }
    if (url.pathname.startsWith('/api/')) {
      const name = url.pathname.slice('/api/'.length);
      if (name === 'events' && req.method === 'GET') {
        if (!anyToken) return unauthorized(res);
        return openEventStream(req, res);
      }
      if (name === 'health' && isRead) {
        if (!anyToken) return unauthorized(res);
        const report = await engine.getHealth({});
        return sendJson(res, healthHttpStatus(report.status), report);
      }
      // API calls need the header: a cookie alone would let another site's form post to us.
      if (!tokenMatches(bearer)) return unauthorized(res);
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { message: 'use POST' } });
      if (!isApiMethod(name)) return sendJson(res, 404, { ok: false, error: { message: `unknown method "${name}"` } });
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
        return sendJson(res, 415, { ok: false, error: { message: 'send Content-Type: application/json' } });
      }
      let body: unknown;
      const raw = await readBody(req, MAX_BODY);
      if (raw === null) return sendJson(res, 413, { ok: false, error: { message: 'body larger than 1 MiB' } });
      try {
        const text = raw.toString('utf8');
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch (err) {
        return sendJson(res, 400, { ok: false, error: { message: `bad request body: ${(err as Error).message}` } });
      }
      try {
        const input = opts.engineValidates ? body : await validate(name, body);
        const result = await (engine[name] as (i: unknown) => Promise<unknown>)(input);
        return sendJson(res, 200, { ok: true, result: result ?? null });
      } catch (err) {
        if (err instanceof ApiInputError) {
          return sendJson(res, 400, { ok: false, error: { message: err.message, issues: err.issues } });
        }
        throw err;
      }
    }

    if (!isRead) return sendJson(res, 405, { ok: false, error: { message: 'method not allowed' } });
    if (tokenMatches(queryToken)) {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    } else if (!tokenMatches(cookie)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Syncflow: open the address that `syncflow serve` printed (it carries the access token).\n');
      return;
    }
    return serveStatic(url.pathname, res);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    const unsubscribe = apiEventNames.map((event) =>
      engine.events.on(event, (payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    // Proxies and browsers drop idle streams; a comment line every 15 s keeps it open.
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe.forEach((u) => u());
      sseClients.delete(res);
    });
  }

  function serveStatic(pathname: string, res: ServerResponse) {
    const dir = opts.staticDir;
    if (!dir || !existsSync(dir)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The UI is not built. Run `npm run build` (or use `npm run serve`).\n');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      // A malformed escape (`/%E0%A4%A`) is the client's mistake, not ours.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('bad request: malformed percent-encoding in the path\n');
      return;
    }
    const root = resolve(dir);
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': mime[extname(file)] ?? 'application/octet-stream',
      'cache-control': rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: base,
    uiUrl: `${base}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of sseClients) c.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function securityHeaders(res: ServerResponse) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The first URL carries the token; never leak it to another origin.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function unauthorized(res: ServerResponse) {
  sendJson(res, 401, { ok: false, error: { message: 'missing or wrong token' } });
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
