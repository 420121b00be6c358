// Figures of the maintained counts, facets and start-up (issue "The engine on its own thread…", sections 2-4): the
// category tree and status totals during a bulk load and at rest, the old GROUP BY they replace, facet counts for
// queries matching about a quarter of the catalog, and an existing catalog from Engine.open to the first getStatus
// and search answered.
import type Database from 'better-sqlite3';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { searchInput } from '../../src-shared/api.js';
import { syncflowConfig } from '../../src-shared/config.js';
import type { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { catalogPath } from '../../src-main/engine/store/database.js';
import { categoryTree } from '../../src-main/engine/store/facetCounts.js';
import { fmt, percentiles, printTable, timeMs } from './stats.js';

/** Samples taken between the pages of a bulk load, as the engine answers the UI between commits. */
export class DuringLoad {
  private readonly categories: number[] = [];
  private readonly status: number[] = [];
  private page = 0;

  /** Every tenth page: the tree (recomputed, since each page is a new catalog version) and the live total. */
  sample(store: CatalogStore): void {
    if (this.page++ % 10 !== 0) return;
    this.categories.push(timeMs(() => store.categories())[1]);
    this.status.push(timeMs(() => store.count())[1]);
  }

  get figures() {
    return { listCategories: percentiles(this.categories), statusCount: percentiles(this.status) };
  }
}

export function countsAtRest(db: Database.Database, store: CatalogStore, quarter: string[]) {
  const tree: number[] = [];
  for (let i = 0; i < 200; i++) tree.push(timeMs(() => categoryTree(store.counts.rows()))[1]);
  const status: number[] = [];
  for (let i = 0; i < 200; i++) status.push(timeMs(() => store.count())[1]);
  // What listCategories and unfiltered facets ran before the counts were maintained, for comparison.
  const groupBy: number[] = [];
  for (let i = 0; i < 3; i++) {
    groupBy.push(
      timeMs(() =>
        db
          .prepare(
            `SELECT category, subcategory, brand, product_type AS type, active, coalesce(stock > 0, 0) AS inStock, source, count(*) AS n
             FROM products WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7`,
          )
          .all(),
      )[1],
    );
  }
  const facets = (filters: object) => {
    const samples: number[] = [];
    let approximate = 0;
    for (let i = 0; i < 100; i++) {
      const [r, ms] = timeMs(() => store.search(searchInput.parse({ query: quarter[i % quarter.length], filters, facets: true, limit: 50 })));
      samples.push(ms);
      if (r.facetsApproximate) approximate++;
    }
    return { ...percentiles(samples), approximateShare: approximate / samples.length };
  };
  return {
    listCategoriesMs: percentiles(tree),
    statusCountMs: percentiles(status),
    oldGroupByMs: percentiles(groupBy),
    facets25: facets({}),
    facets25Active: facets({ active: true }),
  };
}

/** Engine.open on an existing catalog (the file at `file`, closed) to the first getStatus and search answered. */
export async function openToReady(file: string, dir: string, query: string) {
  const dataDir = join(dir, 'open-data');
  mkdirSync(dataDir, { recursive: true });
  renameSync(file, catalogPath(dataDir));
  const config = syncflowConfig.parse({ sources: [{ name: 'bench', kind: 'demo' }] });
  // Loaded here, not with this module: the store bench's peak RSS is this process's (the engine's modules ~30 MB).
  const { Engine } = await import('../../src-main/engine/engine.js');
  const { startDemoServer } = await import('../../src-main/demo/demoServer.js');
  const t = process.hrtime.bigint();
  const engine = await Engine.open({ dataDir, config, fileLogs: false, demo: startDemoServer });
  const openMs = Number(process.hrtime.bigint() - t) / 1e6;
  await engine.getStatus({});
  const statusMs = Number(process.hrtime.bigint() - t) / 1e6;
  await engine.search(searchInput.parse({ query, facets: true }));
  const readyMs = Number(process.hrtime.bigint() - t) / 1e6;
  await engine.close();
  return { openMs, firstStatusMs: statusMs, readyMs };
}

export function printCounts(during: DuringLoad['figures'], rest: ReturnType<typeof countsAtRest>, open: Awaited<ReturnType<typeof openToReady>>) {
  const row = (label: string, p: { p50: number; p95: number; p99: number }) => [label, fmt(p.p50, 2), fmt(p.p95, 2), fmt(p.p99, 2)];
  printTable('Counts, facets and start-up (ms)', [
    ['case', 'p50', 'p95', 'p99'],
    row('listCategories during the bulk load (every 10th page; ≤ 20)', during.listCategories),
    row('live total (getStatus) during the bulk load', during.statusCount),
    row('listCategories at rest, uncached (≤ 20)', rest.listCategoriesMs),
    row('live total (getStatus) at rest', rest.statusCountMs),
    row('old GROUP BY behind listCategories (3 runs)', rest.oldGroupByMs),
    row(`facets, query in ~25%, no filter (≤ 50; ${fmt(rest.facets25.approximateShare * 100, 0)}% estimated)`, rest.facets25),
    row(`facets, query in ~25% + active (${fmt(rest.facets25Active.approximateShare * 100, 0)}% estimated)`, rest.facets25Active),
  ]);
  printTable('Existing catalog, from Engine.open (ms, cumulative)', [
    ['Engine.open returned', 'first getStatus answered', 'first search with facets answered (≤ 1000)'],
    [fmt(open.openMs, 0), fmt(open.firstStatusMs, 0), fmt(open.readyMs, 0)],
  ]);
}
