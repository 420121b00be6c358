// The HTTP carrier against a real HTTP server on 127.0.0.1, with Node's own fetch. The page-relative URLs are
// resolved against an injected base URL (the page's address in the browser).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiInputError } from '../../../src-shared/api.js';
import type { LogLine } from '../../../src-shared/domain.js';
import {
  ApiCallError,
  TOKEN_STORAGE_KEY,
  cleanIpcErrorMessage,
  createHttpClient,
  takePageToken,
} from '../../../src-renderer/transport.js';
import type { EventSourceLike } from '../../../src-renderer/transport.js';
import { describeError } from '../../../src-renderer/lib/errors.js';
import { translator } from '../../../src-renderer/i18n/index.js';

const t = translator('en');

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server;
let origin: string;
const seen: Seen[] = [];
let handler: Handler = (_req, res) => res.writeHead(500).end();
const sseClients: ServerResponse[] = [];
let onSseConnect: ((res: ServerResponse, url: string) => void) | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.includes('/api/events')) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write(': connected\n\n');
      sseClients.push(res);
      onSseConnect?.(res, req.url);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  seen.length = 0;
  for (const res of sseClients.splice(0)) res.end();
  onSseConnect = null;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};

const client = (token: string | null = 'tok-1') =>
  createHttpClient({ baseUrl: `${origin}/app/index.html?x=1`, token, fetch: globalThis.fetch });

describe('HTTP carrier: calls', () => {
  it('POSTs the validated input to api/<method> relative to the page, with the bearer token', async () => {
    handler = (_req, res) => json(res, 200, { ok: true, result: { total: 1, items: [] } });
    const result = await client().search({ query: 'cabo' });
    expect(result).toEqual({ total: 1, items: [] });
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/app/api/search');
    expect(req.headers['authorization']).toBe('Bearer tok-1');
    expect(req.headers['content-type']).toBe('application/json');
    // Defaults from the contract's schema are applied before sending.
    expect(JSON.parse(req.body)).toEqual({ query: 'cabo', filters: {}, limit: 50, facets: false });
  });

  it('sends {} when a method is called without input, and passes a null result through', async () => {
    handler = (req, res) => json(res, 200, { ok: true, result: req.url.endsWith('/getProduct') ? null : { v: 1 } });
    await client().getStatus();
    expect(JSON.parse(seen[0]!.body)).toEqual({});
    await expect(client().getProduct({ id: 'p-1' })).resolves.toBeNull();
  });

  it('rejects invalid input before anything is sent', async () => {
    handler = (_req, res) => json(res, 200, { ok: true, result: [] });
    const err = await client()
      .listRuns({ limit: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiInputError);
    expect((err as ApiInputError).issues.join()).toContain('limit');
    await expect(client().syncNow({ bogus: true } as never)).rejects.toBeInstanceOf(ApiInputError);
    expect(seen).toHaveLength(0);
  });

  it("throws the engine's error message and issues from a non-2xx envelope", async () => {
    handler = (_req, res) =>
      json(res, 400, { ok: false, error: { message: 'invalid input for search', issues: ['limit: too big'] } });
    const err = (await client()
      .search({})
      .catch((e: unknown) => e)) as ApiCallError;
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err.message).toBe('invalid input for search');
    expect(err.kind).toBe('rejected');
    expect(err.status).toBe(400);
    expect(err.issues).toEqual(['limit: too big']);
    expect(err.method).toBe('search');
    const described = describeError(err, t);
    expect(described.sentence).toBe('The engine could not do that.');
    expect(described.raw).toBe('search: invalid input for search (limit: too big)');
  });

  it('classifies a refused token, a non-JSON error page and a malformed success', async () => {
    handler = (_req, res) => json(res, 401, { ok: false, error: { message: 'missing or wrong token' } });
    const unauthorized = (await client(null)
      .getStatus()
      .catch((e: unknown) => e)) as ApiCallError;
    expect(unauthorized.kind).toBe('unauthorized');
    expect(unauthorized.message).toBe('missing or wrong token');
    expect(seen[0]!.headers['authorization']).toBeUndefined();
    expect(describeError(unauthorized, t).connectivity).toBe(true);

    handler = (_req, res) => res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' }).end('<h1>oops</h1>');
    const gateway = (await client()
      .getStatus()
      .catch((e: unknown) => e)) as ApiCallError;
    expect(gateway.kind).toBe('rejected');
    expect(gateway.message).toBe('HTTP 502 Bad Gateway');

    handler = (_req, res) => json(res, 200, { result: 1 });
    const malformed = (await client()
      .getStatus()
      .catch((e: unknown) => e)) as ApiCallError;
    expect(malformed.kind).toBe('protocol');
  });

  it('reports an engine that is not listening as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dead = createHttpClient({ baseUrl: `http://127.0.0.1:${port}/`, token: 't' });
    const err = (await dead.getStatus().catch((e: unknown) => e)) as ApiCallError;
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err.kind).toBe('unreachable');
    expect(describeError(err, t).sentence).toBe('The Syncflow engine does not answer.');
    expect(describeError(err, translator('pt-BR')).sentence).toBe('O motor do Syncflow não responde.');
  });
});

