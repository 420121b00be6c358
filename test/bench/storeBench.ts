// Store figures at N products (issue "Catalog store, search and caches … at 1,000,000 products"): the bare
// better-sqlite3 ingest limit, the store's bulk load through its public API, a 1%-changed re-sync, search and
// browse latencies, cache lookups, memory, event-loop delay and file size.
import type Database from 'better-sqlite3';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { searchInput } from '../../src-shared/api.js';
import { RecordCache } from '../../src-main/engine/cache/recordCache.js';
import { CatalogHub } from '../../src-main/engine/hub/catalogHub.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase } from '../../src-main/engine/store/database.js';
import { RecordStore } from '../../src-main/engine/store/recordStore.js';
import { FtsIndex } from '../../src-main/engine/store/ftsIndex.js';
import { REBUILD_CACHE_KIB, REBUILD_SORTER_THREADS } from '../../src-main/engine/store/ftsRebuild.js';
import { dropSecondaryIndexes } from '../../src-main/engine/store/secondaryIndexes.js';
import { productColumns, productValues, type PreparedProduct } from '../../src-main/engine/store/productRows.js';
import { productChunks } from './benchData.js';
import { countsAtRest, DuringLoad, openToReady, printCounts } from './countsBench.js';
import { fmt, percentiles, printTable, timeMs } from './stats.js';

const now = '2026-11-23T00:00:00.000Z';

