// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside a committing write and fsyncs,
// which held the event loop for 30-50 ms every few megabytes during a bulk load; the main connection turns it off
// and a worker with its own connection copies the WAL back (PASSIVE: never blocks writers or readers) whenever
// the WAL has grown past a threshold.
//
// PASSIVE alone never lets the log start again from the top while pages keep committing: SQLite rewinds it only after
// a checkpoint has copied every frame, and a page always committed while one ran, so the WAL grew with all that was
// written (1.8 GB by the end of a 1M-product load; 125 MB for 100k). Two remedies, both on the writer's own
// connection between two of its transactions (a RESTART from the worker holds the write lock, and the writer's
// deferred transactions then failed as busy):
// - past `restartBytes`, the worker's pass is followed by a RESTART, which copies only the frames written during
//   that pass; the next commit rewinds the log and journal_size_limit trims the file. A reader in the log makes it
//   give up at once; it is tried again every few pages.
// - at the end of a bulk load, `compact()` (one more pass, then TRUNCATE): while the search index is built
//   alongside, its worker reads for seconds at a time and no rewind can happen until it is done.
import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sqliteDriverPath } from './database.js';

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { /* busy: the next request retries */ }
  parentPort.postMessage('done');
});
`;

const REWIND_EVERY = 4;

const byDb = new WeakMap<object, WalCheckpointer>();

/**
 * The checkpointer of a database connection, shared by every store writing through it (none for :memory:). The
 * first caller's sizes hold.
 */
export function checkpointerFor(db: Database.Database, sizes?: CheckpointSizes): WalCheckpointer | null {
  if (db.memory) return null;
  let c = byDb.get(db);
  if (!c) byDb.set(db, (c = new WalCheckpointer(db, sizes)));
  return c;
}

export interface CheckpointSizes {
  /** WAL growth that asks the worker for a PASSIVE checkpoint. */
  thresholdBytes?: number;
  /** WAL size past which the writer rewinds the log after the worker's pass (RESTART). */
  restartBytes?: number;
}

export class WalCheckpointer {
  private worker: Worker | null = null;
  private busy = false;
  private closed = false;
  /** WAL size at the last checkpoint request. */
  private base = 0;
  private readonly file: string;
  private readonly thresholdBytes: number;
  private readonly restartBytes: number;
  private idle: (() => void)[] = [];
  /** Times the writer rewound the log. */
  restarts = 0;
  private rewindDue = false;
  private sinceTry = 0;

  constructor(
    private readonly db: Database.Database,
    sizes: CheckpointSizes = {},
  ) {
    this.file = db.name;
    this.thresholdBytes = sizes.thresholdBytes ?? 16 * 1024 * 1024;
    // Each rewind costs the writer's thread two fsyncs (~120 ms here), and an attempt a reader refuses still copies
    // frames on it: at 64 MB they took 0.74-1.03 s of a 1M catalog's 5 s incremental sync, at 256 MB 0.24-0.29 s,
    // with the same peak log for a bulk load. The price: between syncs the log may rest at up to 256 MB on disk.
    this.restartBytes = sizes.restartBytes ?? 256 * 1024 * 1024;
  }

  private walSize(): number {
    return statSync(`${this.file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  }

  /** Asks for a checkpoint when the WAL has passed the threshold and none is running. Cheap to call per commit. */
  maybeCheckpoint(): void {
    if (this.closed) return;
    // A rewind refused because a reader was in the log is tried again after a later commit, every few pages.
    if (this.rewindDue && !this.busy && ++this.sinceTry >= REWIND_EVERY) {
      this.sinceTry = 0;
      setImmediate(() => this.rewindIfDue());
    }
    if (this.busy) return;
    const size = this.walSize();
    // The WAL file keeps its size when SQLite starts writing it from the top again after a checkpoint (the main
    // connection's journal_size_limit trims it then), so its size is compared with what it was at the last request:
    // comparing with the threshold alone asked for a checkpoint after every commit once the file had grown.
    if (size < this.base) this.base = size;
    if (size - this.base < this.thresholdBytes) return;
    this.base = size;
    this.busy = true;
    this.ensureWorker().postMessage('checkpoint');
  }

  /** Resolves when no checkpoint is running. */
  whenIdle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idle.push(resolve)) : Promise.resolve();
  }

  /** The worker's pass is over (this runs from the event loop, so between two of the writer's transactions). */
  private settled(): void {
    this.busy = false;
    this.rewindDue = this.walSize() >= this.restartBytes;
    this.rewindIfDue();
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** After a bulk load: one more pass by the worker, then the writer truncates the log (else it kept its size until close). */
  async compact(): Promise<void> {
    await this.whenIdle();
    // A small log is not worth a pass (nor, for a small catalog, starting the worker).
    if (this.closed || this.walSize() < this.thresholdBytes) return;
    this.busy = true;
    const worker = this.ensureWorker();
    // Referenced while awaited: a one-shot command must not exit with the pass pending.
    worker.ref();
    try {
      worker.postMessage('checkpoint');
      await this.whenIdle();
    } finally {
      worker.unref();
    }
    if (this.db.open && !this.db.inTransaction) this.writerCheckpoint('TRUNCATE');
  }

  /** Rewinds the log if it is due; call between two of the writer's transactions. */
  rewindIfDue(): void {
    if (!this.rewindDue || this.busy || this.closed || !this.db.open || this.db.inTransaction) return;
    this.writerCheckpoint('RESTART');
  }

  /**
   * A checkpoint on the writer's own connection, which rewinds the log when it copies everything. A reader still in
   * the log would make it wait for that reader: it gives up at once instead (busy), and a later pass tries again.
   */
  private writerCheckpoint(mode: 'RESTART' | 'TRUNCATE'): void {
    const wait = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      const [r] = this.db.pragma(`wal_checkpoint(${mode})`) as { busy: number }[];
      if (r?.busy === 0) {
        this.restarts++;
        this.rewindDue = false;
      }
    } catch {
      // Busy (another checkpoint running) or closing: a later pass retries.
    } finally {
      this.db.pragma(`busy_timeout = ${wait}`);
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const driver = sqliteDriverPath();
    const worker = new Worker(workerSource, { eval: true, workerData: { file: this.file, driver } });
    worker.on('message', () => this.settled());
    worker.on('error', () => {
      // Without the worker, checkpoints fall back to the main connection at close; nothing is lost.
      this.worker = null;
      this.busy = false;
      for (const resolve of this.idle.splice(0)) resolve();
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    // Referenced again so the process waits for this close (and the database close after it) instead of exiting.
    w.ref();
    await new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.postMessage('close');
    });
  }
}
