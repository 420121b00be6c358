// The renderer's only way to the engine. Under Electron the preload bridge (`window.syncflow`) carries calls over
// IPC; in a browser the same contract goes over the headless server's HTTP + SSE bridge. Both carriers are built
// from `apiMethodNames`/`apiEventNames`, so a new contract method needs no change here.
import { apiEventNames, apiMethodNames, parseApiInput } from '../src-shared/api.js';
import type {
  ApiEventName,
  ApiMethodName,
  EventListener,
  EventSubscriber,
  SyncAgentClient,
} from '../src-shared/api.js';
import type { SyncflowBridge } from './preload-bridge.js';

export type SyncflowClient = SyncAgentClient & EventSubscriber;
export type TransportKind = 'ipc' | 'http';

/**
 * A failed call. `unreachable`: the engine could not be reached at all; `unauthorized`: the server refused the
 * token; `rejected`: the engine answered with an error; `protocol`: the answer was not what the contract says.
 */
export type ApiErrorKind = 'unreachable' | 'unauthorized' | 'rejected' | 'protocol';

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly kind: ApiErrorKind,
    readonly status: number | null = null,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

type Invoke = (method: ApiMethodName, input: unknown) => Promise<unknown>;
type AnyListener = (payload: unknown) => void;

/** Builds the typed client from one untyped invoke: every input is validated before it leaves the renderer. */
function clientFrom(invoke: Invoke, on: EventSubscriber['on']): SyncflowClient {
  const methods = Object.fromEntries(
    apiMethodNames.map((method) => [method, async (input?: unknown) => invoke(method, parseApiInput(method, input))]),
  );
  return { ...methods, on } as SyncflowClient;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

// ---------------------------------------------------------------------------------------------------------------
// Electron: window.syncflow

/** Electron prefixes errors thrown by ipcMain handlers; the operator only needs the engine's own message. */
export function cleanIpcErrorMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '');
}

export function createIpcClient(bridge: SyncflowBridge): SyncflowClient {
  const methods = bridge as unknown as Record<string, ((input: unknown) => Promise<unknown>) | undefined>;
  return clientFrom(
    async (method, input) => {
      if (typeof methods[method] !== 'function') {
        throw new ApiCallError(`the desktop bridge does not expose "${method}"`, method, 'protocol');
      }
      try {
        return await (methods[method] as (input: unknown) => Promise<unknown>)(input);
      } catch (err) {
        throw new ApiCallError(cleanIpcErrorMessage(messageOf(err)), method, 'rejected');
      }
    },
    (event, listener) => bridge.on(event, listener),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Browser: HTTP + SSE bridge of `syncflow serve`

/** The part of the DOM EventSource the transport uses (lets tests supply their own implementation). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

export interface HttpClientOptions {
  /** URL the relative `api/...` paths resolve against: the page's own URL in the browser. */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  EventSource?: EventSourceConstructor;
}

interface ErrorEnvelope {
  message: string;
  issues?: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readErrorEnvelope(body: unknown): ErrorEnvelope | null {
  if (!isRecord(body) || body['ok'] !== false || !isRecord(body['error'])) return null;
  const { message, issues } = body['error'];
  if (typeof message !== 'string') return null;
  return {
    message,
    ...(Array.isArray(issues) ? { issues: issues.filter((i): i is string => typeof i === 'string') } : {}),
  };
}

export function createHttpClient(options: HttpClientOptions): SyncflowClient {
  const { baseUrl, token } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  const invoke: Invoke = async (method, input) => {
    const url = new URL(`api/${method}`, baseUrl);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let status: number;
    let statusText: string;
    let text: string;
    try {
      const response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      status = response.status;
      statusText = response.statusText;
      text = await response.text();
    } catch (err) {
      throw new ApiCallError(messageOf(err), method, 'unreachable');
    }

    let body: unknown = undefined;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): reported below by status.
    }
    const ok = status >= 200 && status < 300;
    if (ok && isRecord(body) && body['ok'] === true) return body['result'];

    const envelope = readErrorEnvelope(body);
    const kind: ApiErrorKind = status === 401 || status === 403 ? 'unauthorized' : ok ? 'protocol' : 'rejected';
    const message =
      envelope?.message ?? (ok ? 'malformed response from the engine' : `HTTP ${status} ${statusText}`.trim());
    throw new ApiCallError(message, method, kind, status, envelope?.issues ?? []);
  };

  // Events: one EventSource, opened on the first subscription, dispatching named SSE events to listeners.
  const listeners = new Map<ApiEventName, Set<AnyListener>>();
  let source: EventSourceLike | null = null;

  const dispatch = (event: ApiEventName, data: unknown): void => {
    let payload: unknown;
    try {
      payload = JSON.parse(String(data));
    } catch {
      return;
    }
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`syncflow: "${event}" listener failed`, err);
      }
    }
  };

  const open = (): void => {
    if (source) return;
    const Source = options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
    if (!Source) return;
    const url = new URL('api/events', baseUrl);
    if (token) url.searchParams.set('token', token);
    source = new Source(url.toString());
    for (const event of apiEventNames) {
      source.addEventListener(event, (message) => dispatch(event, message.data));
    }
  };

  const on = <E extends ApiEventName>(event: E, listener: EventListener<E>): (() => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const entry = listener as AnyListener;
    set.add(entry);
    open();
    return () => {
      set.delete(entry);
    };
  };

  return clientFrom(invoke, on);
}

// ---------------------------------------------------------------------------------------------------------------
// Page token (HTTP bridge): arrives once as ?token=..., then lives in sessionStorage, out of the address bar.

export const TOKEN_STORAGE_KEY = 'syncflow.token';

interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
interface TokenHistory {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

/** Returns the bridge token, moving a `?token=` from the URL into session storage and off the address bar. */
export function takePageToken(href: string, storage: TokenStorage | null, history: TokenHistory | null): string | null {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage disabled: the token still works for this page load.
    }
    url.searchParams.delete('token');
    history?.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl || null;
  }
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The client the app uses: the carrier is chosen on first use, so importing this module has no side effects.

export function transportKind(): TransportKind {
  return typeof window !== 'undefined' && window.syncflow ? 'ipc' : 'http';
}

let carrier: SyncflowClient | null = null;

function currentCarrier(): SyncflowClient {
  if (carrier) return carrier;
  if (window.syncflow) {
    carrier = createIpcClient(window.syncflow);
  } else {
    const token = takePageToken(window.location.href, sessionStorageOrNull(), window.history);
    carrier = createHttpClient({ baseUrl: window.location.href, token });
  }
  return carrier;
}

export const syncflow: SyncflowClient = {
  ...(Object.fromEntries(
    apiMethodNames.map((method) => [
      method,
      (input?: unknown) => (currentCarrier()[method] as (input?: unknown) => Promise<unknown>)(input),
    ]),
  ) as SyncAgentClient),
  on: (event, listener) => currentCarrier().on(event, listener),
};