/** CPU time (user + system) of the calling thread from /proc (Linux; clock ticks), in ms; 0 where it cannot be read. */
function threadCpuMs(): number {
  try {
    const f = readFileSync('/proc/thread-self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}
const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function removeDb(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

/**
 * Bare better-sqlite3 at its best with the same schema: pre-built rows in 50k-row transactions with the browse
 * indexes dropped, then the same index and FTS build SQL the store runs (indexes sorted once, FTS fed in key order).
 */
export function ingestLimit(dir: string, n: number) {
  const file = join(dir, 'limit.db');
  removeDb(file);
  const db = openDatabase(file);
  // Bare better-sqlite3: SQLite's own checkpointing, not the store's worker.
  db.pragma('wal_autocheckpoint = 1000');
  for (const sql of dropSecondaryIndexes) db.exec(sql);
  const placeholders = productColumns.split(',').map(() => '?').join(', ');
  const insert = db.prepare(
    `INSERT INTO products (id, ${productColumns}, sync_version, first_seen_at, last_synced_at) VALUES (?, ${placeholders}, 1, ?, ?)`,
  );
  const tx = db.transaction((rows: unknown[][]) => {
    for (const r of rows) insert.run(r);
  });
  let insertMs = 0;
  // CPU time of the timed parts only (the rows are made untimed), every thread: the build's sorter threads count.
  let cpuMs = 0;
  const cpu = <T>(fn: () => T): T => {
    const u = process.cpuUsage();
    try {
      return fn();
    } finally {
      const d = process.cpuUsage(u);
      cpuMs += (d.user + d.system) / 1000;
    }
  };
  for (const chunk of productChunks(n, 50_000)) {
    const rows = chunk.map((p) => [p.id, ...productValues(p), now, now]);
    insertMs += cpu(() => timeMs(() => tx(rows))[1]);
  }
  // The page cache and sorter threads the store's rebuild worker builds with (the cache measured faster than a large one).
  db.pragma(`cache_size = -${REBUILD_CACHE_KIB}`);
  db.pragma(`threads = ${REBUILD_SORTER_THREADS}`);
  const [, ftsMs] = cpu(() =>
    timeMs(() => {
      for (const group of new FtsIndex(db).rebuildStatements()) {
        db.transaction(() => {
          for (const sql of group) db.exec(sql);
        })();
      }
    }),
  );
  db.close();
  return { insertMs, ftsMs, totalMs: insertMs + ftsMs, rowsPerSec: n / ((insertMs + ftsMs) / 1000), cpuMs };
}

export function printLimit<T extends ReturnType<typeof ingestLimit>>(limit: T, n: number): T {
  printTable(`DB ingest limit (bare better-sqlite3, ${n.toLocaleString('en')} rows)`, [
    ['insert ms (browse indexes dropped)', 'index + fts build ms', 'total ms', 'rows/s', 'CPU ms'],
    [fmt(limit.insertMs, 0), fmt(limit.ftsMs, 0), fmt(limit.totalMs, 0), fmt(limit.rowsPerSec, 0), fmt(limit.cpuMs, 0)],
  ]);
  return limit;
}

export async function storeBench(dir: string, n: number, opts: { loadOnly?: boolean } = {}) {
  // The store's bulk load through its public API, in page-sized transactions with yields, as a sync does it: through
  // the catalog hub, with one source and no match rule (the single-source path).
  const file = join(dir, 'store.db');
  removeDb(file);
  const db = openDatabase(file);
  const store = new CatalogStore(db);
  const hub = new CatalogHub(db, store, new RecordStore(db), { rules: () => ({}) });
  const eld = monitorEventLoopDelay({ resolution: 10 });
  let peakRss = process.memoryUsage.rss();
  const rssStart = peakRss;
  const loadBefore = loadavg()[0]!;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  eld.enable();
  let loadMs = 0;
  let created = 0;
  const page = db.transaction((rows: PreparedProduct[]) => hub.applyPage('products', rows, 1, now, { deferIndex: true }));
  const during = new DuringLoad();
  // CPU of every thread (the search index worker's included) from the first page to the end of finishBulk, less
  // the main thread's while it makes the rows (untimed, as in the limit) and samples the UI's calls (not the load's).
  const cpuStart = processCpuMs();
  const wallStart = process.hrtime.bigint();
  let untimedCpuMs = 0;
  const untimed = <T>(fn: () => T): T => {
    const t = threadCpuMs();
    try {
      return fn();
    } finally {
      untimedCpuMs += threadCpuMs() - t;
    }
  };
  const chunks = productChunks(n, 300);
  // Pages of 300, as a sync of Ploomes (at most 300 per request) commits them.
  for (;;) {
    const next = untimed(() => chunks.next());
    if (next.done) break;
    const chunk = next.value;
    const [r, ms] = timeMs(() => {
      const result = page(chunk);
      store.pageCommitted();
      return result;
    });
    loadMs += ms;
    created += r.created;
    // Not part of loadMs: what the UI's calls cost between two pages.
    untimed(() => during.sample(store));
    await yieldToLoop();
  }
  const t0 = process.hrtime.bigint();
  await store.finishBulk();
  const finishMs = Number(process.hrtime.bigint() - t0) / 1e6;
  loadMs += finishMs;
  const loadCpuMs = processCpuMs() - cpuStart - untimedCpuMs;
  // Wall time with the gaps: the search index worker works while the main thread makes rows, so on an idle machine
  // the timed total hides part of its work (a sync overlaps it with fetching the same way).
  const elapsedMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  const loadAfter = loadavg()[0]!;
  const build = store.fts.lastBuild;
  eld.disable();
  clearInterval(rssTimer);
  // Measured after the store so its memory figure is not inflated by the baseline's large batches.
  const limit = printLimit(ingestLimit(dir, n), n);
  const searchBuild = build ? (build.alongside ? 'alongside' : `rebuilt after (${build.fallback ?? 'no builder'})`) : 'n/a';
  const load = {
    ms: loadMs, ftsMs: finishMs, elapsedMs, cpuMs: loadCpuMs, cpuRatio: limit.cpuMs / loadCpuMs, created, rowsPerSec: n / (loadMs / 1000),
    ratio: limit.totalMs / loadMs, searchBuild, rssStartMb: rssStart / 2 ** 20, loadAverage: [loadBefore, loadAfter],
  };
  const eldP99 = eld.percentile(99) / 1e6;
  printTable('Store bulk load (public API: the hub\'s applyPage per 300 rows, one source, + finishBulk)', [
    ['total ms', 'of which finishBulk ms', 'elapsed with row making ms', 'rows/s', '% of limit (≥ 90)', 'CPU ms (all threads)', 'limit CPU ÷ CPU %', 'RSS at start MB', 'peak RSS MB (≤ 300)', 'event-loop p99 ms (≤ 50)', 'search index', 'load average'],
    [
      fmt(load.ms, 0), fmt(load.ftsMs, 0), fmt(elapsedMs, 0), fmt(load.rowsPerSec, 0), fmt(load.ratio * 100), fmt(loadCpuMs, 0), fmt(load.cpuRatio * 100),
      fmt(load.rssStartMb, 0), fmt(peakRss / 2 ** 20, 0), fmt(eldP99), searchBuild, `${fmt(loadBefore, 2)} -> ${fmt(loadAfter, 2)}`,
    ],
  ]);
  if (opts.loadOnly) {
    await store.close();
    db.close();
    return { n, limit, load: { ...load, peakRssMb: peakRss / 2 ** 20, eventLoopP99Ms: eldP99 } };
  }

  // Re-sync: the same rows with 1% changed; the index is maintained row by row now.
  const feedBefore = (db.prepare('SELECT max(seq) AS s FROM change_feed').get() as { s: number }).s;
  let resyncMs = 0;
  let updated = 0;
  const page2 = db.transaction((rows: PreparedProduct[]) => hub.applyPage('products', rows, 2, now));
  for (const chunk of productChunks(n, 300, { changeEvery: 100 })) {
    const [r, ms] = timeMs(() => page2(chunk));
    resyncMs += ms;
    updated += r.updated;
    await yieldToLoop();
  }
  const feedUpdates = (db.prepare(`SELECT count(*) AS c FROM change_feed WHERE seq > ? AND op = 'updated'`).get(feedBefore) as { c: number }).c;
  const resync = { ms: resyncMs, updated, feedUpdates, ratio: resyncMs / load.ms };
  printTable('Re-sync of the same rows with 1% changed', [
    ['ms', 'updated', 'feed updates', '% of full load (≤ 15)'],
    [fmt(resyncMs, 0), updated, feedUpdates, fmt(resync.ratio * 100)],
  ]);

  const search = searchBench(db, store);
  const rest = countsAtRest(db, store, search.quarter);
  const fileMb = (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 2 ** 20;
  await store.close();
  db.close();
  const open = await openToReady(file, dir, search.quarter[0] ?? 'compressor');
  printCounts(during.figures, rest, open);
  const counts = { duringLoad: during.figures, ...rest, open };
  return { n, limit, load: { ...load, peakRssMb: peakRss / 2 ** 20, eventLoopP99Ms: eldP99 }, resync, search: search.figures, counts, dbFileMb: fileMb };
}

function searchBench(db: Database.Database, store: CatalogStore) {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, products_fts, row)');
  const total = store.count();
  const terms = db.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM temp.fts_terms WHERE length(term) >= 3').all();
  const near = (share: number, k: number) =>
    [...terms].sort((a, b) => Math.abs(a.doc - share * total) - Math.abs(b.doc - share * total)).slice(0, k);
  // Rare words in this catalog are mostly product codes' parts (what operators type to find one item).
  const rare = terms.filter((t) => t.doc >= 1 && t.doc <= 50 && /^[a-z0-9]{4,}$/.test(t.term)).slice(0, 200);
  const quarter = near(0.25, 5);
  const everywhere = [...terms].sort((a, b) => b.doc - a.doc).slice(0, 3);
  const prefixes = [...new Set(terms.filter((t) => t.doc > total * 0.01 && /^[a-z]{5,}$/.test(t.term)).map((t) => t.term.slice(0, 3)))].slice(0, 20);
  const brands = db.prepare<[], { brand: string }>('SELECT DISTINCT brand FROM products WHERE brand IS NOT NULL LIMIT 20').all().map((r) => r.brand);

  const run = (label: string, inputs: object[], runs = 200) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(timeMs(() => store.search(searchInput.parse(inputs[i % inputs.length])))[1]);
    return { label, ...percentiles(samples) };
  };
  const results = [
    run(`rare word (df ≤ 50; ${rare.length} words)`, rare.length ? rare.map((t) => ({ query: t.term })) : [{ query: "zzzz" }]),
    run(`word in ~25% (${quarter.map((t) => `${t.term}:${t.doc}`).join(', ')})`, quarter.map((t) => ({ query: t.term }))),
    run(`word in nearly all (${everywhere.map((t) => `${t.term}:${t.doc}`).join(', ')})`, everywhere.map((t) => ({ query: t.term }))),
    run(`3-letter prefix (${prefixes.slice(0, 5).join(', ')}…)`, prefixes.map((p) => ({ query: p }))),
    run('filtered browse page (type, active, brand; by name)', brands.map((brand) => ({ filters: { type: 'product', active: true, brand } }))),
    run('filtered browse, next page (keyset)', brands.map((brand) => ({ filters: { brand }, cursor: store.search(searchInput.parse({ filters: { brand } })).nextCursor }))),
    run('facet counts (filters only)', brands.map((brand) => ({ filters: { brand, active: true }, facets: true, limit: 1 }))),
    run('facet counts (query + filter)', quarter.map((t) => ({ query: t.term, filters: { active: true }, facets: true, limit: 1 }))),
  ];

  // Lookups by id through the read-through cache (hits after the first touch).
  const cache = new RecordCache<object>({ max: 10_000, ttlMs: 300_000 });
  const ids = db.prepare<[], { id: string }>('SELECT id FROM products ORDER BY rowid LIMIT 5000').all().map((r) => r.id);
  for (const id of ids) cache.get(id, (k) => store.get(k));
  const lookups: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const id of ids) {
      const t = process.hrtime.bigint();
      cache.get(id, (k) => store.get(k));
      lookups.push(Number(process.hrtime.bigint() - t) / 1e3);
    }
  }
  const lookup = percentiles(lookups);
  printTable('Search and browse at this size (ms; 200 queries each)', [
    ['case', 'p50', 'p95', 'p99'],
    ...results.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p95, 2), fmt(r.p99, 2)]),
    ['lookup by id via cache (µs)', fmt(lookup.p50, 2), fmt(lookup.p95, 2), fmt(lookup.p99, 2)],
  ]);
  return { figures: { cases: results, cacheLookupUs: lookup }, quarter: quarter.map((t) => t.term) };
}
