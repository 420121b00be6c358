// Facet counts (category tree, category, brand, type) that follow a search's query and filters, over all its
// matches, never the first thousand. Filters on low-cardinality fields alone are answered from the maintained
// counts (exact, no scan). A text query or a price range reads its matches from the narrow products_facets index
// (secondaryIndexes.ts; about 1.1 µs a row at 200k, where a scattered read of the wide catalog row cost 9 µs): up to
// FACET_BUDGET.exact of them are counted exactly. Past that the counts are estimated and flagged
// (`facetsApproximate`), never truncated silently: from a hash-chosen share of the matches, scaled up. A broad
// query's share comes from the sampled search index (ftsSchema.ts), so it never reads every match of the full one:
// reading the matches, not counting them, is what a word in a quarter of the catalog spent its time on.
import type { CategoryNode, FacetCount, SearchResult } from '../../../src-shared/domain.js';
import type { Db } from './database.js';
import { KEY_MASK } from './ftsIndex.js';
import { rowHash, SAMPLE_SHARE, SAMPLE_TABLE } from './ftsSchema.js';
import type { CountRow } from './productCounts.js';

export interface FacetBudget {
  /** Matching rows counted exactly at most. */
  exact: number;
  /**
   * Matching rows an estimate reads at most. A query with at least half as many matches in the sampled index is
   * estimated from that index alone (thinned to this many); a narrower one from a share of the full index's.
   */
  sample: number;
}
export const FACET_BUDGET: FacetBudget = { exact: 3_000, sample: 3_000 };
const TOP = 50;

interface Tuple {
  category: string | null;
  subcategory: string | null;
  brand: string | null;
  type: string;
  n: number;
}

export interface FacetQuery {
  /** FTS query of the search, or null for a browse. */
  fts: string | null;
  /** SQL over `p` for every filter except the category (the tree shows the categories the rest allows). */
  where: { sql: string; params: unknown[] };
  /** The category filter, applied to the brand/type/category lists (not to the tree). */
  category: string | undefined;
  /** Live products the low-cardinality filters (all but the category) allow: a bound on the matches. */
  allowed: number;
}

export type Facets = NonNullable<SearchResult['facets']>;

/** Matches of an FTS query in the sampled index: about SAMPLE_SHARE of the full index's, read at that share of the cost. */
export function sampleMatches(db: Db, fts: string): number {
  return db.prepare<[string], number>(`SELECT count(*) FROM ${SAMPLE_TABLE} WHERE ${SAMPLE_TABLE} MATCH ?`).pluck().get(fts)!;
}

/** Where the counted rows come from, the share of the matches they are (1: every match, exact) and about how many. */
interface Plan {
  from: string;
  rowid: string;
  share: number;
  rows: number;
}

/**
 * Rows a facet query reads in one go at most. A reader thread yields between such chunks so that calls queued
 * behind a search (getStatus every 250 ms) wait for one chunk, not for the whole count: after every commit of a
 * sync the reader's page cache starts cold, and a 3,000-row estimate then took most of a search's time.
 */
export const FACET_CHUNK_ROWS = 1_000;

function textPlan(db: Db, q: FacetQuery & { fts: string }, budget: FacetBudget): Plan {
  const narrow = narrowIndex(db);
  const inSampled = sampleMatches(db, q.fts);
  if (inSampled >= budget.sample / 2 && q.allowed > budget.exact) {
    // Broad: the sampled index alone, thinned by the same hash to at most `sample` rows.
    return {
      from: `${SAMPLE_TABLE} f CROSS JOIN products p${narrow} ON p.rowid = f.rowid WHERE ${SAMPLE_TABLE} MATCH ?`,
      rowid: 'f.rowid',
      share: SAMPLE_SHARE * Math.min(1, budget.sample / inSampled),
      rows: Math.min(inSampled, budget.sample),
    };
  }
  // Narrower: the full index. The matches are counted up to the budget (a prefix's are merged first, which costs
  // about what a sampled index with this few matches promises), unless the sample already shows many more.
  const estimate = inSampled / SAMPLE_SHARE;
  const probe =
    estimate > 2 * budget.exact
      ? Infinity
      : db.prepare<[string], number>(`SELECT count(*) FROM (SELECT 1 FROM products_fts WHERE products_fts MATCH ? LIMIT ${budget.exact + 1})`).pluck().get(q.fts)!;
  const fits = Math.min(probe, q.allowed) <= budget.exact;
  const matches = Math.max(estimate, Number.isFinite(probe) ? probe : 0);
  const share = fits ? 1 : Math.min(1, budget.sample / matches);
  return {
    from: `products_fts f CROSS JOIN products p${narrow} ON p.rowid = (f.rowid & ${KEY_MASK}) WHERE products_fts MATCH ?`,
    rowid: `(f.rowid & ${KEY_MASK})`,
    share,
    rows: fits ? Math.min(probe, q.allowed) : share * matches,
  };
}

/**
 * The facets of `q`, exact when at most `budget.exact` rows match (or `exactRows` answers), else estimated.
 * `exactRows` is the maintained counts already narrowed to the filters, when they alone can answer. `share` is the
 * share of the matches that were counted (1 when exact): an estimated count c has a standard error of about
 * sqrt(c × (1 - share) / share).
 */
