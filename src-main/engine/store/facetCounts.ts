// Facet counts (category tree, category, brand, type) that follow a search's query and filters, over all its
// matches, never the first thousand. Filters on low-cardinality fields alone are answered from the maintained
// counts (exact, no scan). A text query or a price range reads its matches from the narrow products_facets index
// (secondaryIndexes.ts; about 1.1 µs a row at 200k, where a scattered read of the wide catalog row cost 9 µs): up to
// FACET_BUDGET.exact of them are counted exactly; past that, a hash-chosen share of the catalog's rows is counted and
// scaled up, sized so that a query matching a quarter of the catalog reads about 1,500 rows at any size, and the
// counts are flagged as estimates (`facetsApproximate`), never truncated silently.
import type { CategoryNode, FacetCount, SearchResult } from '../../../src-shared/domain.js';
import type { Db } from './database.js';
import { KEY_MASK } from './ftsIndex.js';
import type { CountRow } from './productCounts.js';

export interface FacetBudget {
  /** Matching rows counted exactly at most. */
  exact: number;
  /** Rows sampled out of the whole (filtered) catalog when the matches are more: the share is sample / catalog. */
  sample: number;
}
export const FACET_BUDGET: FacetBudget = { exact: 3_000, sample: 6_000 };
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

/**
 * The facets of `q`, exact when at most `budget.exact` rows match (or `exactRows` answers), else estimated.
 * `exactRows` is the maintained counts already narrowed to the filters, when they alone can answer. `ftsMatches` is
 * the number of text matches when it was counted exactly on the way (null otherwise).
 */
export function facetCounts(
  db: Db,
  q: FacetQuery,
  exactRows: CountRow[] | null,
  budget = FACET_BUDGET,
): { facets: Facets; approximate: boolean; ftsMatches: number | null } {
  if (exactRows) return { facets: build(exactRows, q.category), approximate: false, ftsMatches: null };
  // The text matches counted up to the budget: the count stops there, so a word in every product costs no more.
  const probe = q.fts
    ? db.prepare<[string], number>(`SELECT count(*) FROM (SELECT 1 FROM products_fts WHERE products_fts MATCH ? LIMIT ${budget.exact + 1})`).pluck().get(q.fts)!
    : null;
  const fits = Math.min(probe ?? Infinity, q.allowed) <= budget.exact;
  // A 32-bit multiplicative hash of the product rowid chooses the sample: unrelated to names (FTS key order) and to
  // load order, so the share is spread over the catalog; the same rows every time for the same catalog.
  const share = fits ? 1 : Math.min(1, budget.sample / q.allowed);
  const threshold = Math.floor(share * 2 ** 32);
  // The sample test reads only the FTS key (or the rowid), so rows left out of it are never read from the catalog.
  const rowid = q.fts ? `(f.rowid & ${KEY_MASK})` : 'p.rowid';
  const sample = share < 1 ? ` AND ((${rowid} * 2654435761) & ${KEY_MASK}) < ${threshold}` : '';
  const cols = 'p.category, p.subcategory, p.brand, p.product_type AS type';
  const narrow = narrowIndex(db);
  const from = q.fts
    ? `products_fts f CROSS JOIN products p${narrow} ON p.rowid = ${rowid} WHERE products_fts MATCH ?`
    : 'products p WHERE 1';
  const sql = `SELECT ${cols}, count(*) AS n FROM ${from}${sample} AND ${q.where.sql} GROUP BY 1, 2, 3, 4`;
  const rows = db.prepare<unknown[], Tuple>(sql).all(...(q.fts ? [q.fts] : []), ...q.where.params);
  if (share < 1) for (const r of rows) r.n = Math.max(1, Math.round(r.n / share));
  return { facets: build(rows, q.category), approximate: share < 1, ftsMatches: probe !== null && probe <= budget.exact ? probe : null };
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
