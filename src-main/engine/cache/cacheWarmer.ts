// Cache warming: after a start and after each sync that changed the catalog, load what operators look at most
// (the products opened most, the first pages of the searches and category browses used most; usageStore.ts) into
// the LRU, in the engine's thread and within a time budget, so the first reads after a restart or a sync are hits.
import { parseApiInput, type ParsedInput } from '../../../src-shared/api.js';
import type { CacheWarmReport } from '../../../src-shared/domain.js';
import { hitRatio } from '../metrics/runMetrics.js';
import type { UsageStore } from '../store/usageStore.js';
import type { CacheStats } from './recordCache.js';

export interface WarmTargets {
  usage: UsageStore;
  stats(): CacheStats;
  quietly<T>(fn: () => T): T;
  /** Reads through the cache exactly as the API does (same keys), so a warmed entry is the one a read hits. */
  product(id: string): unknown;
  search(input: ParsedInput<'search'>): unknown;
}

export interface WarmLimits {
  products: number;
  searches: number;
  budgetMs: number;
}

export class CacheWarmer {
  private last: (CacheWarmReport & { statsAt: CacheStats }) | null = null;

  constructor(
    private readonly targets: WarmTargets,
    private readonly limits: WarmLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  warm(): CacheWarmReport {
    const { usage, stats } = this.targets;
    const started = performance.now();
    const before = stats();
    const since = this.last?.statsAt ?? { hits: 0, misses: 0 };
    usage.flush(new Date(this.clock()).toISOString());
    const loaded = { products: 0, searches: 0 };
    let complete = true;
    this.targets.quietly(() => {
      const inBudget = () => performance.now() - started < this.limits.budgetMs || ((complete = false), false);
      for (const id of usage.top('product', this.limits.products)) {
        if (!inBudget()) return;
        this.targets.product(id);
        loaded.products++;
      }
      for (const key of usage.top('search', this.limits.searches)) {
        if (!inBudget()) return;
        const input = searchInputOf(key);
        if (!input) continue; // written by an older version whose search input differed
        this.targets.search(input);
        loaded.searches++;
      }
    });
    const report: CacheWarmReport = {
      at: new Date(this.clock()).toISOString(),
      loaded,
      complete,
      durationMs: Math.round(performance.now() - started),
      hitRatioBefore: hitRatio({ hits: before.hits - since.hits, misses: before.misses - since.misses }),
      hitRatioAfter: null,
    };
    this.last = { ...report, statsAt: stats() };
    return report;
  }

  /** The last warming, with the hit ratio of the reads since it (status). */
  report(): CacheWarmReport | null {
    if (!this.last) return null;
    const { statsAt, ...report } = this.last;
    const now = this.targets.stats();
    return {
      ...report,
      hitRatioAfter: hitRatio({ hits: now.hits - statsAt.hits, misses: now.misses - statsAt.misses }),
    };
  }
}

function searchInputOf(key: string): ParsedInput<'search'> | null {
  try {
    return parseApiInput('search', JSON.parse(key));
  } catch {
    return null;
  }
}
