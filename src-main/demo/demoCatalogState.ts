// The live state of the demo catalog: the pure base generation plus an overlay of mutated products,
// and the ordered index lists that queries page through. Nothing here is O(size) per request.
import { DEMO_ID_BASE, demoBaseUpdatedAt, demoProduct, mulberry32, streamSeed } from './demoCatalog.js';
import type { PloomesProduct } from './demoCatalog.js';
import type { DemoFilter, DemoOrderBy } from './demoQuery.js';

/** A read-only list of product indexes in the order a query returns them. */
export interface IndexView {
  readonly length: number;
  at(position: number): number;
}

interface Overlay {
  unitPrice: number;
  stock: number;
  updatedAt: number;
}

const EMPTY = new Int32Array(0);
const MAX_CACHED_VIEWS = 64;

const rangeView = (lo: number, hi: number): IndexView => ({ length: Math.max(0, hi - lo), at: (p) => lo + p });
const arrayView = (a: Int32Array): IndexView => ({ length: a.length, at: (p) => a[p] ?? -1 });
const reversed = (v: IndexView): IndexView => ({ length: v.length, at: (p) => v.at(v.length - 1 - p) });
const concat = (a: IndexView, b: IndexView): IndexView => ({
  length: a.length + b.length,
  at: (p) => (p < a.length ? a.at(p) : b.at(p - a.length)),
});

/** [lo, hi) without the sorted indexes in `excluded` (all inside the range), without materialising it. */
function rangeWithout(lo: number, hi: number, excluded: Int32Array): IndexView {
  return {
    length: Math.max(0, hi - lo - excluded.length),
    at: (p) => {
      // excluded[k] - lo - k counts the kept indexes before excluded[k]; it never decreases with k,
      // so the number of excluded indexes at or before the answer is a binary search away.
      let a = 0;
      let b = excluded.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if ((excluded[mid] ?? 0) - lo - mid <= p) a = mid + 1;
        else b = mid;
      }
      return lo + p + a;
    },
  };
}

