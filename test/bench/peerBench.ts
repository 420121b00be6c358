// The peer: what an operator would script instead of Syncflow. Fetch every page to an NDJSON file, then
// `sqlite-utils insert <db> products <file> --nl --pk Id`, once with SQLite's default rollback journal and once on a
// database switched to WAL first. Each insert is timed alone (the insert-only figure), then the same work Syncflow's
// full sync does after it: `enable-fts` on the searchable columns and `create-index` for the browse indexes, timed
// with the insert as one total (the same-work figure).
import { execFileSync } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fetchAllPages } from './pageFetch.js';

/**
 * Syncflow's search index holds name, code, description, brand and category + subcategory (ftsIndex.ts). The peer's
 * table is the vendor's record as sent: Family and Group are JSON objects ({"Id": …, "Name": …}) holding the
 * category and subcategory names; the brand is one element of the OtherProperties array, which no sqlite-utils
 * command reaches without a conversion pass, so the peer searches without it (a little less work than Syncflow).
 */
export const PEER_FTS_COLUMNS = ['Name', 'Code', 'Description', 'Family', 'Group'];

/**
 * Syncflow's browse indexes (secondaryIndexes.ts) on the peer's columns: code, name, price, updated, category + name,
 * subcategory + name, and the narrow facets index (without brand, stock and type, which the peer has no column for).
 * The source and parent indexes have no counterpart (one source, no variants). Syncflow also keeps a second,
 * name-only search index the peer does not build.
 */
export const PEER_INDEXES: string[][] = [
  ['Code'],
  ['Name'],
  ['UnitPrice'],
  ['LastUpdateDate'],
  ['Family', 'Name'],
  ['Group', 'Name'],
  ['Id', 'Family', 'Group', 'Suspended', 'UnitPrice'],
];

export interface PeerRun {
  journal: 'default' | 'wal';
  rows: number;
  /** `sqlite-utils insert` alone. */
  insertMs: number;
  insertRowsPerSec: number;
  /** `enable-fts`, then every `create-index` (each its own process, as a script runs them). */
  ftsMs: number;
  indexMs: number;
  /** insert + enable-fts + create-index: the same work as Syncflow's full sync after the fetch. */
  totalMs: number;
  totalRowsPerSec: number;
}

export interface PeerOutcome {
  ndjsonMb: number;
  ndjsonWriteMs: number;
  /**
   * `sqlite-utils --version` (median of 3): the interpreter's start-up, paid by each command and counted in the
   * total (it is what the operator's script takes); a few seconds of a 1M total, most of it at 20k.
   */
  startupMs: number;
  commands: number;
  default: PeerRun;
  wal: PeerRun;
}

function removeDb(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

function countRows(sqliteUtils: string, db: string, table: string): number {
  const out = execFileSync(sqliteUtils, ['query', db, `SELECT count(*) AS c FROM [${table}]`], { encoding: 'utf8' });
  return (JSON.parse(out) as { c: number }[])[0]?.c ?? 0;
}

function timed(sqliteUtils: string, args: string[]): number {
  const t = process.hrtime.bigint();
  execFileSync(sqliteUtils, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const COMMANDS = 2 + PEER_INDEXES.length;

function peerRun(sqliteUtils: string, dir: string, ndjson: string, journal: 'default' | 'wal'): PeerRun {
  const db = join(dir, `peer-${journal}.db`);
  removeDb(db);
  // A fresh database in WAL mode (`enable-wal` needs an existing file; this is the same PRAGMA on a new one).
  if (journal === 'wal') execFileSync(sqliteUtils, ['create-database', db, '--enable-wal'], { stdio: 'ignore' });
  const insertMs = timed(sqliteUtils, ['insert', db, 'products', ndjson, '--nl', '--pk', 'Id']);
  const ftsMs = timed(sqliteUtils, ['enable-fts', db, 'products', ...PEER_FTS_COLUMNS, '--fts5']);
  let indexMs = 0;
  for (const cols of PEER_INDEXES) indexMs += timed(sqliteUtils, ['create-index', db, 'products', ...cols]);
  const rows = countRows(sqliteUtils, db, 'products');
  // The search index must hold every row, or the total timed less work than it claims (an external-content table
  // counts its content table's rows; its docsize table has one row per indexed document).
  const indexed = countRows(sqliteUtils, db, 'products_fts_docsize');
  if (indexed !== rows) throw new Error(`peer: products_fts holds ${indexed} rows, products ${rows}`);
  removeDb(db);
  const totalMs = insertMs + ftsMs + indexMs;
  return { journal, rows, insertMs, insertRowsPerSec: rows / (insertMs / 1000), ftsMs, indexMs, totalMs, totalRowsPerSec: rows / (totalMs / 1000) };
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
  const startupMs = [0, 1, 2].map(() => timed(sqliteUtils, ['--version'])).sort((a, b) => a - b)[1]!;
  const result = {
    ndjsonMb,
    ndjsonWriteMs,
    startupMs,
    commands: COMMANDS,
    default: peerRun(sqliteUtils, dir, ndjson, 'default'),
    wal: peerRun(sqliteUtils, dir, ndjson, 'wal'),
  };
  rmSync(ndjson, { force: true });
  return result;
}
