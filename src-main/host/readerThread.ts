// The host's reader thread (readerWorker.ts): the contract's read-only methods answered from a read-only
// connection while the engine's thread is busy. If it dies, pending reads fail over to the engine (ReaderGone) and
// it starts again after a pause; if it cannot open (the file gone, a newer schema), reads stay with the engine.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ReadMethodName } from '../../src-shared/api.js';
import type { LiveStatus } from '../engine/metrics/statusParts.js';
import type { WorkerEntry } from './paths.js';
import { fromWireError, type HostMessage, type ReaderBoot, type WorkerMessage } from './protocol.js';

/** The reader could not answer (it died or is not running): ask the engine instead. */
export class ReaderGone extends Error {
  constructor(reason: string) {
    super(`reader thread: ${reason}`);
    this.name = 'ReaderGone';
  }
}

const RESTART_MS = 1000;

export class ReaderThread {
  private worker: Worker | null = null;
  private rpc: MessagePort | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  ready = false;
  private current!: Promise<boolean>;
  private settleStarted!: (ok: boolean) => void;

  /**
   * Without `boot`, the thread loads its code and waits for `open()`: started beside the engine's worker, it is
   * not still compiling when the first calls arrive (it took ~250 ms of a core, the first reads' latency with it).
   */
  constructor(
    private readonly entry: WorkerEntry,
    private boot?: ReaderBoot,
  ) {
    this.spawn();
  }

  /** The engine has opened (and migrated) the catalog: the waiting thread opens it too. */
  open(boot: ReaderBoot): void {
    if (this.boot) return;
    this.boot = boot;
    this.rpc?.postMessage({ type: 'boot', boot } satisfies HostMessage);
  }

  /** Settles once the current reader (the one after a restart, once spawned) is ready (true) or gone (false). */
  get started(): Promise<boolean> {
    return this.current;
  }

  /** The current worker (tests kill it). */
  get thread(): Worker | null {
    return this.worker;
  }

  private spawn(): void {
    this.current = new Promise((resolve) => (this.settleStarted = resolve));
    const channel = new MessageChannel();
    const worker = new Worker(this.entry.script, {
      eval: this.entry.eval,
      workerData: { ...(this.boot ? { boot: this.boot } : {}), rpc: channel.port2 },
      transferList: [channel.port2],
    });
    // A reader alone never keeps the process alive: the engine's worker and the UI do.
    worker.unref();
    this.worker = worker;
    this.rpc = channel.port1;
    let openFailed = false;
    channel.port1.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        this.ready = true;
        this.settleStarted(true);
      } else if (m.type === 'openFailed') openFailed = true;
      else if (m.type === 'reply' || m.type === 'error') {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'reply') p.resolve(m.result);
        else p.reject(fromWireError(m.error));
      }
    });
    channel.port1.unref();
    worker.on('error', () => {}); // the exit below handles it
    worker.on('exit', (code) => {
      const wasReady = this.ready;
      this.ready = false;
      this.worker = null;
      channel.port1.close();
      for (const p of this.pending.values()) p.reject(new ReaderGone(`exited with code ${code}`));
      this.pending.clear();
      this.settleStarted(false);
      if (this.closed || openFailed || !wasReady) return;
      this.timer = setTimeout(() => this.spawn(), RESTART_MS);
      this.timer.unref();
    });
  }

  call(method: ReadMethodName, input: unknown, live?: LiveStatus): Promise<unknown> {
    const rpc = this.rpc;
    if (!this.ready || !rpc) return Promise.reject(new ReaderGone('not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      rpc.postMessage({ type: 'call', id, method, input, ...(live ? { live } : {}) } satisfies HostMessage);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.worker?.terminate();
  }
}
