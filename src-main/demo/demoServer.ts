// The bundled demo vendor API: an HTTP server shaped like Ploomes' public REST API (OData), used by
// `syncflow demo-server`, by the demo source when no config exists, and by integration tests.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_DEFAULT_SEED, DEMO_DEFAULT_SIZE, DEMO_ID_BASE } from './demoCatalog.js';
import type { PloomesProduct } from './demoCatalog.js';
import { DemoCatalogState } from './demoCatalogState.js';
import { parseProductQuery } from './demoQuery.js';
import type { DemoQuery } from './demoQuery.js';

export { DEMO_DEFAULT_SIZE } from './demoCatalog.js';
export type { PloomesProduct } from './demoCatalog.js';

export interface DemoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Products served; default DEMO_DEFAULT_SIZE. */
  size?: number;
  /** Default 42. */
  seed?: number;
  /** Value the User-Key header must carry; default 'demo-key'. */
  userKey?: string;
  /** Products changed per minute in the background; default 0 (off). */
  mutationsPerMinute?: number;
}

export interface DemoServerStats {
  size: number;
  requests: number;
  mutations: number;
}

export interface DemoServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  userKey: string;
  size: number;
  /** Changes `count` distinct products and returns their Ids. */
  mutate(count: number): number[];
  /** Deletes `count` products (the vendor's own deletes) and returns their Ids. */
  remove(count: number): number[];
  /** The current version of a product, including mutations; undefined once deleted. */
  product(id: number): PloomesProduct | undefined;
  stats(): DemoServerStats;
  close(): Promise<void>;
}

type JsonBody = Record<string, unknown>;

function sendJson(res: ServerResponse, status: number, body: JsonBody, headers: Record<string, string> = {}): void {
  // Encoded once: Buffer.byteLength of a page with accented text, then end(text) encoding it again, was 30% of the
  // server's CPU while a client paged through it (profile of 300,000 products).
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
    ...headers,
  });
  res.end(bytes);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The request URL with $skip replaced, keeping the client's own encoding of everything else. */
function nextLink(base: string, rawUrl: string, skip: number): string {
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const pairs = (q === -1 ? '' : rawUrl.slice(q + 1)).split('&').filter((p) => p !== '');
  const isSkip = (pair: string): boolean => {
    try {
      return decodeURIComponent((pair.split('=')[0] ?? '').replace(/\+/g, ' ')) === '$skip';
    } catch {
      return false;
    }
  };
  const kept = pairs.filter((p) => !isSkip(p));
  kept.push(`$skip=${skip}`);
  return `${base}${path}?${kept.join('&')}`;
}

function project(p: PloomesProduct, select: readonly string[] | null): JsonBody {
  if (!select) return p as unknown as JsonBody;
  const src = p as unknown as JsonBody;
  const out: JsonBody = {};
  for (const key of Object.keys(src)) if (select.includes(key)) out[key] = src[key];
  return out;
}

