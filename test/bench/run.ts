// `npm run bench [-- --n 1000000] [--store-only [--load-only]] [--only responsiveness|pace|ui-scroll|sync] [--serve-cli PATH]`: prints the figures
// and writes them as JSON to the file it names. `--serve-cli` measures the responsiveness of another build's
// `bin/syncflow.js` (e.g. a checkout from before a change) instead of this one's.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as Responsiveness from './responsivenessBench.js';
import { ingestLimit, printLimit, storeBench } from './storeBench.js';
import type * as Sync from './syncBench.js';
import type * as UiScroll from './uiScrollBench.js';
import type { ScrollWay } from './uiScrollBench.js';

// The other sections load when they run: the store's peak RSS is this process's, and Playwright alone is ~60 MB.
const paceBench = async () => (await import('./paceBench.js')).paceBench();
const responsivenessBench = async (...a: Parameters<typeof Responsiveness.responsivenessBench>) =>
  (await import('./responsivenessBench.js')).responsivenessBench(...a);
const syncBench = async (...a: Parameters<typeof Sync.syncBench>) => (await import('./syncBench.js')).syncBench(...a);
const uiScrollBench = async (...a: Parameters<typeof UiScroll.uiScrollBench>) => (await import('./uiScrollBench.js')).uiScrollBench(...a);

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    'store-only': { type: 'boolean', default: false },
    /** Implies --store-only: the bulk load and the DB ingest limit alone (a quick check of the write path). */
    'load-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    'serve-cli': { type: 'string' },
    /** ui-scroll: how long Chromium scrolls the Catalog list, per way. */
    seconds: { type: 'string', default: '20' },
    /** ui-scroll: keep the filled catalog in this folder and reuse it next time. */
    'ui-data': { type: 'string' },
    /** ui-scroll: also measure another build's bin/syncflow.js on the same catalog, alternating with this one. */
    'compare-cli': { type: 'string' },
    /** ui-scroll: only these ways, comma-separated (pagedown, wheel, every-frame). */
    ways: { type: 'string' },
  },
});
const n = Number(values.n);
const storeOnly = values['store-only'] || values['load-only'];

function parseWays(text: string): ScrollWay[] {
  const known: ScrollWay[] = ['pagedown', 'wheel', 'every-frame'];
  const wanted = text.split(',').map((w) => w.trim());
  const bad = wanted.find((w) => !known.includes(w as ScrollWay));
  if (bad !== undefined) throw new Error(`--ways: "${bad}" is not one of ${known.join(', ')}`);
  return wanted as ScrollWay[];
}
const dir = join(tmpdir(), `syncflow-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const out = values.out ?? join(process.cwd(), `bench-results-${n}.json`);
process.stdout.write(`Syncflow benchmark: N = ${n.toLocaleString('en')}, work dir ${dir}\n`);
try {
  if (values.only !== undefined && !['responsiveness', 'pace', 'ui-scroll', 'sync'].includes(values.only)) {
    throw new Error(`--only: expected "responsiveness", "pace", "ui-scroll" or "sync"`);
  }
  // The Catalog list in Chromium is asked for by name only (it builds the renderer and fills its own catalog).
  const uiScroll =
    values.only === 'ui-scroll'
      ? await uiScrollBench(dir, n, {
          seconds: Number(values.seconds),
          ...(values['ui-data'] ? { dataDir: values['ui-data'] } : {}),
          ...(values['compare-cli'] ? { compareCli: values['compare-cli'] } : {}),
          ...(values.ways ? { ways: parseWays(values.ways) } : {}),
        })
      : null;
  const all = values.only === undefined;
  const store = all ? await storeBench(dir, n, { loadOnly: values['load-only'] }) : null;
  // `--only sync`: the write side alone (the DB ingest limit, then the sync figures and the peer), for a quick check.
  const limit = store?.limit ?? (values.only === 'sync' ? printLimit(ingestLimit(dir, n), n) : null);
  // The sync figures are judged against the DB ingest limit measured here and again after the engine's runs (syncBench.ts).
  const sync = limit && !storeOnly ? await syncBench(dir, n, limit) : null;
  const ui = storeOnly || values.only === 'pace' || values.only === 'sync' || uiScroll ? null : await responsivenessBench(dir, n, values['serve-cli']);
  const pace = (all && !storeOnly) || values.only === 'pace' ? await paceBench() : null;
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, store, limit: store ? undefined : limit, sync, ...ui, pace, uiScroll }, null, 2));
  process.stdout.write(`\nfigures written to ${out}\n`);
} finally {
  // A 1M run leaves about 2.5 GB of databases here.
  rmSync(dir, { recursive: true, force: true });
}
