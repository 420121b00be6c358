// The engine host: runs the Engine in a worker_threads Worker owned by the process that shows the UI (Electron's
// main process, `syncflow serve`), so better-sqlite3's synchronous work never blocks the UI-facing thread. This
// thread only relays the contract: calls go out as `{id, method, input}` on an rpc MessagePort and are validated
// where they are answered (the worker, the reader thread: a bad input comes back as an ApiInputError with its
// issues), replies and structured errors come back, events arrive on a second port and are
// re-emitted on `events`. Calls made before the worker is ready wait for it.
//
// Supervision: if the worker dies (uncaught error, out of memory, native crash, terminate) every pending call is
// rejected, `engineState` tells the UI, and a new worker starts after a backoff (doubling, capped, reset after a
// healthy period). The host holds the data dir's agent lock on this thread, across restarts; the new worker's
// Engine closes the run the dead one left `running` as failed ("engine worker died: …"), and the next run of that
// source resumes from its checkpoint. An engine that cannot open (bad config, newer schema) is not restarted.
//
// Secrets: `${keychain:NAME}` values live in Electron's safeStorage, reachable only from the main thread, while
// the engine resolves references synchronously. So the desktop passes a snapshot of the stored secrets (name →
// value) at start and `updateSecrets()` whenever one changes; the worker resolves from its copy. The snapshot
// crosses in memory only (workerData, a port message), never the disk or a log.
//
// Reads: the methods flagged `read: true` in the contract are answered by a reader thread with its own read-only
// connection (readerThread.ts), started beside the engine's worker and opening the catalog once the engine has
// opened (and migrated) it, so a page commit never delays them. getStatus combines the engine's live part (pushed
// by the worker before every reply and event, newest wins) with what the reader reads. Until the reader runs, or if
// it dies, reads go to the engine.
//
// Start-up: this thread relays by the contract's names (src-shared/apiIndex.ts): it never loads the schemas (zod)
// nor the SQLite driver, so opening a catalog leaves it free while the worker loads and opens the engine.
//
// Quit: `close()` asks the engine to stop (running syncs stop after the page being committed), waits up to
// `closeTimeoutMs`, then terminates the worker and releases the lock.
import { mkdirSync } from 'node:fs';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { SyncAgentApi } from '../../src-shared/api.js';
import { apiMethodNames, isReadMethod, type ApiMethodName, type ReadMethodName } from '../../src-shared/apiIndex.js';
import type { EngineState } from '../../src-shared/domain.js';
import type { EngineHandle } from '../desktop/engine-handle.js';
import { acquireAgentLock, type AgentKind, type AgentLock } from '../engine/agentLock.js';
import { EngineEvents } from '../engine/events.js';
import type { LiveStatus } from '../engine/metrics/statusParts.js';
import { tuneEngineHeap } from '../engine/heapTuning.js';
import { catalogPath } from '../engine/store/catalogFile.js';
import { engineWorkerEntry, type WorkerEntry } from './paths.js';
import { ReaderGone, ReaderThread } from './readerThread.js';
import {
  fromWireError,
  type EventMessage,
  type LiveMessage,
  type HostMessage,
  type WorkerBoot,
  type WorkerInfo,
  type WorkerMessage,
} from './protocol.js';

export interface EngineHostOptions {
  dataDir: string;
  configPath?: string;
  /** The agent kind written in the data dir's lock (held by this thread for the host's life). */
  agent: AgentKind;
  /** Snapshot of the `${keychain:NAME}` secrets (desktop). */
  secrets?: Record<string, string>;
  fileLogs?: boolean;
  /** First restart delay, its cap, and how long a worker must run before the delay starts over. */
  restart?: { initialMs?: number; maxMs?: number; healthyMs?: number };
  /** How long close() waits for the engine before terminating the worker (default 10 s). */
  closeTimeoutMs?: number;
  /** Another worker script (tests). */
  workerEntry?: WorkerEntry;
  /** Answer read methods from a reader thread (default true). */
  reader?: boolean;
}

