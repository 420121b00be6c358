// Offline search and browse over the catalog. Ranked search reads the FTS index in its key order (shortest
// matching names first; see ftsIndex.ts) in tiers (the name first, then everything else), each stopped after one
// page, so a word in every product costs what a rare word costs. Every page is keyset-paginated.
import type { ParsedInput } from '../../../src-shared/api.js';
import type { CategoryNode, SearchResult } from '../../../src-shared/domain.js';
import type { Db } from './database.js';
import { categoryTree, FACET_BUDGET, facetCounts, narrowIndex, sampleMatches, type FacetBudget, type Facets } from './facetCounts.js';
import { KEY_MASK } from './ftsIndex.js';
import { SAMPLE_SHARE } from './ftsSchema.js';
import type { CountRow, ProductCounts } from './productCounts.js';
import { rowToHit, type ProductRow } from './productRows.js';

type SearchInput = ParsedInput<'search'>;
type Filters = SearchInput['filters'];

/** Matches are counted one by one up to here; beyond, the UI shows "10,000+". */
const COUNT_CAP = 10_000;
/** With filters every match costs a catalog row read, so a text query plus filters counts to here ("1,000+"). */
const FILTERED_COUNT_CAP = 1_000;

/**
 * An estimated facet result (flagged `facetsApproximate`) is reused while the catalog has moved far less than its
 * own sampling error: while fewer rows than `share` of the live catalog were created, changed or deleted since it
 * was counted. A brand with 10,000 of 250,000 matches is estimated to about ±9% (1.1% of the matches counted), so a
 * 1% drift does not show. Once it is older than `maxAgeMs` it is still answered, and recounted right after (stale
 * while revalidating). Without this, a search during a sync recounted after every page commit, each of which empties
 * a reader's page cache: ~25 ms of cold reads at 1M, most of a search's cost. Exact facets are never reused.
 */
export const FACET_REUSE = { maxAgeMs: 5_000, share: 0.01 };
/** Queries whose estimate is kept (the UI asks for a handful at a time). */
const FACET_REUSE_ENTRIES = 32;

interface KeptFacets {
  facets: Facets;
  /** A recount is queued (see FACET_REUSE). */
  refreshing: boolean;
  at: number;
  live: number;
  seq: number;
}

/** Splits operator text into search tokens; quotes and FTS operators become plain text. */
export function searchTokens(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/\s+/)
    .map((t) => t.replace(/"/g, ''))
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
}

/**
 * Turns operator text into a safe FTS5 query: every token is quoted, so `"`, `*`, `-`, AND, ( ) are plain text.
 * The last token is a prefix (results follow typing) unless `exact`; a quoted token is a phrase, so `ATL-GA30`
 * stays together.
 */
export function toFtsQuery(text: string, exact = false): string | null {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return null;
  return tokens.map((t, i) => `"${t}"${i === tokens.length - 1 && !exact ? '*' : ''}`).join(' ');
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Wraps the words of `text` that the query matched in [[ ]] (accent- and case-insensitive, last token a prefix). */
export function highlight(text: string, tokens: string[]): string {
  const parts = tokens.flatMap((t, i) => fold(t).split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((w) => ({ w, prefix: i === tokens.length - 1 })));
  if (parts.length === 0) return text;
  return text.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const f = fold(word);
    return parts.some((p) => (p.prefix ? f.startsWith(p.w) : f === p.w)) ? `[[${word}]]` : word;
  });
}

function filterSql(f: Filters, categoryLevel: (name: string) => 'category' | 'subcategory' | 'both'): { sql: string; params: unknown[] } {
  const where: string[] = ['p.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (f.brand) {
    where.push('p.brand = ?');
    params.push(f.brand);
  }
  if (f.category) {
    // A category matches itself and its subcategories (the tree is category › subcategory). One column per level
    // keeps each on its (column, name) index.
    const level = categoryLevel(f.category);
    where.push(level === 'both' ? '(p.category = ? OR p.subcategory = ?)' : `p.${level} = ?`);
    params.push(f.category, ...(level === 'both' ? [f.category] : []));
  }
  if (f.type) {
    where.push('p.product_type = ?');
    params.push(f.type);
  }
  if (f.active !== undefined) {
    where.push('p.active = ?');
    params.push(f.active ? 1 : 0);
  }
  if (f.inStock !== undefined) where.push(f.inStock ? 'p.stock > 0' : '(p.stock IS NULL OR p.stock <= 0)');
  if (f.minPrice !== undefined) {
    where.push('p.price >= ?');
    params.push(f.minPrice);
  }
  if (f.maxPrice !== undefined) {
    where.push('p.price <= ?');
    params.push(f.maxPrice);
  }
  if (f.source) {
    where.push('p.source = ?');
    params.push(f.source);
  }
  return { sql: where.join(' AND '), params };
}

