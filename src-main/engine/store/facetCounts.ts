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
  /** The query's matches in the sampled index, when the caller has read them already. */
  sampled?: number;
}

export type Facets = NonNullable<SearchResult['facets']>;

/** Matches of an FTS query in the sampled index: about SAMPLE_SHARE of the full index's, read at that share of the cost. */
export function sampleMatches(db: Db, fts: string): number {
  return db.prepare<[string], number>(`SELECT count(*) FROM ${SAMPLE_TABLE} WHERE ${SAMPLE_TABLE} MATCH ?`).pluck().get(fts)!;
}

/** Where the counted rows come from, and the share of the matches they are (1: every match, exact). */
interface Plan {
  from: string;
  rowid: string;
  share: number;
}

function textPlan(db: Db, q: FacetQuery & { fts: string }, budget: FacetBudget): Plan {
  const narrow = narrowIndex(db);
  const inSampled = q.sampled ?? sampleMatches(db, q.fts);
  if (inSampled >= budget.sample / 2 && q.allowed > budget.exact) {
    // Broad: the sampled index alone, thinned by the same hash to at most `sample` rows.
    return {
      from: `${SAMPLE_TABLE} f CROSS JOIN products p${narrow} ON p.rowid = f.rowid WHERE ${SAMPLE_TABLE} MATCH ?`,
      rowid: 'f.rowid',
      share: SAMPLE_SHARE * Math.min(1, budget.sample / inSampled),
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
  return {
    from: `products_fts f CROSS JOIN products p${narrow} ON p.rowid = (f.rowid & ${KEY_MASK}) WHERE products_fts MATCH ?`,
    rowid: `(f.rowid & ${KEY_MASK})`,
    share: fits ? 1 : Math.min(1, budget.sample / Math.max(estimate, Number.isFinite(probe) ? probe : 0)),
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
): { facets: Facets; approximate: boolean; share: number } {
  if (exactRows) return { facets: build(exactRows, q.category), approximate: false, share: 1 };
  const plan: Plan = q.fts
    ? textPlan(db, { ...q, fts: q.fts }, budget)
    : { from: 'products p WHERE 1', rowid: 'p.rowid', share: q.allowed <= budget.exact ? 1 : Math.min(1, budget.sample / q.allowed) };
  // The sample test reads only the FTS rowid (or the product rowid), so rows left out are never read from the catalog.
  const sample = plan.share < 1 ? ` AND ${rowHash(plan.rowid)} < ${Math.floor(plan.share * 2 ** 32)}` : '';
  const cols = 'p.category, p.subcategory, p.brand, p.product_type AS type';
  const sql = `SELECT ${cols}, count(*) AS n FROM ${plan.from}${sample} AND ${q.where.sql} GROUP BY 1, 2, 3, 4`;
  const rows = db.prepare<unknown[], Tuple>(sql).all(...(q.fts ? [q.fts] : []), ...q.where.params);
  // The threshold is rounded down, so the share actually counted is that over 2^32.
  const share = plan.share < 1 ? Math.floor(plan.share * 2 ** 32) / 2 ** 32 : 1;
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