export type EngineHost = EngineHandle & {
  readonly events: EngineEvents;
  readonly state: EngineState;
  readonly webhookUrl: string | null;
  readonly syncOnStart: boolean;
  /** Schedules, webhooks, restored jobs; `startupSync` also runs the configured sync at start-up. */
  startAgent(opts?: { startupSync?: boolean }): Promise<void>;
  updateSecrets(secrets: Record<string, string>): void;
  close(): Promise<void>;
  /** The current worker (tests kill it). */
  readonly worker: Worker | null;
  /** The reader thread, once it runs (tests). */
  readonly readerThread: Worker | null;
  /** Whether the reader thread (the current one, after a restart) started (false: reads stay with the engine). */
  readerReady(): Promise<boolean>;
  /** A contract call answered by the engine's worker even when it is a read (tests compare the two). */
  callEngine(method: ApiMethodName, input: unknown): Promise<unknown>;
};

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Generation {
  worker: Worker;
  rpc: MessagePort;
  events: MessagePort;
  pending: Map<number, Pending>;
  ready: boolean;
  dead: boolean;
  crash?: string;
  /** The engine's live part of getStatus, newest first seen (LiveMessage.seq). */
  live?: LiveMessage;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // a rejection nobody waits for is not an unhandled one
  return { promise, resolve, reject };
}

/** Starts the worker and resolves once its engine is open; rejects with the engine's own error if it cannot open. */
export async function startEngineHost(opts: EngineHostOptions): Promise<EngineHost> {
  const host = new Host(opts);
  await host.firstReady.promise;
  return host.handle;
}

class Host {
  readonly events = new EngineEvents();
  readonly firstReady = deferred<void>();
  private readonly lock: AgentLock;
  private readonly boot: WorkerBoot;
  private readonly entry: WorkerEntry;
  private gen: Generation | null = null;
  private ready = deferred<Generation>();
  private nextId = 1;
  private stateValue: EngineState = { state: 'starting', restarts: 0 };
  private info: WorkerInfo = { webhookUrl: null, syncOnStart: false };
  private attempt = 0;
  private healthyTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private everReady = false;
  private closing: Promise<void> | null = null;
  private reader: ReaderThread | null = null;
  readonly handle: EngineHost;

  constructor(private readonly opts: EngineHostOptions) {
    mkdirSync(opts.dataDir, { recursive: true });
    this.lock = acquireAgentLock(opts.dataDir, opts.agent); // throws AgentLockHeldError naming the holder
    tuneEngineHeap();
    this.boot = {
      dataDir: opts.dataDir,
      ...(opts.configPath !== undefined ? { configPath: opts.configPath } : {}),
      ...(opts.secrets ? { secrets: opts.secrets } : {}),
      ...(opts.fileLogs !== undefined ? { fileLogs: opts.fileLogs } : {}),
    };
    this.entry = opts.workerEntry ?? engineWorkerEntry(import.meta.url);
    this.handle = this.buildHandle();
    this.spawn();
    if (opts.reader !== false) this.reader = new ReaderThread(engineWorkerEntry(import.meta.url, 'readerWorker'));
  }

  private buildHandle(): EngineHost {
    // The contract's methods, derived from the table: a new method needs no change here.
    const methods = Object.fromEntries(
      apiMethodNames.map((name) => [name, (input: unknown) => this.call(name, input)]),
    ) as unknown as SyncAgentApi;
    const self = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the getters read live host state
    return {
      ...methods,
      events: this.events,
      get state() {
        return { ...self.stateValue };
      },
      get webhookUrl() {
        return self.info.webhookUrl;
      },
      get syncOnStart() {
        return self.info.syncOnStart;
      },
      get worker() {
        return self.gen?.worker ?? null;
      },
      get readerThread() {
        return self.reader?.thread ?? null;
      },
      readerReady: () => this.reader?.started ?? Promise.resolve(false),
      callEngine: (method: ApiMethodName, input: unknown) => this.call(method, input, false),
      startAgent: (o: { startupSync?: boolean } = {}) => this.startAgent(o.startupSync ?? false),
      updateSecrets: (s: Record<string, string>) => this.updateSecrets(s),
      close: () => this.close(),
    };
  }

