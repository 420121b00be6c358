// The search index of a bulk load, built while the load is still paging. A worker thread with its own connection
// indexes committed product rows in rowid chunks into a scratch file next to the catalog (SQLite has one writer per
// file, so the catalog's writer never waits for it), and when the load ends copies the finished FTS shadow tables
// into the catalog in one transaction. The rebuild that used to run alone after the last page (about half of a
// 1M-product initial sync) now overlaps the fetching.
// Anything that could make the scratch index disagree with the catalog (a row rewritten after it was indexed, a
// row-by-row index write, a worker error) invalidates it, and the caller falls back to the full rebuild.
// Each chunk commits its progress in the scratch file with a fingerprint of the rows it indexed, so a build cut
// short by a crash resumes where it stopped; rows changed since (the fingerprint disagrees) start it afresh.
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sqliteDriverPath, type Db } from './database.js';

// Plain CommonJS so it runs as an eval worker both from compiled JS and from TypeScript sources (tests, tsx).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { rmSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
let closed = false;
const reply = (m) => { if (!closed) parentPort.postMessage(m); };
try {
  db.pragma('busy_timeout = 60000');
  db.pragma('synchronous = NORMAL');
  // Reads of committed rows and the FTS merges; small, the worker shares the app's memory budget.
  db.pragma('cache_size = -2048');
  db.pragma('temp_store = MEMORY');
  const attach = () => {
    db.prepare('ATTACH DATABASE ? AS b').run(workerData.scratch);
    // WAL: a chunk and its progress commit together, so a kill -9 leaves the last committed chunk usable.
    db.pragma('b.journal_mode = WAL');
    db.pragma('b.synchronous = NORMAL');
    db.pragma('b.cache_size = -4096');
  };
  // Live rows of a rowid range: how many, and a sum that changes when any of them is rewritten (sync_version).
  const fingerprint = db.prepare(
    'SELECT count(*) AS n, total((p.rowid * 1000003 + p.sync_version * 7919) % 2147483647) AS fp FROM main.products p ' +
    'WHERE p.rowid BETWEEN ? AND ? AND p.deleted_at IS NULL');
  let resumed = 0;
  try {
    attach();
    const has = db.prepare("SELECT count(*) AS n FROM b.sqlite_master WHERE name = 'build_progress'").get().n === 1;
    const p = has ? db.prepare('SELECT hi, n, fp, sig FROM b.build_progress').get() : undefined;
    const now = p ? fingerprint.get(1, p.hi) : undefined;
    if (p && p.sig === workerData.sig && now.n === p.n && now.fp === p.fp) resumed = p.hi;
  } catch {
    // Not a database, or not ours: built afresh below.
  }
  if (resumed === 0) {
    try { db.exec('DETACH DATABASE b'); } catch {}
    for (const f of ['', '-journal', '-wal', '-shm']) rmSync(workerData.scratch + f, { force: true });
    attach();
    for (const sql of workerData.ddl) db.exec(sql);
    db.exec('CREATE TABLE b.build_progress (hi INTEGER NOT NULL, n INTEGER NOT NULL, fp REAL NOT NULL, sig TEXT NOT NULL, runs INTEGER NOT NULL)');
    db.prepare('INSERT INTO b.build_progress VALUES (0, 0, 0, ?, 0)').run(workerData.sig);
  }
  // How many processes worked on this build (tests read it to tell a resumed build from a restarted one).
  db.exec('UPDATE b.build_progress SET runs = runs + 1');
  for (const sql of workerData.temp) db.exec(sql);
  const chunk = workerData.chunk.map((c) => ({ stmt: db.prepare(c.sql), range: c.range === true }));
  const advance = db.prepare('UPDATE b.build_progress SET hi = ?, n = n + ?, fp = fp + ?');
  const indexChunk = db.transaction((lo, hi) => {
    for (const c of chunk) (c.range ? c.stmt.run(lo, hi) : c.stmt.run());
    const f = fingerprint.get(lo, hi);
    advance.run(hi, f.n, f.fp);
  });
  parentPort.on('message', (m) => {
    try {
      if (m.type === 'chunk') {
        indexChunk(m.lo, m.hi);
        reply({ type: 'chunk' });
      } else if (m.type === 'copy') {
        // FTS5 guards its shadow tables against direct writes (defensive mode); this connection copies them whole.
        db.unsafeMode(true);
        db.transaction(() => {
          for (const t of workerData.shadowTables) {
            db.exec('DELETE FROM main.' + t);
            db.exec('INSERT INTO main.' + t + ' SELECT * FROM b.' + t);
          }
          for (const sql of workerData.afterCopy) db.exec(sql);
        }).immediate();
        db.unsafeMode(false);
        db.exec('DETACH DATABASE b');
        db.pragma('wal_checkpoint(PASSIVE)');
        reply({ type: 'copy' });
      } else if (m.type === 'close') {
        closed = true;
        db.close();
        parentPort.close();
      }
    } catch (err) {
      reply({ type: 'error', message: String((err && err.message) || err) });
    }
  });
  reply({ type: 'ready', resumed });
} catch (err) {
  reply({ type: 'error', message: String((err && err.message) || err) });
}
`;

export interface BulkBuildSql {
  /** The FTS tables' CREATE statements, for the scratch schema `b` (run when a build starts afresh). */
  ddl: string[];
  /** Temporary tables of the worker's connection (run by every process that works on the build). */
  temp: string[];
  /** Statements that index the live products of a rowid range into `b`, in ranking-key order; `range` ones take (lo, hi). */
  chunk: Array<{ sql: string; range?: true }>;
  /** Shadow tables copied from `b` into the catalog. */
  shadowTables: string[];
  /** Run in the copy's transaction (clears the stale flag). */
  afterCopy: string[];
}


export function scratchPath(dbFile: string): string {
  return `${dbFile}-search-build`;
}

export function removeScratch(dbFile: string): void {
  for (const f of ['', '-journal', '-wal', '-shm']) rmSync(scratchPath(dbFile) + f, { force: true });
}

type Reply = { type: 'chunk' | 'copy' } | { type: 'ready'; resumed: number } | { type: 'error'; message: string };

export class FtsBulkBuilder {
  /** Rows a chunk waits for: fewer, larger chunks mean fewer FTS segments to merge (tests lower it). */
  static minChunk = 50_000;
  /**
   * The most rows one chunk takes: its keys are sorted in memory, and a crash loses at most one chunk's work.
   * A builder that fell behind took 200,000 at a time and its thread kept what those chunks had allocated: at
   * 1M the store bench's bulk load peaked at 322-351 MB with 200,000 and 253 with 50,000 (serve's full sync
   * 255/246 against 234/236 MB, same time). SYNCFLOW_SEARCH_BUILD_CHUNK lowers it (the kill -9 tests need several
   * chunks out of a small catalog).
   */
  static maxChunk = Number(process.env.SYNCFLOW_SEARCH_BUILD_CHUNK) || 50_000;
  /** Highest rowid a crashed build had indexed when this one took over (0: started afresh). */
  resumedFrom = 0;
  private ready = false;
  private touchedEarly = Number.POSITIVE_INFINITY;
  private readonly worker: Worker;
  /** Highest rowid handed to the worker; rows at or below it are (being) indexed. */
  private handed = 0;
  private committed = 0;
  private busy = true; // until 'ready'
  private invalidReason: string | null = null;
  private waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private idleWaiters: Array<() => void> = [];
  /** Chunks the worker has indexed. */
  chunks = 0;
  private readonly maxRowid;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly db: Db,
    sql: BulkBuildSql,
  ) {
    this.maxRowid = db.prepare<[], { m: number | null }>('SELECT max(rowid) AS m FROM products');
    const driver = sqliteDriverPath();
    this.worker = new Worker(workerSource, {
      eval: true,
      // The signature ties a scratch file to the index layout that wrote it.
      workerData: { driver, file: db.name, scratch: scratchPath(db.name), sig: JSON.stringify(sql.ddl), ...sql },
    });
    this.worker.on('message', (m: Reply) => this.onReply(m));
    this.worker.on('error', (err) => this.fail(err.message));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.fail('the search index worker exited');
        resolve();
      }),
    );
  }

  /** Null for an in-memory catalog (a worker cannot open it). */
  static start(db: Db, sql: BulkBuildSql): FtsBulkBuilder | null {
    return db.memory ? null : new FtsBulkBuilder(db, sql);
  }

  get valid(): boolean {
    return this.invalidReason === null;
  }

  /** After a commit: rows up to the catalog's highest rowid are visible to the worker's connection now. */
  pageCommitted(): void {
    if (!this.valid) return;
    this.committed = this.maxRowid.get()?.m ?? 0;
    this.pump(FtsBulkBuilder.minChunk);
  }

  /** A row was rewritten without the search index: if the worker already read it, its entry is stale. */
  touched(rowid: number): void {
    if (rowid <= this.handed) this.invalidate(`row ${rowid} changed after it was indexed`);
    // Before 'ready' the worker may still be taking over a crashed build that covers this row.
    if (!this.ready) this.touchedEarly = Math.min(this.touchedEarly, rowid);
  }

  invalidate(reason: string): void {
    if (this.invalidReason !== null) return;
    this.invalidReason = reason;
    this.waiting?.reject(new Error(reason));
    this.waiting = null;
  }

  /**
   * Indexes what is left and waits for it. `copy()` then replaces the catalog's search index; both reject when
   * the scratch index cannot be used, and the caller rebuilds instead.
   */
  async drain(): Promise<void> {
    this.committed = this.maxRowid.get()?.m ?? 0;
    while (this.valid && (this.busy || this.handed < this.committed)) {
      if (!this.busy) this.pump(1);
      await this.next();
    }
    if (!this.valid) throw new Error(this.invalidReason!);
  }

  async copy(): Promise<void> {
    if (!this.valid) throw new Error(this.invalidReason!);
    this.busy = true;
    this.worker.postMessage({ type: 'copy' });
    await this.next();
  }

  /** Stops the worker and removes the scratch file. */
  async stop(): Promise<void> {
    this.invalidate('stopped');
    this.worker.postMessage({ type: 'close' });
    // A worker in a long statement (app quitting mid-copy) is terminated; its transaction rolls back and the
    // catalog keeps its stale flag, so the next start rebuilds.
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await this.exited;
    clearTimeout(timer);
    removeScratch(this.db.name);
  }

  private pump(min: number): void {
    if (this.busy || !this.valid || this.committed - this.handed < min) return;
    const lo = this.handed + 1;
    this.handed = Math.min(this.committed, this.handed + FtsBulkBuilder.maxChunk);
    this.busy = true;
    this.worker.postMessage({ type: 'chunk', lo, hi: this.handed });
  }

  private next(): Promise<void> {
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Resolves once the worker has nothing in hand (tests use it to make chunking deterministic). */
  settled(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  private onReply(m: Reply): void {
    if (m.type === 'error') return this.fail(m.message);
    if (m.type === 'ready') {
      this.ready = true;
      this.handed = this.resumedFrom = m.resumed;
      if (this.touchedEarly <= m.resumed) this.invalidate(`row ${this.touchedEarly} changed while the build resumed`);
    }
    this.busy = false;
    if (m.type === 'chunk') this.chunks++;
    const w = this.waiting;
    this.waiting = null;
    if (m.type !== 'copy') this.pump(FtsBulkBuilder.minChunk);
    w?.resolve();
    if (!this.busy) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private fail(message: string): void {
    this.busy = false;
    this.invalidate(`search index worker: ${message}`);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
