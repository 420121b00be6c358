// Change notifications pushed by sources: POST /webhooks/<source>, verified by a shared secret header or an
// HMAC-SHA256 signature of the body, answered at once (202) and turned into a realtime job for the named ids.
// Bursts merge in the queue: ids for a source already waiting join that job.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../http/readBody.js';

export interface WebhookVerifier {
  secret: string;
  verify: 'token' | 'hmac';
  header: string;
}

export interface WebhookDeps {
  host: string;
  port: number;
  /** The source's verification settings with the secret resolved; null when it takes no webhooks. */
  verifierFor: (source: string) => WebhookVerifier | null;
  /** Queues a realtime refresh of these ids; not awaited. */
  onChange: (source: string, ids: string[]) => void;
  onRejected?: (source: string, why: string) => void;
}

export interface WebhookServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();

/** Constant-time comparison whatever the lengths (digests have equal length). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function verifySignature(v: WebhookVerifier, header: string | undefined, body: Buffer): boolean {
  if (!header) return false;
  if (v.verify === 'token') return sameSecret(header, v.secret);
  const expected = createHmac('sha256', v.secret).update(body).digest('hex');
  return sameSecret(header.replace(/^sha256=/i, '').toLowerCase(), expected);
}

/** Ids named by a payload: Ploomes-style `{EntityType, EntityId, ChangeType}`, `{id}`, `{ids: []}`, or an array. */
export function idsOf(payload: unknown): string[] {
  const items = Array.isArray(payload) ? payload : [payload];
  const ids: string[] = [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    for (const key of ['EntityId', 'entityId', 'Id', 'id']) {
      const v = o[key];
      if (typeof v === 'string' || typeof v === 'number') ids.push(String(v));
    }
    if (Array.isArray(o['ids'])) for (const v of o['ids']) if (typeof v === 'string' || typeof v === 'number') ids.push(String(v));
    const nested = o['New'] as Record<string, unknown> | undefined;
    if (nested && (typeof nested['Id'] === 'number' || typeof nested['Id'] === 'string')) ids.push(String(nested['Id']));
  }
  return [...new Set(ids)];
}

export async function startWebhookServer(deps: WebhookDeps): Promise<WebhookServer> {
  const send = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/webhooks\/([A-Za-z0-9_-]+)\/?$/.exec(new URL(req.url ?? '/', 'http://x.invalid').pathname);
    if (!m) return send(res, 404, { error: 'POST /webhooks/<source>' });
    const source = m[1]!;
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
    const verifier = deps.verifierFor(source);
    if (!verifier) return send(res, 404, { error: `no webhook for source "${source}"` });
    const body = await readBody(req, MAX_BODY);
    if (body === null) return send(res, 413, { error: 'body too large' });
    const header = req.headers[verifier.header.toLowerCase()];
    if (!verifySignature(verifier, Array.isArray(header) ? header[0] : header, body)) {
      deps.onRejected?.(source, 'bad or missing signature');
      return send(res, 401, { error: 'bad or missing signature' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    const ids = idsOf(payload);
    if (ids.length === 0) return send(res, 400, { error: 'no record id in the payload (EntityId, Id, id or ids)' });
    // Answer first: the sender must not wait for (or time out on) the sync it triggers.
    send(res, 202, { accepted: ids.length });
    deps.onChange(source, ids);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = deps.host.includes(':') ? `[${deps.host}]` : deps.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