/** First position in the sorted array whose value is >= x. */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export class DemoCatalogState {
  // Map insertion order is LastUpdateDate order: a re-mutated product is deleted and re-added.
  private readonly overlay = new Map<number, Overlay>();
  private version = 0;
  private mutationTotal = 0;
  /** The latest LastUpdateDate handed out, so the next one is strictly later. */
  private clock: number;
  private cursor: number;
  private readonly stride: number;
  private readonly views = new Map<string, IndexView>();
  private mutated: { version: number; byIndex: Int32Array; byDate: Int32Array } | null = null;
  /** Products the vendor deleted: gone from every listing and by-id answer. */
  private readonly deleted = new Set<number>();
  private deleteCursor: number;

  constructor(
    readonly size: number,
    readonly seed: number,
  ) {
    this.clock = size > 0 ? demoBaseUpdatedAt(size - 1, { seed, size }) : 0;
    // A golden-ratio stride coprime with size visits every product once before repeating,
    // and consecutive picks land far apart in the catalog.
    let stride = Math.max(1, Math.round(size * 0.6180339887));
    while (gcd(stride, size) !== 1) stride++;
    this.stride = stride;
    this.cursor = size > 0 ? streamSeed(seed, 0, 0x6d75) % size : 0;
    this.deleteCursor = size > 0 ? streamSeed(seed, 0, 0x64656c) % size : 0;
  }

  /** Products deleted so far. */
  get deletions(): number {
    return this.deleted.size;
  }

  isDeleted(index: number): boolean {
    return this.deleted.has(index);
  }

  /** Deletes `count` live products (fewer when fewer are left) and returns their Ids. */
  remove(count: number): number[] {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`remove count must be a non-negative integer, got ${count}`);
    const ids: number[] = [];
    while (ids.length < count && this.deleted.size < this.size) {
      const index = this.deleteCursor;
      this.deleteCursor = (this.deleteCursor + this.stride) % this.size;
      if (this.deleted.has(index)) continue;
      this.deleted.add(index);
      ids.push(DEMO_ID_BASE + index);
    }
    if (ids.length > 0) {
      this.version++;
      this.views.clear();
    }
    return ids;
  }

  /** Products changed so far (a product changed twice counts twice). */
  get mutations(): number {
    return this.mutationTotal;
  }

  indexOfId(id: number): number | undefined {
    const index = id - DEMO_ID_BASE;
    return Number.isInteger(index) && index >= 0 && index < this.size ? index : undefined;
  }

  product(index: number): PloomesProduct {
    const p = demoProduct(index, { seed: this.seed, size: this.size });
    const o = this.overlay.get(index);
    if (o) {
      p.UnitPrice = o.unitPrice;
      p.LastUpdateDate = new Date(o.updatedAt).toISOString();
      const stock = p.OtherProperties.find((x) => x.FieldKey === 'product_stock');
      if (stock) stock.IntegerValue = o.stock;
    }
    return p;
  }

  private updatedAt(index: number): number {
    return this.overlay.get(index)?.updatedAt ?? demoBaseUpdatedAt(index, { seed: this.seed, size: this.size });
  }

  /** Changes `count` distinct products (at most the whole catalog) and returns their Ids. */
  mutate(count: number): number[] {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`mutate count must be a non-negative integer, got ${count}`);
    const n = Math.min(count, this.size - this.deleted.size);
    const ids: number[] = [];
    for (let k = 0; k < n; k++) {
      let index = this.cursor;
      this.cursor = (this.cursor + this.stride) % this.size;
      // A deleted product cannot change; the next live one does instead.
      while (this.deleted.has(index)) {
        index = this.cursor;
        this.cursor = (this.cursor + this.stride) % this.size;
      }
      const base = demoProduct(index, { seed: this.seed, size: this.size });
      const r = mulberry32(streamSeed(this.seed ^ 0x5bd1e995, index, this.mutationTotal + k));
      const isService = base.OtherProperties.some((x) => x.FieldKey === 'product_type' && x.StringValue === 'service');
      const baseStock = base.OtherProperties.find((x) => x.FieldKey === 'product_stock')?.IntegerValue ?? 0;
      // The wall clock can stand still or step back; sync cursors need every change strictly later.
      this.clock = Math.max(Date.now(), this.clock + 1);
      this.overlay.delete(index);
      this.overlay.set(index, {
        unitPrice: Math.round(base.UnitPrice * (0.85 + r.next() * 0.35) * 100) / 100,
        stock: isService ? 0 : Math.floor(r.next() * (Math.max(10, baseStock) * 2 + 1)),
        updatedAt: this.clock,
      });
      ids.push(DEMO_ID_BASE + index);
    }
    if (n > 0) {
      this.mutationTotal += n;
      this.version++;
      this.views.clear();
    }
    return ids;
  }

  /** The products matching `filter`, in `orderBy` order; cached until the next mutation. */
  resolve(filter: DemoFilter, orderBy: DemoOrderBy): IndexView {
    if (filter.kind === 'ids') return this.idsView(filter.ids, orderBy);
    const key = `${filter.kind === 'all' ? 'all' : `${filter.inclusive ? 'ge' : 'gt'}${filter.ms}`}|${orderBy.key}`;
    let asc = this.views.get(key);
    if (!asc) {
      asc = this.withoutDeleted(this.buildView(filter, orderBy.key));
      if (this.views.size >= MAX_CACHED_VIEWS) {
        const oldest = this.views.keys().next();
        if (!oldest.done) this.views.delete(oldest.value);
      }
      this.views.set(key, asc);
    }
    return orderBy.desc ? reversed(asc) : asc;
  }

  private buildView(filter: Exclude<DemoFilter, { kind: 'ids' }>, key: DemoOrderBy['key']): IndexView {
    const passes = (ms: number): boolean =>
      filter.kind === 'all' || (filter.inclusive ? ms >= filter.ms : ms > filter.ms);
    // Base dates increase with index, so the unmutated matches are the tail from `lo`. Every mutated
    // date is later than every base date, so mutated products at or after `lo` match as well.
    const lo = this.firstBaseIndexPassing(passes);
    const { byIndex, byDate } = this.mutatedLists();
    const split = lowerBound(byIndex, lo);
    if (key === 'Id') {
      const below = byIndex.subarray(0, split).filter((i) => passes(this.updatedAt(i)));
      return concat(arrayView(below), rangeView(lo, this.size));
    }
    const changed = byDate.filter((i) => i >= lo || passes(this.updatedAt(i)));
    return concat(rangeWithout(lo, this.size, byIndex.subarray(split)), arrayView(changed));
  }

  /** The view without deleted products; materialised once per version, and only when something was deleted. */
  private withoutDeleted(view: IndexView): IndexView {
    if (this.deleted.size === 0) return view;
    const kept = new Int32Array(view.length);
    let n = 0;
    for (let p = 0; p < view.length; p++) {
      const index = view.at(p);
      if (!this.deleted.has(index)) kept[n++] = index;
    }
    return arrayView(kept.subarray(0, n));
  }

  private firstBaseIndexPassing(passes: (ms: number) => boolean): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (passes(demoBaseUpdatedAt(mid, { seed: this.seed, size: this.size }))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private mutatedLists(): { byIndex: Int32Array; byDate: Int32Array } {
    if (this.mutated?.version !== this.version) {
      const byDate = this.overlay.size > 0 ? Int32Array.from(this.overlay.keys()) : EMPTY;
      this.mutated = { version: this.version, byDate, byIndex: byDate.slice().sort() };
    }
    return this.mutated;
  }

  private idsView(ids: readonly number[], orderBy: DemoOrderBy): IndexView {
    const indexes = new Set<number>();
    for (const id of ids) {
      const index = this.indexOfId(id);
      if (index !== undefined && !this.deleted.has(index)) indexes.add(index);
    }
    const list = Int32Array.from(indexes);
    if (orderBy.key === 'Id') list.sort();
    else list.sort((a, b) => this.updatedAt(a) - this.updatedAt(b) || a - b);
    return orderBy.desc ? reversed(arrayView(list)) : arrayView(list);
  }
}
