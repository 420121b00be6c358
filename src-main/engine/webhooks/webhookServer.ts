// Change notifications pushed by sources: POST /webhooks/<source>, verified by a shared secret header or an
// HMAC-SHA256 signature of the body (of `<timestamp>.<body>` when the sender signs a timestamp), answered at once
// (202) and turned into a realtime job for the named ids. A repeat within the replay window (same event id, or the
// same signed bytes) is acknowledged (200) and ignored, and so is an event about an entity type the source does not
// sync (a Ploomes `Deal` at a products source): counted, never a run. Bursts merge in the queue: ids for a source
// already waiting join that job.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Urgency } from '../../../src-shared/syncOps.js';
import { urgencies } from '../../../src-shared/syncOps.js';
import { declaredTooLarge, readBody } from '../http/readBody.js';
import { entityTypeOf, ploomesValidationKey, relevantEvents } from './ploomesEvents.js';
import { ReplayGuard } from './replayGuard.js';

export interface WebhookVerifier {
  secret: string;
  /** ploomes: the validation key in the header, or Ploomes' own `ValidationKey` in the body. */
  verify: 'token' | 'hmac' | 'ploomes';
  header: string;
  /** Entity types that start runs (`Product`); others are acknowledged and counted. Absent: every event counts. */
  entityTypes?: string[];
  /** Queue urgency of the runs this source's notifications start (a `?urgency=` on the URL overrides it). */
  urgency?: Urgency;
  /** How long an accepted notification is remembered (and a signed timestamp may be old); 0 turns it off. */
  replayWindowMs?: number;
  /** The header carrying the sender's signed timestamp (unix seconds or ISO 8601), if it sends one. */
  timestampHeader?: string;
}

export interface WebhookDeps {
  host: string;
  port: number;
  /** The source's verification settings with the secret resolved; null when it takes no webhooks. */
  verifierFor: (source: string) => WebhookVerifier | null;
  /** Queues a realtime refresh of these ids; not awaited. */
  onChange: (source: string, ids: string[], urgency: Urgency) => void;
  onRejected?: (source: string, why: string) => void;
  /** An event acknowledged without a run: a repeat, or an entity type the source does not sync. */
  onIgnored?: (source: string, why: { duplicate: true } | { entityType: string }) => void;
  now?: () => number;
}

export interface WebhookServer {
  url: string;
  close(): Promise<void>;
}

export const MAX_WEBHOOK_BODY = 256 * 1024;

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();

/** Constant-time comparison whatever the lengths (digests have equal length). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** What the HMAC covers: the body, or `<timestamp>.<body>` when the sender signs a timestamp. */
function signedBytes(body: Buffer, timestamp: string | undefined): Buffer {
  return timestamp === undefined ? body : Buffer.concat([Buffer.from(`${timestamp}.`), body]);
}

export function verifySignature(v: WebhookVerifier, header: string | undefined, body: Buffer, timestamp?: string): boolean {
  if (v.verify === 'ploomes') header ??= ploomesValidationKey(body) ?? undefined;
  if (!header) return false;
  if (v.verify !== 'hmac') return sameSecret(header, v.secret);
  const expected = createHmac('sha256', v.secret).update(signedBytes(body, timestamp)).digest('hex');
  return sameSecret(header.replace(/^sha256=/i, '').toLowerCase(), expected);
}

/** Epoch ms of a timestamp header: unix seconds (or ms), or ISO 8601. */
function timestampMs(text: string): number {
  if (/^\d{1,11}$/.test(text)) return Number(text) * 1000;
  if (/^\d{12,}$/.test(text)) return Number(text);
  return Date.parse(text);
}

/** Ids named by a payload: Ploomes-style `{EntityType, EntityId, ChangeType}`, `{id}`, `{ids: []}`, or an array. */
export function idsOf(payload: unknown): string[] {
  const items = Array.isArray(payload) ? payload : [payload];
  const ids: string[] = [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    for (const key of ['EntityId', 'entityId', 'ResourceId', 'Id', 'id']) {
      const v = o[key];
      if (typeof v === 'string' || typeof v === 'number') ids.push(String(v));
    }
    if (Array.isArray(o['ids'])) for (const v of o['ids']) if (typeof v === 'string' || typeof v === 'number') ids.push(String(v));
    const nested = o['New'] as Record<string, unknown> | undefined;
    if (nested && (typeof nested['Id'] === 'number' || typeof nested['Id'] === 'string')) ids.push(String(nested['Id']));
  }
  return [...new Set(ids)];
}

