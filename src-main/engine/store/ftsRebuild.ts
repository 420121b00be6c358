// Rebuilds the search index on a worker thread with its own connection: the main thread (IPC, tray, UI) is never
// held. Each group of statements is one transaction (the search index's is one, so searches keep seeing the
// previous index until the new one commits); the WAL is checkpointed between groups so it never holds the whole
// build at once.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS so it runs as an eval worker both from compiled JS and from TypeScript sources (tests, tsx).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
try {
  db.pragma('busy_timeout = 60000');
  db.pragma('synchronous = NORMAL');
  // Index builds sort in this much memory before they spill to temporary files; the worker shares the app's
  // memory budget, so it gets half of what the main connection has.
  db.pragma('cache_size = -16384');
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

export function runInWorker(file: string, groups: string[][]): Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { file, groups, driver } });
    worker.once('message', (m: { ok: boolean; message?: string }) =>
      m.ok ? resolve() : reject(new Error(`search index rebuild failed: ${m.message}`)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`search index worker exited with ${code}`)));
  });
}