function checkOptions(opts: DemoServerOptions): void {
  const { size, port, mutationsPerMinute } = opts;
  if (size !== undefined && (!Number.isInteger(size) || size < 1))
    throw new RangeError(`demo size must be a positive integer, got ${size}`);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535))
    throw new RangeError(`demo port must be 0..65535, got ${port}`);
  if (mutationsPerMinute !== undefined && !(Number.isFinite(mutationsPerMinute) && mutationsPerMinute >= 0)) {
    throw new RangeError(`mutationsPerMinute must be a finite number >= 0, got ${mutationsPerMinute}`);
  }
}

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  checkOptions(opts);
  const host = opts.host ?? '127.0.0.1';
  const size = opts.size ?? DEMO_DEFAULT_SIZE;
  const userKey = opts.userKey ?? 'demo-key';
  const keyDigest = digest(userKey);
  const state = new DemoCatalogState(size, opts.seed ?? DEMO_DEFAULT_SEED);
  let requests = 0;
  let url = '';

  const authorized = (req: IncomingMessage): boolean => {
    const given = req.headers['user-key'];
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    return typeof given === 'string' && timingSafeEqual(digest(given), keyDigest);
  };

  const listProducts = (req: IncomingMessage, res: ServerResponse, query: DemoQuery): void => {
    const view = state.resolve(query.filter, query.orderBy);
    // `Id gt N`: the view is in Id order, so the records after N start where a binary search puts N.
    const from = query.afterId === null ? 0 : firstAfter(view, query.afterId - DEMO_ID_BASE);
    const total = view.length - from;
    const end = Math.min(total, query.skip + query.top);
    const value: JsonBody[] = [];
    for (let p = query.skip; p < end; p++) value.push(project(state.product(view.at(from + p)), query.select));
    const body: JsonBody = { '@odata.context': `${url}/$metadata#Products` };
    if (query.count) body['@odata.count'] = total;
    body.value = value;
    if (query.top > 0 && end < total) body['@odata.nextLink'] = nextLink(url, req.url ?? '/Products', end);
    sendJson(res, 200, body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const parsed = new URL(req.url ?? '/', 'http://demo.invalid');
    const route = `${req.method ?? 'GET'} ${parsed.pathname}`;
    const known = ['/Products', '/__demo/mutate', '/__demo/stats'];
    if (!known.includes(parsed.pathname)) return sendJson(res, 404, { error: `no resource at ${parsed.pathname}` });
    if (!authorized(req)) {
      const reason = req.headers['user-key'] === undefined ? 'missing User-Key header' : 'invalid User-Key';
      return sendJson(res, 401, { error: reason });
    }
    switch (route) {
      case 'GET /Products': {
        const result = parseProductQuery(parsed.searchParams);
        if (!result.ok) return sendJson(res, 400, { error: result.error });
        return listProducts(req, res, result.query);
      }
      case 'POST /__demo/mutate': {
        const raw = parsed.searchParams.get('count') ?? '1';
        const count = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
        if (!(count <= size))
          return sendJson(res, 400, { error: `count must be an integer from 0 to ${size}, got '${raw}'` });
        return sendJson(res, 200, { ids: state.mutate(count) });
      }
      case 'GET /__demo/stats':
        return sendJson(res, 200, { ...stats() });
      default: {
        const allow = parsed.pathname === '/__demo/mutate' ? 'POST' : 'GET';
        return sendJson(res, 405, { error: `${req.method ?? ''} is not allowed on ${parsed.pathname}` }, { allow });
      }
    }
  };

  const stats = (): DemoServerStats => ({ size, requests, mutations: state.mutations });

  const server = createServer((req, res) => {
    requests++;
    // Drain any body so keep-alive connections stay usable.
    req.resume();
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : 'internal error' });
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let timer: NodeJS.Timeout | undefined;
  const perMinute = opts.mutationsPerMinute ?? 0;
  if (perMinute > 0) {
    // Tick at most once a second and carry fractions, so 0.5/min and 100,000/min both work;
    // setInterval turns delays beyond 2^31-1 ms into 1 ms, hence the upper clamp.
    const intervalMs = Math.min(2_147_483_647, Math.max(1000, 60_000 / perMinute));
    const perTick = (perMinute * intervalMs) / 60_000;
    let owed = 0;
    timer = setInterval(() => {
      owed += perTick;
      const n = Math.floor(owed);
      owed -= n;
      if (n > 0) state.mutate(Math.min(n, size));
    }, intervalMs);
    timer.unref();
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    userKey,
    size,
    mutate: (count) => state.mutate(count),
    remove: (count) => state.remove(count),
    product: (id) => {
      const index = state.indexOfId(id);
      return index === undefined || state.isDeleted(index) ? undefined : state.product(index);
    },
    stats,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        if (timer) clearInterval(timer);
        server.close((err) => (err ? reject(err) : resolve()));
        // close() alone waits for keep-alive sockets to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Position of the first index above `index` in a view sorted by index. */
function firstAfter(view: { length: number; at(p: number): number }, index: number): number {
  let lo = 0;
  let hi = view.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.at(mid) <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
