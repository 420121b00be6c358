// `npm run bench [-- --n 1000000] [--store-only]`: prints the figures and writes them as JSON to the file it names.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { storeBench } from './storeBench.js';
import { syncBench } from './syncBench.js';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '1000000' }, out: { type: 'string' }, 'store-only': { type: 'boolean', default: false } },
});
const n = Number(values.n);
const dir = join(tmpdir(), `syncflow-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const out = values.out ?? join(process.cwd(), `bench-results-${n}.json`);
process.stdout.write(`Syncflow benchmark: N = ${n.toLocaleString('en')}, work dir ${dir}\n`);
try {
  const store = await storeBench(dir, n);
  // The sync figures are judged against the DB ingest limit the store figures just measured.
  const sync = values['store-only'] ? null : await syncBench(dir, n, store.limit.rowsPerSec);
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, store, sync }, null, 2));
  process.stdout.write(`\nfigures written to ${out}\n`);
} finally {
  // A 1M run leaves about 2.5 GB of databases here.
  rmSync(dir, { recursive: true, force: true });
}