interface Cursor {
  /** Ranked search: tier (1 name, 2 elsewhere) and last FTS key. Sorted browse: last sort value and rowid. */
  t?: number;
  k?: number;
  v?: string | number | null;
  r?: number;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(cursor: string | undefined): Cursor {
  if (!cursor) return {};
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return c && typeof c === 'object' ? (c as Cursor) : {};
  } catch {
    return {};
  }
}

const sortColumns = { name: 'p.name', price: 'p.price', updated: 'p.source_updated_at' } as const;
/** "Recently updated" means newest first unless asked otherwise. */
const defaultOrder = { name: 'asc', price: 'asc', updated: 'desc' } as const;

export class CatalogSearch {
  private aggregate: { version: number; rows: CountRow[] } | null = null;
  /** Estimated facets by query and filters, oldest first (see FACET_REUSE). */
  private readonly kept = new Map<string, KeptFacets>();
  private sampled: { version: number; fts: string; n: number } | null = null;
  private readonly lastSeq;

  constructor(
    private readonly db: Db,
    private readonly version: () => number,
    private readonly counts: ProductCounts,
    /** Matching rows facets read one by one before they sample (facetCounts.ts); tests lower it. */
    private readonly facetBudget: FacetBudget = FACET_BUDGET,
    /** Monotonic milliseconds, for the age of a kept estimate; tests move it. */
    private readonly clock: () => number = () => performance.now(),
  ) {
    // Every created, changed or deleted record adds a feed entry (a bulk load one per page, which the live count covers).
    this.lastSeq = db.prepare<[], number | null>('SELECT max(seq) FROM change_feed').pluck();
  }

  search(input: SearchInput): SearchResult {
    const tokens = searchTokens(input.query);
    const fts = toFtsQuery(input.query);
    const exactFts = toFtsQuery(input.query, true);
    const sort = input.sort ?? (fts ? 'relevance' : 'name');
    const filter = filterSql(input.filters, (c) => this.categoryLevel(c));
    const page =
      fts && exactFts && sort === 'relevance'
        ? this.ranked(fts, exactFts, filter, input)
        : this.sorted(fts, sort === 'relevance' ? 'name' : sort, filter, input);
    const items = page.rows.map((r) => rowToHit(r, tokens.length ? highlight(r.name, tokens) : null));
    const { total, exact } = this.count(fts, exactFts, filter, input.filters);
    const result: SearchResult = { total, totalExact: exact, items, ...(page.next ? { nextCursor: encode(page.next) } : {}) };
    if (input.facets) {
      const facets = this.facets(fts, input.filters);
      result.facets = facets.facets;
      result.facetsApproximate = facets.approximate;
    }
    return result;
  }

  /**
   * Relevance in three disjoint tiers, each read in key order (shortest names first) and stopped after a page:
   * the words as typed in the name or code, then names/codes where the last word is only a prefix, then matches
   * elsewhere. The first tier needs no prefix expansion, which for a long prefix means merging every matching
   * term's list. Codes share the first tier because operators type them to find one item (and a code part such as
   * `prk`, in a fifth of the catalog but in no name, would otherwise make the name-only tiers read its whole list).
   */
  private ranked(fts: string, exactFts: string, filter: { sql: string; params: unknown[] }, input: SearchInput) {
    const cursor = decode(input.cursor);
    const tiers = [
      { table: 'products_name_fts', query: exactFts },
      { table: 'products_name_fts', query: `(${fts}) NOT (${exactFts})` },
      { table: 'products_fts', query: `(${fts}) NOT {name code} : (${fts})` },
    ];
    const rows: ProductRow[] = [];
    let next: Cursor | null = null;
    for (let t = Math.max(1, cursor.t ?? 1); t <= tiers.length && !next; t++) {
      const after = t === cursor.t ? (cursor.k ?? 0) : 0;
      const want = input.limit - rows.length;
      // CROSS JOIN keeps FTS as the outer loop: rows arrive in key order and the scan stops after `want + 1`.
      const found = this.db
        .prepare<unknown[], ProductRow & { k: number }>(
          `SELECT f.rowid AS k, p.rowid AS rowid, p.* FROM ${tiers[t - 1]!.table} f CROSS JOIN products p
           ON p.rowid = (f.rowid & ${KEY_MASK})
           WHERE ${tiers[t - 1]!.table} MATCH ? AND f.rowid > ? AND ${filter.sql}
           ORDER BY f.rowid LIMIT ?`,
        )
        .all(tiers[t - 1]!.query, after, ...filter.params, want + 1);
      rows.push(...found.slice(0, want));
      if (found.length > want) next = { t, k: found[want - 1]!.k };
      else if (rows.length === input.limit && t < tiers.length) next = { t: t + 1, k: 0 };
    }
    return { rows, next };
  }

