// The wire between the engine host (UI-facing thread) and the engine worker. Two MessagePorts: `rpc` carries
// calls `{id, method, input}` in and replies out, plus the host's control messages (start the agent, secrets,
// close); `events` carries the engine's contract events, pushed. Errors cross as plain data and are re-created as
// the same classes on the other side, so `instanceof ApiInputError` and its `issues` survive.
import type { ApiEventName, ApiMethodName, ReadMethodName } from '../../src-shared/api.js';
import { ApiInputError } from '../../src-shared/apiError.js';
import { AgentLockHeldError } from '../engine/agentLock.js';
import type { RecordCacheOptions } from '../engine/cache/recordCache.js';
import { ConfigError } from '../engine/config/configError.js';
import type { LiveStatus } from '../engine/metrics/statusParts.js';
import { SchemaTooNewError } from '../engine/store/catalogFile.js';

/** What the host hands the worker at start (structured-clone safe: no functions). */
export interface WorkerBoot {
  dataDir: string;
  configPath?: string;
  /** Snapshot of `${keychain:NAME}` secrets (desktop); refreshed with a `secrets` message. */
  secrets?: Record<string, string>;
  /** Set after a crash: the runs the dead worker left `running` are closed with this reason. */
  recoveryReason?: string;
  /** Start schedules, webhooks and queued jobs as soon as the engine is open (a restart of a started agent). */
  startAgent?: boolean;
  fileLogs?: boolean;
}

export type HostMessage =
  /** `live`: the engine's live part of getStatus, for a reader answering it. */
  | { type: 'call'; id: number; method: ApiMethodName; input: unknown; live?: LiveStatus }
  /** A read the reader answered: the engine notes it for its cache warmer (usageStore.ts). */
  | { type: 'noted'; method: ReadMethodName; input: unknown }
  | { type: 'startAgent'; id: number; startupSync: boolean }
  | { type: 'secrets'; secrets: Record<string, string> }
  | { type: 'close'; id: number }
  /** To a reader thread started before the engine had opened the catalog: open it now. */
  | { type: 'boot'; boot: ReaderBoot };

export interface WorkerInfo {
  webhookUrl: string | null;
  syncOnStart: boolean;
  /** The reader thread's cache is sized like the engine's. */
  cache?: RecordCacheOptions;
  /** And warmed like it, before it answers (absent: warming is off). */
  warm?: ReaderWarm;
}

export interface ReaderWarm {
  searches: number;
  budgetMs: number;
}

/** The engine's live part of getStatus, numbered: it is sent on both ports and the newest wins. */
export interface LiveMessage {
  type: 'live';
  seq: number;
  live: LiveStatus;
}

/** What the host hands the reader thread (readerWorker.ts). */
export interface ReaderBoot {
  file: string;
  cache: RecordCacheOptions;
  warm?: ReaderWarm;
}

export type WorkerMessage =
  | { type: 'ready'; info: WorkerInfo }
  | LiveMessage
  | { type: 'openFailed'; error: WireError }
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WireError };

export interface EventMessage {
  event: ApiEventName;
  payload: unknown;
}

export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** The error's own data (ApiInputError.issues, ConfigError.problems, …). */
  fields: Record<string, unknown>;
}

/** Errors that are re-created as their own class; any other arrives as an Error with the same name and message. */
const revivable: Record<string, { prototype: Error }> = {
  ApiInputError,
  ConfigError,
  AgentLockHeldError,
  SchemaTooNewError,
};

export function toWireError(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (k === 'name' || k === 'message' || k === 'stack') continue;
    // Only what structured clone can carry; a field that is not (a socket, a function) stays behind.
    try {
      structuredClone(v);
      fields[k] = v;
    } catch {
      // not cloneable
    }
  }
  return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), fields };
}

export function fromWireError(w: WireError): Error {
  const cls = revivable[w.name];
  // Built without running the constructor: its arguments differ per class, the fields restore its state.
  const err = (cls ? Object.create(cls.prototype) : new Error(w.message)) as Error;
  Object.defineProperty(err, 'message', { value: w.message, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(err, 'name', { value: w.name, writable: true, configurable: true, enumerable: false });
  if (w.stack) Object.defineProperty(err, 'stack', { value: w.stack, writable: true, configurable: true, enumerable: false });
  Object.assign(err, w.fields);
  return err;
}
