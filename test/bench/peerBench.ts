// The peer: what an operator would script instead of Syncflow. Fetch every page to an NDJSON file, then
// `sqlite-utils insert <db> products <file> --nl --pk Id` (no search index), once with SQLite's default rollback
// journal and once on a database switched to WAL first. Only the inserts are timed.
import { execFileSync } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fetchAllPages } from './pageFetch.js';

export interface PeerInsert {
  journal: 'default' | 'wal';
  ms: number;
  rows: number;
  rowsPerSec: number;
}

export interface PeerOutcome {
  ndjsonMb: number;
  ndjsonWriteMs: number;
  default: PeerInsert;
  wal: PeerInsert;
}

function removeDb(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

function countRows(sqliteUtils: string, db: string): number {
  const out = execFileSync(sqliteUtils, ['query', db, 'SELECT count(*) AS c FROM products'], { encoding: 'utf8' });
  return (JSON.parse(out) as { c: number }[])[0]?.c ?? 0;
}

function insert(sqliteUtils: string, dir: string, ndjson: string, journal: 'default' | 'wal'): PeerInsert {
  const db = join(dir, `peer-${journal}.db`);
  removeDb(db);
  // A fresh database in WAL mode (`enable-wal` needs an existing file; this is the same PRAGMA on a new one).
  if (journal === 'wal') execFileSync(sqliteUtils, ['create-database', db, '--enable-wal'], { stdio: 'ignore' });
  const t = process.hrtime.bigint();
  execFileSync(sqliteUtils, ['insert', db, 'products', ndjson, '--nl', '--pk', 'Id'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const rows = countRows(sqliteUtils, db);
  removeDb(db);
  return { journal, ms, rows, rowsPerSec: rows / (ms / 1000) };
}

export async function peerBench(sqliteUtils: string, dir: string, url: string, userKey: string, n: number): Promise<PeerOutcome> {
  const ndjson = join(dir, 'products.ndjson');
  const out = createWriteStream(ndjson);
  const t = process.hrtime.bigint();
  await fetchAllPages(url, userKey, n, async (records) => {
    let text = '';
    for (const r of records) text += JSON.stringify(r) + '\n';
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  });
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const ndjsonWriteMs = Number(process.hrtime.bigint() - t) / 1e6;
  const ndjsonMb = statSync(ndjson).size / 2 ** 20;
  const result = {
    ndjsonMb,
    ndjsonWriteMs,
    default: insert(sqliteUtils, dir, ndjson, 'default'),
    wal: insert(sqliteUtils, dir, ndjson, 'wal'),
  };
  rmSync(ndjson, { force: true });
  return result;
}