  private sorted(fts: string | null, sort: keyof typeof sortColumns, filter: { sql: string; params: unknown[] }, input: SearchInput) {
    // Filters that match nothing (a services-only brand filtered to goods) would walk the whole index range for
    // nothing; the aggregate knows in advance.
    if (!fts && this.aggregatable(input.filters) && this.aggregateMatching(input.filters).length === 0) return { rows: [], next: null };
    const col = sortColumns[sort];
    const desc = (input.order ?? defaultOrder[sort]) === 'desc';
    const cursor = decode(input.cursor);
    const where = [filter.sql];
    const params = [...filter.params];
    if (fts) {
      where.push(`p.rowid IN (SELECT rowid & ${KEY_MASK} FROM products_fts WHERE products_fts MATCH ?)`);
      params.push(fts);
    }
    if (cursor.r !== undefined) {
      // Keyset: rows after (value, rowid) in (col, rowid) order, both ascending or both descending, so one index
      // walk in either direction serves it. NULLs sort first ascending, hence last descending.
      const after = desc ? '<' : '>';
      if (cursor.v === null || cursor.v === undefined) {
        where.push(desc ? `(${col} IS NULL AND p.rowid < ?)` : `((${col} IS NULL AND p.rowid > ?) OR ${col} IS NOT NULL)`);
        params.push(cursor.r);
      } else {
        where.push(`(${col} ${after} ? OR (${col} = ? AND p.rowid ${after} ?)${desc ? ` OR ${col} IS NULL` : ''})`);
        params.push(cursor.v, cursor.v, cursor.r);
      }
    }
    const dir = desc ? 'DESC' : 'ASC';
    const rows = this.db
      .prepare<unknown[], ProductRow>(`SELECT p.rowid AS rowid, p.* FROM products p WHERE ${where.join(' AND ')} ORDER BY ${col} ${dir}, p.rowid ${dir} LIMIT ?`)
      .all(...params, input.limit + 1);
    const more = rows.length > input.limit;
    const pageRows = rows.slice(0, input.limit);
    const last = pageRows.at(-1);
    const value = last ? { name: last.name, price: last.price, updated: last.source_updated_at }[sort] : null;
    return { rows: pageRows, next: more && last ? { v: value, r: last.rowid } : null };
  }

  /**
   * Totals are counted one by one up to COUNT_CAP (then reported as a lower bound). The words as typed are counted
   * first: that list is read lazily and stops at the cap, while the prefix form may have to merge the lists of every
   * word it expands to; when the words alone pass the cap, the prefix form (a superset) is never expanded.
   */
  private count(fts: string | null, exactFts: string | null, filter: { sql: string; params: unknown[] }, f: Filters): { total: number; exact: boolean; asTyped: number } {
    const filtered = Object.values(f).some((v) => v !== undefined);
    const cap = fts && filtered ? FILTERED_COUNT_CAP : COUNT_CAP;
    const capped = (n: number, asTyped = 0) => (n <= cap ? { total: n, exact: true, asTyped } : { total: cap, exact: false, asTyped });
    if (!fts || !exactFts) {
      if (!filtered) return { total: this.liveCount(), exact: true, asTyped: 0 };
      if (this.aggregatable(f)) {
        return { total: this.aggregateMatching(f).reduce((n, r) => n + r.n, 0), exact: true, asTyped: 0 };
      }
      return capped(this.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM products p WHERE ${filter.sql} LIMIT ${COUNT_CAP + 1})`).get(...filter.params)!.n);
    }
    const countOf = (q: string) =>
      filtered
        ? this.db
            .prepare<unknown[], { n: number }>(
              `SELECT count(*) AS n FROM (SELECT 1 FROM products_fts f CROSS JOIN products p${narrowIndex(this.db)} ON p.rowid = (f.rowid & ${KEY_MASK})
               WHERE products_fts MATCH ? AND ${filter.sql} LIMIT ${cap + 1})`,
            )
            .get(q, ...filter.params)!.n
        : // Deleted products are not in the index, so without filters the index alone answers.
          this.db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM products_fts WHERE products_fts MATCH ? LIMIT ${COUNT_CAP + 1})`).get(q)!.n;
    const asTyped = countOf(exactFts);
    if (asTyped > cap || fts === exactFts) return capped(asTyped, asTyped);
    // The prefix form merges every word it expands to before the count can stop: skipped when the sampled index
    // (a sixteenth of the catalog) already shows twice the cap.
    if (!filtered && this.sampleCount(fts) / SAMPLE_SHARE > 2 * cap) return capped(cap + 1, asTyped);
    return capped(countOf(fts), asTyped);
  }