export function facetCounts(
  db: Db,
  q: FacetQuery,
  exactRows: CountRow[] | null,
  budget = FACET_BUDGET,
  chunkRows = FACET_CHUNK_ROWS,
): FacetResult {
  return drain(facetCountSteps(db, q, exactRows, budget, chunkRows));
}

export interface FacetResult {
  facets: Facets;
  approximate: boolean;
  share: number;
}

/** Runs a stepwise computation to its end without yielding (the engine's own thread, tests). */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * facetCounts in steps: it yields between queries of at most about `chunkRows` rows each. The rows are split by
 * ranges of the same rowid hash the sample uses, so the chunks are disjoint, together count what one query would,
 * and each reads only its own rows. The caller keeps one read transaction across the steps (one snapshot).
 */
export function* facetCountSteps(
  db: Db,
  q: FacetQuery,
  exactRows: CountRow[] | null,
  budget = FACET_BUDGET,
  chunkRows = FACET_CHUNK_ROWS,
): Generator<void, FacetResult> {
  if (exactRows) return { facets: build(exactRows, q.category), approximate: false, share: 1 };
  const plan: Plan = q.fts
    ? textPlan(db, { ...q, fts: q.fts }, budget)
    : (() => {
        const share = q.allowed <= budget.exact ? 1 : Math.min(1, budget.sample / q.allowed);
        return { from: 'products p WHERE 1', rowid: 'p.rowid', share, rows: share * q.allowed };
      })();
  yield;
  // The hash test reads only the FTS rowid (or the product rowid), so rows left out are never read from the catalog.
  const end = plan.share < 1 ? Math.floor(plan.share * 2 ** 32) : 2 ** 32;
  // A browse (no text query) walks its candidate rows whatever share it counts, and each chunk would walk them
  // again: only a text query's chunks read less each (the matches come from the index, the hash test prunes them).
  const chunks = q.fts ? Math.max(1, Math.min(16, Math.ceil(plan.rows / Math.max(1, chunkRows)))) : 1;
  const cols = 'p.category, p.subcategory, p.brand, p.product_type AS type';
  const tally = new Map<string, Tuple>();
  for (let c = 0; c < chunks; c++) {
    if (c > 0) yield;
    const lo = Math.floor((end * c) / chunks);
    const hi = Math.floor((end * (c + 1)) / chunks);
    const range =
      chunks === 1 && plan.share >= 1
        ? ''
        : ` AND ${rowHash(plan.rowid)} < ${hi}${lo > 0 ? ` AND ${rowHash(plan.rowid)} >= ${lo}` : ''}`;
    const sql = `SELECT ${cols}, count(*) AS n FROM ${plan.from}${range} AND ${q.where.sql} GROUP BY 1, 2, 3, 4`;
    for (const r of db.prepare<unknown[], Tuple>(sql).all(...(q.fts ? [q.fts] : []), ...q.where.params)) {
      const key = JSON.stringify([r.category, r.subcategory, r.brand, r.type]);
      const seen = tally.get(key);
      if (seen) seen.n += r.n;
      else tally.set(key, r);
    }
  }
  const rows = [...tally.values()];
  // The threshold is rounded down, so the share actually counted is that over 2^32.
  const share = plan.share < 1 ? end / 2 ** 32 : 1;
  if (share < 1) for (const r of rows) r.n = Math.max(1, Math.round(r.n / share));
  return { facets: build(rows, q.category), approximate: share < 1, share };
}

/**
 * ' INDEXED BY products_facets' for a join from FTS matches to `products p` that reads only filter and facet
 * columns: named, since without statistics the planner reads the wide table by rowid. '' while a bulk load has
 * dropped it.
 */
export function narrowIndex(db: Db): string {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'products_facets'").get() ? ' INDEXED BY products_facets' : '';
}

function build(rows: readonly Tuple[], category: string | undefined): Facets {
  const tally = { category: new Map<string, number>(), brand: new Map<string, number>(), type: new Map<string, number>() };
  const add = (m: Map<string, number>, k: string | null, n: number) => k !== null && m.set(k, (m.get(k) ?? 0) + n);
  for (const r of rows) {
    if (category !== undefined && r.category !== category && r.subcategory !== category) continue;
    add(tally.category, r.category, r.n);
    add(tally.brand, r.brand, r.n);
    add(tally.type, r.type, r.n);
  }
  const top = (m: Map<string, number>): FacetCount[] =>
    [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, TOP);
  return { category: top(tally.category), brand: top(tally.brand), type: top(tally.type), tree: categoryTree(rows) };
}

/** The category › subcategory tree with the counts of `rows`. */
export function categoryTree(rows: readonly Pick<Tuple, 'category' | 'subcategory' | 'n'>[]): CategoryNode[] {
  const tree = new Map<string, CategoryNode>();
  for (const r of rows) {
    if (r.category === null) continue;
    let node = tree.get(r.category);
    if (!node) tree.set(r.category, (node = { name: r.category, count: 0, children: [] }));
    node.count += r.n;
    if (r.subcategory !== null) {
      let child = node.children.find((c) => c.name === r.subcategory);
      if (!child) node.children.push((child = { name: r.subcategory, count: 0, children: [] }));
      child.count += r.n;
    }
  }
  const byName = (a: CategoryNode, b: CategoryNode) => a.name.localeCompare(b.name);
  return [...tree.values()].sort(byName).map((n) => ({ ...n, children: n.children.sort(byName) }));
}