/** A small EventSource over fetch streaming (Node 20 has none), standing in for the browser's. */
class FetchEventSource implements EventSourceLike {
  static instances: FetchEventSource[] = [];
  private readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  private readonly abort = new AbortController();

  constructor(readonly url: string) {
    FetchEventSource.instances.push(this);
    void this.pump().catch(() => undefined);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(): Promise<void> {
    const response = await fetch(this.url, { signal: this.abort.signal, headers: { Accept: 'text/event-stream' } });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        const data: string[] = [];
        for (const field of block.split('\n')) {
          if (field.startsWith('event:')) type = field.slice(6).trim();
          else if (field.startsWith('data:')) data.push(field.slice(5).replace(/^ /, ''));
        }
        if (data.length === 0) continue;
        const event = new MessageEvent(type, { data: data.join('\n') });
        for (const listener of this.listeners.get(type) ?? []) listener(event);
      }
    }
  }
}

describe('HTTP carrier: events', () => {
  it('opens one EventSource lazily with the token and dispatches named JSON events to their listeners', async () => {
    const connected = new Promise<{ res: ServerResponse; url: string }>((resolve) => {
      onSseConnect = (res, url) => resolve({ res, url });
    });
    const events = createHttpClient({ baseUrl: `${origin}/`, token: 'a/b+c=', EventSource: FetchEventSource });
    const before = FetchEventSource.instances.length;
    await events.getStatus().catch(() => undefined); // a call alone opens no stream
    expect(FetchEventSource.instances.length).toBe(before);

    const first: LogLine[] = [];
    let firstArrived!: () => void;
    const firstDone = new Promise<void>((resolve) => (firstArrived = resolve));
    const offFirst = events.on('log', (line) => {
      first.push(line);
      firstArrived();
    });
    const progressSeen: unknown[] = [];
    events.on('progress', (p) => progressSeen.push(p));

    const { res, url } = await connected;
    expect(FetchEventSource.instances.length).toBe(before + 1);
    const stream = FetchEventSource.instances[FetchEventSource.instances.length - 1]!;
    expect(new URL(url, origin).pathname).toBe('/api/events');
    expect(new URL(url, origin).searchParams.get('token')).toBe('a/b+c=');

    const line1: LogLine = { seq: 1, time: '2024-06-10T12:00:00Z', level: 'warn', msg: 'slow page' };
    res.write('event: log\ndata: not json\n\n'); // ignored, does not break the stream
    res.write(`event: progress\ndata: ${JSON.stringify({ runId: 3, fetched: 10 })}\n\n`);
    res.write(`event: log\ndata: ${JSON.stringify(line1)}\n\n`);
    await firstDone;
    expect(first).toEqual([line1]);
    expect(progressSeen).toEqual([{ runId: 3, fetched: 10 }]);

    // After unsubscribing, only the remaining listener hears; a second subscription reuses the stream.
    offFirst();
    let secondArrived!: (line: LogLine) => void;
    const secondDone = new Promise<LogLine>((resolve) => (secondArrived = resolve));
    events.on('log', (line) => secondArrived(line));
    expect(FetchEventSource.instances.length).toBe(before + 1);
    const line2: LogLine = { ...line1, seq: 2, msg: 'done' };
    res.write(`event: log\ndata: ${JSON.stringify(line2)}\n\n`);
    expect(await secondDone).toEqual(line2);
    expect(first).toEqual([line1]);

    stream.close();
  });
});

describe('page token', () => {
  const memoryStorage = () => {
    const map = new Map<string, string>();
    return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  };
  const recordingHistory = () => {
    const urls: string[] = [];
    return {
      urls,
      state: { keep: 1 },
      replaceState: (_d: unknown, _u: string, url?: string | URL | null) => void urls.push(String(url)),
    };
  };

  it('moves ?token= into session storage and out of the address bar, keeping the rest of the URL', () => {
    const storage = memoryStorage();
    const history = recordingHistory();
    const token = takePageToken('http://127.0.0.1:7000/index.html?token=s3cr%2Bt&view=x#catalog', storage, history);
    expect(token).toBe('s3cr+t');
    expect(storage.map.get(TOKEN_STORAGE_KEY)).toBe('s3cr+t');
    expect(history.urls).toEqual(['/index.html?view=x#catalog']);
  });

  it('falls back to the stored token on reload and leaves the URL alone', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'kept');
    const history = recordingHistory();
    expect(takePageToken('http://127.0.0.1:7000/', storage, history)).toBe('kept');
    expect(history.urls).toEqual([]);
    expect(takePageToken('http://127.0.0.1:7000/', memoryStorage(), history)).toBeNull();
  });
});

describe('cleanIpcErrorMessage', () => {
  it("strips Electron's invoke prefix and keeps the engine's message", () => {
    expect(cleanIpcErrorMessage("Error invoking remote method 'syncflow:invoke': Error: source not found: x")).toBe(
      'source not found: x',
    );
    expect(cleanIpcErrorMessage("Error invoking remote method 'syncflow:invoke': ApiInputError: bad")).toBe('bad');
    expect(cleanIpcErrorMessage('plain message')).toBe('plain message');
  });
});
