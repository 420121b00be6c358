// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside a committing write and fsyncs,
// which held the event loop for 30-50 ms every few megabytes during a bulk load; the main connection turns it off
// and a worker with its own connection copies the WAL back (PASSIVE: never blocks writers or readers) whenever
// the WAL has grown past a threshold.
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

const byDb = new WeakMap<object, WalCheckpointer>();

/** The checkpointer of a database connection, shared by every store writing through it (none for :memory:). */
export function checkpointerFor(db: { name: string; memory: boolean }): WalCheckpointer | null {
  if (db.memory) return null;
  let c = byDb.get(db);
  if (!c) byDb.set(db, (c = new WalCheckpointer(db.name)));
  return c;
}

export class WalCheckpointer {
  private worker: Worker | null = null;
  private busy = false;
  private closed = false;
  /** WAL size at the last checkpoint request. */
  private base = 0;

  constructor(
    private readonly file: string,
    private readonly thresholdBytes = 16 * 1024 * 1024,
  ) {}

  /** Asks for a checkpoint when the WAL has passed the threshold and none is running. Cheap to call per commit. */
  maybeCheckpoint(): void {
    if (this.busy || this.closed) return;
    const size = statSync(`${this.file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    // The WAL file keeps its size when SQLite starts writing it from the top again after a checkpoint (the main
    // connection's journal_size_limit trims it then), so its size is compared with what it was at the last request:
    // comparing with the threshold alone asked for a checkpoint after every commit once the file had grown.
    if (size < this.base) this.base = size;
    if (size - this.base < this.thresholdBytes) return;
    this.base = size;
    this.busy = true;
    this.ensureWorker().postMessage('checkpoint');
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const driver = sqliteDriverPath();
    const worker = new Worker(workerSource, { eval: true, workerData: { file: this.file, driver } });
    worker.on('message', () => (this.busy = false));
    worker.on('error', () => {
      // Without the worker, checkpoints fall back to the main connection at close; nothing is lost.
      this.worker = null;
      this.busy = false;
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
