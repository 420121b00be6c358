// Read-through memory cache in front of the catalog (lru-cache): products by id, search and browse pages, and the
// category tree, in one LRU bounded by entry count. Product entries are dropped for exactly the records a sync
// commit changed, so a product is never served stale once its new version is committed; pages and the tree carry
// the catalog version they were computed at and are recomputed when it moved.
import { LRUCache } from 'lru-cache';

export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
  size: number;
}

/** Negative lookups are cached too (a missing id is asked for again and again by a UI), as this marker. */
const MISSING = Symbol('missing');

interface Versioned {
  version: number;
  value: unknown;
}

type Entry = object | typeof MISSING | Versioned;

export interface RecordCacheOptions {
  max: number;
  ttlMs: number;
  /** TTL of the category tree (default: ttlMs). */
  categoryTtlMs?: number;
  /** Milliseconds clock for the TTLs (default: performance.now); tests pass their own. */
  now?: () => number;
}

export class RecordCache<V extends object> {
  private readonly lru: LRUCache<string, Entry>;
  private readonly categoryTtlMs: number;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  /** Set while the warmer fills the cache: its loads are neither hits nor misses of the operators' reads. */
  private quiet = false;

  constructor(opts: RecordCacheOptions) {
    this.categoryTtlMs = opts.categoryTtlMs ?? opts.ttlMs;
    this.lru = new LRUCache<string, Entry>({
      max: opts.max,
      ttl: opts.ttlMs,
      updateAgeOnGet: false,
      // A given clock is read on every check (no 1 ms caching of the time).
      ...(opts.now ? { perf: { now: opts.now }, ttlResolution: 0 } : {}),
      dispose: (_v, _k, reason) => {
        if (reason === 'evict') this.evictions++;
      },
    });
  }

  /** A record by id. */
  get(key: string, load: (key: string) => V | null): V | null {
    const k = `prod:${key}`;
    const cached = this.lru.get(k);
    if (cached !== undefined) {
      if (!this.quiet) this.hits++;
      return cached === MISSING ? null : (cached as V);
    }
    if (!this.quiet) this.misses++;
    const value = load(key);
    this.lru.set(k, value ?? MISSING);
    return value;
  }

  /** A derived value (search page, category tree) valid for one catalog version. */
  derived<T>(key: string, version: number, load: () => T, opts: { category?: boolean } = {}): T {
    const cached = this.lru.get(key) as Versioned | undefined;
    if (cached && cached.version === version) {
      if (!this.quiet) this.hits++;
      return cached.value as T;
    }
    if (!this.quiet) this.misses++;
    const value = load();
    this.lru.set(key, { version, value }, opts.category ? { ttl: this.categoryTtlMs } : {});
    return value;
  }

  /** Runs fn without counting its reads in the hit/miss statistics (cache warming). */
  quietly<T>(fn: () => T): T {
    this.quiet = true;
    try {
      return fn();
    } finally {
      this.quiet = false;
    }
  }

  invalidate(keys: Iterable<string>): void {
    for (const k of keys) this.lru.delete(`prod:${k}`);
  }

  clear(): void {
    this.lru.clear();
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, evictions: this.evictions, size: this.lru.size };
  }
}
