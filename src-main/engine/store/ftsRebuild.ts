// Rebuilds the search index on a worker thread with its own connection: the main thread (IPC, tray, UI) is never
// held. Each group of statements is one transaction (the search index's is one, so searches keep seeing the
// previous index until the new one commits); the WAL is checkpointed between groups so it never holds the whole
// build at once.
import { Worker } from 'node:worker_threads';
import { sqliteDriverPath } from './database.js';

// Plain CommonJS so it runs as an eval worker both from compiled JS and from TypeScript sources (tests, tsx).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
try {
  db.pragma('busy_timeout = 60000');
  db.pragma('synchronous = NORMAL');
  // Index builds sort in this much memory before they spill to temporary files (which the OS caches): measured at
  // a million products, 4 MiB builds the browse indexes faster than 16 MiB (6.4 s vs 8.3 s), and it is memory
  // the app's budget needs while a bulk build runs alongside.
  db.pragma('cache_size = -' + workerData.cacheKib);
  db.pragma('threads = ' + workerData.threads);
  for (const group of workerData.groups) {
    db.transaction(() => {
      for (const sql of group) db.exec(sql);
    }).immediate();
    db.pragma('wal_checkpoint(PASSIVE)');
  }
  parentPort.postMessage({ ok: true });
} catch (err) {
  parentPort.postMessage({ ok: false, message: String(err && err.message || err) });
} finally {
  db.close();
}
`;

/** Page cache of the rebuild worker's connection, in KiB (the bench's ingest limit builds with it too). */
export const REBUILD_CACHE_KIB = 4096;
/**
 * Helper threads SQLite's sorter may use for a CREATE INDEX (the bench's limit builds with it too). The browse
 * indexes are built after a bulk load's last page, when the other core is mostly idle: 1M products' nine indexes
 * took 5.4-5.9 s instead of 6.8-7.5 s, within the same memory.
 */
export const REBUILD_SORTER_THREADS = 2;

export function runInWorker(file: string, groups: string[][]): Promise<void> {
  const driver = sqliteDriverPath();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { file, groups, driver, cacheKib: REBUILD_CACHE_KIB, threads: REBUILD_SORTER_THREADS } });
    worker.once('message', (m: { ok: boolean; message?: string }) =>
      m.ok ? resolve() : reject(new Error(`search index rebuild failed: ${m.message}`)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`search index worker exited with ${code}`)));
  });
}