  /** Matches in the sampled index, read once per catalog version: the count and the facets of a search both ask. */
  private sampleCount(fts: string): number {
    const version = this.version();
    if (this.sampled?.version !== version || this.sampled.fts !== fts) this.sampled = { version, fts, n: sampleMatches(this.db, fts) };
    return this.sampled.n;
  }

  private liveCount(): number {
    return this.aggregateRows().reduce((n, r) => n + r.n, 0);
  }

  /** Category tree, category, brand and type counts over every match of the query and filters (facetCounts.ts). */
  private facets(fts: string | null, f: Filters): { facets: Facets; approximate: boolean } {
    const rest: Filters = { ...f, category: undefined };
    const where = filterSql(rest, (c) => this.categoryLevel(c));
    if (!fts && this.aggregatable(f)) {
      return facetCounts(this.db, { fts, where, category: f.category, allowed: 0 }, this.aggregateMatching(rest), this.facetBudget);
    }
    const key = JSON.stringify([fts, f]);
    // Where the catalog stands: when an estimate is counted, and what a kept one is compared with.
    const mark = () => ({ at: this.clock(), live: this.liveCount(), seq: this.lastSeq.get() ?? 0 });
    const count = (now: ReturnType<typeof mark>) => {
      const allowed = this.aggregateMatching({ ...rest, minPrice: undefined, maxPrice: undefined }).reduce((n, r) => n + r.n, 0);
      const result = facetCounts(this.db, { fts, where, category: f.category, allowed, ...(fts ? { sampled: this.sampleCount(fts) } : {}) }, null, this.facetBudget);
      this.kept.delete(key);
      if (result.approximate) {
        this.kept.set(key, { facets: result.facets, refreshing: false, ...now });
        if (this.kept.size > FACET_REUSE_ENTRIES) this.kept.delete(this.kept.keys().next().value!);
      }
      return result;
    };
    const now = mark();
    const kept = this.kept.get(key);
    if (!kept) return count(now);
    const moved = Math.abs(now.live - kept.live) + Math.abs(now.seq - kept.seq);
    if (moved >= FACET_REUSE.share * Math.max(now.live, kept.live)) return count(now);
    if (now.at - kept.at > FACET_REUSE.maxAgeMs && !kept.refreshing) {
      kept.refreshing = true;
      // Recounted once this answer is out: the search that found the estimate old does not wait for it.
      setImmediate(() => {
        try {
          if (this.kept.get(key) === kept) count(mark());
        } catch {
          // The connection closed meanwhile; the next search counts.
        }
        kept.refreshing = false;
      });
    }
    return { facets: kept.facets, approximate: true };
  }

  /** Filters the per-version aggregate can answer (everything but the price range). */
  private aggregatable(f: Filters): boolean {
    return f.minPrice === undefined && f.maxPrice === undefined;
  }

  private aggregateMatching(f: Filters) {
    return this.aggregateRows().filter(
      (r) =>
        (!f.brand || r.brand === f.brand) &&
        (!f.category || r.category === f.category || r.subcategory === f.category) &&
        (!f.type || r.type === f.type) &&
        (f.active === undefined || r.active === (f.active ? 1 : 0)) &&
        (f.inStock === undefined || r.inStock === (f.inStock ? 1 : 0)) &&
        (!f.source || r.source === f.source),
    );
  }

  /** Counts per (category, subcategory, brand, type, active, in stock, source): the maintained table, read once per catalog change. */
  private aggregateRows(): CountRow[] {
    const v = this.version();
    if (this.aggregate?.version !== v) this.aggregate = { version: v, rows: this.counts.rows() };
    return this.aggregate.rows;
  }

  private categoryLevel(name: string): 'category' | 'subcategory' | 'both' {
    const rows = this.aggregateRows();
    const top = rows.some((r) => r.category === name);
    const sub = rows.some((r) => r.subcategory === name);
    return top && sub ? 'both' : sub ? 'subcategory' : 'category';
  }

  /** The category tree (category › subcategory) with live product counts. */
  categories(): CategoryNode[] {
    return categoryTree(this.aggregateRows());
  }
}
