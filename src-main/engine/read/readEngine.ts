// The read-only methods of the contract (those flagged `read: true` in src-shared/api.ts) over a read-only
// connection, for the host's reader thread: a sync's page commits on the engine's thread never delay them (WAL lets
// this connection read the last committed state meanwhile). Each answer goes through the same store functions the
// Engine uses. The cache is keyed by SQLite's data_version, which moves with every commit of another connection:
// a product or page is never served from before a commit this connection can see.
import { searchInput, type MethodResult, type ParsedInput, type ReadMethodName, type SyncAgentApi } from '../../../src-shared/api.js';
import type { Product } from '../../../src-shared/domain.js';
import { RecordCache, type RecordCacheOptions } from '../cache/recordCache.js';
import { CatalogHub } from '../hub/catalogHub.js';
import { composeStatus, type LiveStatus } from '../metrics/statusParts.js';
import { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import { RecordStore } from '../store/recordStore.js';
import { RunStore } from '../store/runStore.js';
import { UsageStore } from '../store/usageStore.js';

/** Every read method; getStatus also takes the engine's live part. Flagging a method `read` without adding it here fails to compile. */
export type ReadApi = Omit<Pick<SyncAgentApi, ReadMethodName>, 'getStatus'> & {
  getStatus(input: ParsedInput<'getStatus'>, live: LiveStatus): Promise<MethodResult<'getStatus'>>;
};

export class ReadEngine implements ReadApi {
  private readonly catalog: CatalogStore;
  private readonly records: RecordStore;
  private readonly runs: RunStore;
  /** Provenance only (which source or pin each value came from): the reader never merges or writes. */
  private readonly hub: CatalogHub;
  private readonly cache: RecordCache<Product>;
  private readonly dataVersion;
  private seen = -1;
  private readonly usage: UsageStore;

  constructor(
    db: Db,
    cache: RecordCacheOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.catalog = new CatalogStore(db, { version: () => this.version() });
    this.records = new RecordStore(db);
    this.runs = new RunStore(db);
    this.hub = new CatalogHub(db, this.catalog, this.records, { rules: () => ({}) });
    this.cache = new RecordCache<Product>(cache);
    this.usage = new UsageStore(db);
  }

  /**
   * Fills this cache as the engine's warmer fills its own (cacheWarmer.ts): the category tree, the first catalog page
   * and the searches operators used most, within the budget. Returns how many searches it loaded.
   */
  warm(limits: { searches: number; budgetMs: number }): number {
    const started = performance.now();
    let loaded = 0;
    this.cache.quietly(() => {
      void this.listCategories({});
      const inputs = [JSON.stringify({ query: '', filters: {}, limit: 50, facets: false }), ...this.usage.top('search', limits.searches)];
      for (const key of inputs) {
        if (performance.now() - started >= limits.budgetMs) return;
        const input = searchInput.safeParse(parseJson(key));
        if (!input.success) continue; // written by an older version whose search input differed
        void this.search(input.data);
        loaded++;
      }
    });
    return loaded;
  }

  /** The connection's data_version; products cached before another connection's commit are dropped. */
  private version(): number {
    const v = this.dataVersion.get()!;
    if (v !== this.seen) {
      this.seen = v;
      this.cache.clear();
    }
    return v;
  }

  async getStatus(_input: ParsedInput<'getStatus'>, live: LiveStatus): Promise<MethodResult<'getStatus'>> {
    // Hits and misses of both caches: the engine's (its own reads, the warmer) and this one (the UI's reads).
    const own = this.cache.stats();
    const cache = { ...live.cache, hits: live.cache.hits + own.hits, misses: live.cache.misses + own.misses, size: live.cache.size + own.size };
    return composeStatus({ ...live, cache }, this.runs, this.catalog.count(), this.clock());
  }

  async search(input: ParsedInput<'search'>): Promise<MethodResult<'search'>> {
    const v = this.version();
    return this.cache.derived(`search:${JSON.stringify(input)}`, v, () => this.catalog.search(input));
  }

  async getProduct(input: ParsedInput<'getProduct'>): Promise<MethodResult<'getProduct'>> {
    this.version();
    if (input.source) return this.hub.decorate('products', this.catalog.get(input.id, input.source));
    return this.cache.get(input.id, (key) => this.hub.decorate('products', this.catalog.get(key)));
  }

  async getProductByCode(input: ParsedInput<'getProductByCode'>): Promise<MethodResult<'getProductByCode'>> {
    return this.catalog.getByCode(input.code);
  }

  async listVariants(input: ParsedInput<'listVariants'>): Promise<MethodResult<'listVariants'>> {
    return this.catalog.variants(input.parentId);
  }

  async listCategories(_input: ParsedInput<'listCategories'>): Promise<MethodResult<'listCategories'>> {
    const v = this.version();
    return this.cache.derived('cat:tree', v, () => this.catalog.categories(), { category: true });
  }

  async productHistory(input: ParsedInput<'productHistory'>): Promise<MethodResult<'productHistory'>> {
    // By id alone: the history of the product that id shows (another source's record of the id is another record).
    const source = input.source ?? this.catalog.get(input.id)?.source;
    return this.catalog
      .changes({ recordId: input.id, limit: input.limit, ...(source ? { source } : {}), ...(input.since ? { since: input.since } : {}) })
      .map(({ seq, op, runId, at, changes, origin, version }) => ({ seq, op, runId, at, changes, origin, version }));
  }

  async searchRecords(input: ParsedInput<'searchRecords'>): Promise<MethodResult<'searchRecords'>> {
    return this.records.searchPage(input);
  }

  async getRecord(input: ParsedInput<'getRecord'>): Promise<MethodResult<'getRecord'>> {
    return this.hub.decorate(input.entity, this.records.get(input.entity, input.id, input.source));
  }

  async listRuns(input: ParsedInput<'listRuns'>): Promise<MethodResult<'listRuns'>> {
    return this.runs.list(input);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** What the engine notes of a read the reader answered, as its own search and getProduct do (cacheWarmer.ts). */
export function noteRead(usage: { note(kind: 'search' | 'product', key: string): void }, method: ReadMethodName, input: unknown): void {
  if (method === 'search' && !(input as ParsedInput<'search'>).cursor) usage.note('search', JSON.stringify(input));
  else if (method === 'getProduct') usage.note('product', (input as ParsedInput<'getProduct'>).id);
}
