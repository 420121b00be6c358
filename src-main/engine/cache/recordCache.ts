// Read-through memory cache in front of the catalog. Entries are dropped for exactly the records a sync commit
// changed, so a product is never served stale once its new version is committed.
import { LRUCache } from 'lru-cache';

export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
}

/** Negative lookups are cached too (a missing id is asked for again and again by a UI), as this marker. */
const MISSING = Symbol('missing');

export class RecordCache<V extends object> {
  private readonly lru: LRUCache<string, V | typeof MISSING>;
  private hits = 0;
  private misses = 0;

  constructor(opts: { max: number; ttlMs: number }) {
    this.lru = new LRUCache<string, V | typeof MISSING>({ max: opts.max, ttl: opts.ttlMs, updateAgeOnGet: false });
  }

  get(key: string, load: (key: string) => V | null): V | null {
    const cached = this.lru.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached === MISSING ? null : cached;
    }
    this.misses++;
    const value = load(key);
    this.lru.set(key, value ?? MISSING);
    return value;
  }

  invalidate(keys: Iterable<string>): void {
    for (const k of keys) this.lru.delete(k);
  }

  clear(): void {
    this.lru.clear();
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.lru.size };
  }
}