/** The sender's id of this notification, if it gives one (header or payload). */
function eventIdOf(req: IncomingMessage, payload: unknown): string | null {
  for (const h of ['webhook-id', 'x-event-id']) {
    const v = req.headers[h];
    if (typeof v === 'string' && v !== '') return v;
  }
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const o = payload as Record<string, unknown>;
    for (const k of ['EventId', 'eventId', 'event_id']) if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
  }
  return null;
}

const headerValue = (req: IncomingMessage, name: string) => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

export async function startWebhookServer(deps: WebhookDeps): Promise<WebhookServer> {
  const now = deps.now ?? Date.now;
  const guards = new Map<string, ReplayGuard>();
  const send = (res: ServerResponse, status: number, body: object, close = false) => {
    res.writeHead(status, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) });
    res.end(JSON.stringify(body));
  };
  const reject = (res: ServerResponse, source: string, why: string) => {
    deps.onRejected?.(source, why);
    send(res, 401, { error: why });
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/webhooks\/([A-Za-z0-9_-]+)\/?$/.exec(new URL(req.url ?? '/', 'http://x.invalid').pathname);
    if (!m) return send(res, 404, { error: 'POST /webhooks/<source>' });
    const source = m[1]!;
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
    const verifier = deps.verifierFor(source);
    if (!verifier) return send(res, 404, { error: `no webhook for source "${source}"` });
    const tooLarge = { error: `body larger than ${MAX_WEBHOOK_BODY} bytes` };
    // Far over the limit: answer without reading it all.
    if (declaredTooLarge(req, MAX_WEBHOOK_BODY * 16)) {
      req.resume();
      return send(res, 413, tooLarge, true);
    }
    const body = await readBody(req, MAX_WEBHOOK_BODY);
    if (body === null) return send(res, 413, tooLarge, true);
    const timestamp = verifier.verify === 'hmac' && verifier.timestampHeader ? headerValue(req, verifier.timestampHeader) : undefined;
    if (!verifySignature(verifier, headerValue(req, verifier.header), body, timestamp)) {
      return reject(res, source, 'bad or missing signature');
    }
    const windowMs = verifier.replayWindowMs ?? 0;
    if (timestamp !== undefined && windowMs > 0 && !(Math.abs(now() - timestampMs(timestamp)) <= windowMs)) {
      return reject(res, source, 'signed timestamp outside the replay window');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    // Acknowledged, so the sender does not retry or drop the subscription; counted, so the operator sees them.
    const entityType = entityTypeOf(payload, verifier.entityTypes);
    if (entityType.ignored) {
      deps.onIgnored?.(source, { entityType: entityType.type });
      return send(res, 200, { accepted: 0, ignored: entityType.type });
    }
    const ids = idsOf(relevantEvents(payload, verifier.entityTypes));
    if (ids.length === 0) return send(res, 400, { error: 'no record id in the payload (EntityId, ResourceId, Id, id or ids)' });
    // Checked before the replay guard remembers the event: a refused request must not make its retry a repeat.
    const asked = new URL(req.url ?? '/', 'http://x.invalid').searchParams.get('urgency');
    if (asked !== null && !(urgencies as readonly string[]).includes(asked)) {
      return send(res, 400, { error: `urgency: expected one of ${urgencies.join(', ')}` });
    }
    if (windowMs > 0) {
      let guard = guards.get(source);
      if (!guard) guards.set(source, (guard = new ReplayGuard(windowMs)));
      const eventId = eventIdOf(req, payload);
      const key = eventId !== null ? `id:${eventId}` : `body:${digest(signedBytes(body, timestamp)).toString('hex')}`;
      // Acknowledged, so the sender stops retrying; nothing runs twice.
      if (guard.repeated(key, now())) {
        deps.onIgnored?.(source, { duplicate: true });
        return send(res, 200, { accepted: 0, duplicate: true });
      }
    }
    // Answer first: the sender must not wait for (or time out on) the sync it triggers.
    send(res, 202, { accepted: ids.length });
    deps.onChange(source, ids, (asked as Urgency | null) ?? verifier.urgency ?? 'normal');
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