  private setState(state: EngineState['state'], reason?: string): void {
    this.stateValue = { state, restarts: this.stateValue.restarts, ...(reason !== undefined ? { reason } : {}) };
    this.events.emit('engineState', { ...this.stateValue });
  }

  private spawn(recoveryReason?: string): void {
    const rpc = new MessageChannel();
    const events = new MessageChannel();
    const boot: WorkerBoot = { ...this.boot, ...(recoveryReason !== undefined ? { recoveryReason } : {}) };
    const worker = new Worker(this.entry.script, {
      eval: this.entry.eval,
      workerData: { boot, rpc: rpc.port2, events: events.port2 },
      transferList: [rpc.port2, events.port2],
    });
    const gen: Generation = { worker, rpc: rpc.port1, events: events.port1, pending: new Map(), ready: false, dead: false };
    this.gen = gen;
    gen.rpc.on('message', (m: WorkerMessage) => this.onWorkerMessage(gen, m));
    gen.events.on('message', (m: EventMessage | LiveMessage) => {
      if ('type' in m) this.onLive(gen, m);
      else this.events.emit(m.event, m.payload as never);
    });
    worker.on('error', (err) => (gen.crash ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err)));
    worker.on('exit', (code) => this.onExit(gen, code));
    if (this.stateValue.state !== 'starting') this.setState('starting');
  }

  private onLive(gen: Generation, m: LiveMessage): void {
    if (!gen.live || m.seq > gen.live.seq) gen.live = m;
  }

  private onWorkerMessage(gen: Generation, m: WorkerMessage): void {
    switch (m.type) {
      case 'live':
        return this.onLive(gen, m);
      case 'ready':
        gen.ready = true;
        this.info = m.info;
        if (m.info.cache) {
          const { cache, warm } = m.info;
          this.reader?.open({ file: catalogPath(this.opts.dataDir), cache, ...(warm ? { warm } : {}) });
        } else void this.reader?.close(); // a worker without a cache size to hand on: reads stay with the engine
        this.everReady = true;
        this.setState('ready');
        this.ready.resolve(gen);
        this.firstReady.resolve();
        if (this.healthyTimer) clearTimeout(this.healthyTimer);
        this.healthyTimer = setTimeout(() => (this.attempt = 0), this.opts.restart?.healthyMs ?? 60_000);
        this.healthyTimer.unref();
        return;
      case 'openFailed': {
        const err = fromWireError(m.error);
        gen.dead = true; // the worker ends by itself; this is not a crash
        this.stop(err.message, err);
        return;
      }
      case 'reply':
      case 'error': {
        const p = gen.pending.get(m.id);
        if (!p) return;
        gen.pending.delete(m.id);
        if (m.type === 'reply') p.resolve(m.result);
        else p.reject(fromWireError(m.error));
      }
    }
  }

  private onExit(gen: Generation, code: number): void {
    const wasDead = gen.dead;
    gen.dead = true;
    gen.rpc.close();
    gen.events.close();
    const reason = gen.crash ?? `exited with code ${code}`;
    const died = new Error(`engine worker died: ${reason}`);
    for (const p of gen.pending.values()) p.reject(died);
    gen.pending.clear();
    if (wasDead || this.closing || this.stateValue.state === 'stopped') return;
    if (this.healthyTimer) clearTimeout(this.healthyTimer);
    if (!this.everReady) {
      // It never opened: restarting would crash the same way; the caller of startEngineHost hears why.
      this.stop(died.message, died);
      return;
    }
    if (gen.ready) this.ready = deferred<Generation>();
    const initial = this.opts.restart?.initialMs ?? 500;
    const delay = Math.min(initial * 2 ** this.attempt, this.opts.restart?.maxMs ?? 30_000);
    this.attempt++;
    this.stateValue = { ...this.stateValue, restarts: this.stateValue.restarts + 1 };
    this.setState('restarting', reason);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.spawn(died.message);
    }, delay);
  }

  private stop(reason: string, err: Error): void {
    void this.reader?.close();
    this.setState('stopped', reason);
    this.ready.reject(err);
    this.firstReady.reject(err);
    this.release();
  }

  private release(): void {
    if (this.healthyTimer) clearTimeout(this.healthyTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.lock.release();
  }

  /** The ready worker, waiting for one when it is starting or restarting. */
  private async live(): Promise<Generation> {
    for (;;) {
      if (this.closing) throw new Error('the engine is closed');
      const gen = await this.ready.promise;
      if (!gen.dead) return gen;
    }
  }

  private async send<T>(message: (id: number) => HostMessage): Promise<T> {
    const gen = await this.live();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      gen.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      gen.rpc.postMessage(message(id));
    });
  }

  private async call(method: ApiMethodName, input: unknown, readers = true): Promise<unknown> {
    // Validated on the other side: an ApiInputError crosses back with its issues (protocol.ts).
    const read = readers && isReadMethod(method) ? await this.read(method, input) : null;
    const result = read ? read.value : await this.send<unknown>((id) => ({ type: 'call', id, method, input }));
    if (method === 'getStatus' && result && typeof result === 'object') return { ...result, engine: this.handle.state };
    return result;
  }

  /** A read answered by the reader thread, or null when the engine must answer it. */
  private async read(method: ReadMethodName, input: unknown): Promise<{ value: unknown } | null> {
    const reader = this.reader;
    const gen = this.gen;
    if (!reader?.ready) return null;
    let live: LiveStatus | undefined;
    if (method === 'getStatus') {
      // Only a live engine's state: while it restarts, getStatus waits for the new one like other calls.
      if (!gen?.ready || gen.dead || !gen.live) return null;
      live = gen.live.live;
    }
    try {
      const value = await reader.call(method, input, live);
      // What operators look at feeds the engine's cache warmer, as when the engine answers.
      if ((method === 'search' || method === 'getProduct') && gen && !gen.dead) gen.rpc.postMessage({ type: 'noted', method, input } satisfies HostMessage);
      return { value };
    } catch (err) {
      if (err instanceof ReaderGone) return null;
      throw err;
    }
  }

  private async startAgent(startupSync: boolean): Promise<void> {
    this.boot.startAgent = true; // a restarted worker starts its agent by itself
    this.info = await this.send<WorkerInfo>((id) => ({ type: 'startAgent', id, startupSync }));
  }

  private updateSecrets(secrets: Record<string, string>): void {
    this.boot.secrets = { ...secrets };
    const gen = this.gen;
    if (gen && !gen.dead) gen.rpc.postMessage({ type: 'secrets', secrets: this.boot.secrets } satisfies HostMessage);
  }

  private close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.reader?.close();
    this.ready.reject(new Error('the engine is closed'));
    const gen = this.gen;
    if (gen && !gen.dead) {
      const exited = new Promise<void>((resolve) => gen.worker.once('exit', () => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.opts.closeTimeoutMs ?? 10_000)));
      if (gen.ready) {
        const id = this.nextId++;
        const closed = new Promise<void>((resolve) => gen.pending.set(id, { resolve: () => resolve(), reject: () => resolve() }));
        gen.rpc.postMessage({ type: 'close', id } satisfies HostMessage);
        await Promise.race([Promise.race([closed, exited]), timeout]);
      }
      clearTimeout(timer);
      await gen.worker.terminate();
      await exited;
    }
    this.setState('stopped');
    this.release();
  }
}
