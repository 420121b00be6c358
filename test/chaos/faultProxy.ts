// A fault-injecting HTTP proxy (127.0.0.1, port 0) in front of a vendor API: it forwards every request and, with a
// seeded chance per listing request, resets the connection, cuts the body short, garbles the JSON, answers too late,
// refuses with 429 (with or without Retry-After) or starts a burst of 5xx, or serves the page shifted back so its
// first records repeat the previous page's last. A hook lets the vendor change (edit, delete) while being paged.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAULT_KINDS = ['reset', 'truncated', 'malformed', 'slow', '429-retry-after', '429-bare', '5xx', 'duplicates'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultProxyOptions {
  upstream: string;
  random: () => number;
  /** Chance that a listing request gets a fault (0 turns faults off). */
  rate: number;
  /** How long a "slow" answer waits: past the agent's timeout. */
  slowMs: number;
  /** Called before each listing request is forwarded: the vendor edits and deletes while being paged. */
  onListing?: () => void;
}

export interface FaultProxy {
  url: string;
  /** Faults injected so far, by kind. */
  faults: Record<FaultKind, number>;
  requests: number;
  setRate(rate: number): void;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function forward(upstream: string, req: IncomingMessage, path: string): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, upstream);
    const headers = { ...req.headers, host: target.host };
    const out = request(target, { method: req.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
        resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    req.pipe(out);
  });
}

/** The listing path with $skip moved back by `by` (the page then repeats the previous page's last records). */
function shifted(path: string, by: number): string | null {
  const url = new URL(path, 'http://x');
  const skip = Number(url.searchParams.get('$skip') ?? '0');
  if (!(skip >= by) || url.searchParams.has('$filter')) return null;
  url.searchParams.set('$skip', String(skip - by));
  return url.pathname + url.search;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  let rate = opts.rate;
  let burst = 0;
  let requests = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const reply = (res: ServerResponse, up: Upstream, body = up.body): void => {
    const headers: Record<string, string> = { ...up.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    res.writeHead(up.status, headers);
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests++;
    const path = req.url ?? '/';
    const listing = path.startsWith('/Products');
    if (!listing) return reply(res, await forward(opts.upstream, req, path));
    opts.onListing?.();
    if (burst > 0) {
      burst--;
      faults['5xx']++;
      res.writeHead([500, 502, 503][burst % 3]!, { 'content-type': 'application/json' });
      return void res.end('{"error":"upstream unavailable"}');
    }
    const kind: FaultKind | null = rate > 0 && opts.random() < rate ? FAULT_KINDS[Math.floor(opts.random() * FAULT_KINDS.length)]! : null;
    switch (kind) {
      case 'reset':
        faults.reset++;
        return void req.socket.destroy();
      case '429-retry-after':
      case '429-bare':
        faults[kind]++;
        res.writeHead(429, { 'content-type': 'application/json', ...(kind === '429-retry-after' ? { 'retry-after': '1' } : {}) });
        return void res.end('{"error":"too many requests"}');
      case '5xx':
        faults['5xx']++;
        burst = 1 + Math.floor(opts.random() * 3);
        res.writeHead(503, { 'content-type': 'application/json' });
        return void res.end('{"error":"upstream unavailable"}');
      case 'slow': {
        faults.slow++;
        // Answer only after the agent gave up on the request.
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => (timers.delete(t), resolve()), opts.slowMs);
          timers.add(t);
        });
        if (res.destroyed || req.socket.destroyed) return;
        return reply(res, await forward(opts.upstream, req, path));
      }
      case 'duplicates': {
        const moved = shifted(path, 1 + Math.floor(opts.random() * 5));
        if (moved === null) break;
        faults.duplicates++;
        return reply(res, await forward(opts.upstream, req, moved));
      }
      default:
        break;
    }
    const up = await forward(opts.upstream, req, path);
    if (up.status !== 200 || (kind !== 'truncated' && kind !== 'malformed')) return reply(res, up);
    faults[kind]++;
    if (kind === 'malformed') {
      // Valid up to a point, then not JSON at all (a proxy's error page spliced in).
      const cut = Math.floor(up.body.length * (0.2 + 0.6 * opts.random()));
      return reply(res, up, Buffer.concat([up.body.subarray(0, cut), Buffer.from('<html>502 Bad Gateway</html>')]));
    }
    // Promise the whole body, send part of it, then drop the connection.
    res.writeHead(up.status, { ...up.headers, 'content-length': String(up.body.length) });
    res.write(up.body.subarray(0, Math.floor(up.body.length * (0.1 + 0.8 * opts.random()))));
    res.socket?.destroy();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    get requests() {
      return requests;
    },
    setRate: (r) => (rate = r),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
