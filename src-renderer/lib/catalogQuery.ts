// The catalog screen's filter state and how it becomes a `search` request. Pure: the screen keeps the state,
// these functions decide what is asked and how the answer's total reads.
import type { MethodInput } from '../../src-shared/api.js';
import type { ProductType } from '../../src-shared/domain.js';

export type SortKey = 'relevance' | 'name' | 'price' | 'updated';
export type SortOrder = 'asc' | 'desc';

export interface CatalogFilters {
  query: string;
  category: string;
  brand: string;
  type: '' | ProductType;
  activeOnly: boolean;
  inStock: boolean;
  /** As typed in the price inputs; parsed when the request is built. */
  minPrice: string;
  maxPrice: string;
  sort: SortKey;
  /** '' = the sort's own default (newest first for "updated", ascending otherwise). */
  order: '' | SortOrder;
}

export const emptyFilters: CatalogFilters = {
  query: '',
  category: '',
  brand: '',
  type: '',
  activeOnly: false,
  inStock: false,
  minPrice: '',
  maxPrice: '',
  sort: 'relevance',
  order: '',
};

export type Criteria = Pick<MethodInput<'search'>, 'query' | 'filters' | 'sort' | 'order'>;

const productTypes: readonly string[] = ['product', 'service', 'rental'];

export function isProductType(value: string): value is ProductType {
  return productTypes.includes(value);
}

/** A price bound as typed ("1.234,50" or "1234.5"); empty, negative or unreadable input means no bound. */
export function parsePrice(text: string): number | undefined {
  let t = text.trim().replace(/\s|R\$/g, '');
  if (t === '') return undefined;
  // Brazilian notation: dots group thousands, the comma is the decimal separator.
  if (t.includes(',')) t = t.replace(/\./g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export interface PriceProblems {
  /** The text typed when it is not a price; null when it is one or empty. */
  min: string | null;
  max: string | null;
  /** Both are prices and the minimum is above the maximum. */
  order: boolean;
}

/** What is wrong with the price range as typed: the screen says so rather than silently ignore the bound. */
export function priceProblems(f: Pick<CatalogFilters, 'minPrice' | 'maxPrice'>): PriceProblems {
  const bad = (text: string): string | null =>
    text.trim() !== '' && parsePrice(text) === undefined ? text.trim() : null;
  const min = parsePrice(f.minPrice);
  const max = parsePrice(f.maxPrice);
  return { min: bad(f.minPrice), max: bad(f.maxPrice), order: min !== undefined && max !== undefined && min > max };
}

/** Relevance only ranks a text query; without one the list is by name. */
export function effectiveSort(sort: SortKey, hasQuery: boolean): SortKey {
  return sort === 'relevance' && !hasQuery ? 'name' : sort;
}

/** The sort keys on offer; their labels are `catalog.sort.<key>`. */
export function sortOptions(hasQuery: boolean): { value: SortKey }[] {
  return [
    ...(hasQuery ? [{ value: 'relevance' as const }] : []),
    { value: 'name' },
    { value: 'price' },
    { value: 'updated' },
  ];
}

/** The direction a sort runs in: as chosen, else newest first for "updated" and ascending otherwise. */
export function effectiveOrder(sort: SortKey, order: '' | SortOrder): SortOrder {
  return order || (sort === 'updated' ? 'desc' : 'asc');
}

/** The message key of the toggle's label for the direction it shows ("High to low", "Newest first"…). */
export function orderLabelKey(sort: SortKey, order: SortOrder) {
  const group = sort === 'price' ? 'price' : sort === 'updated' ? 'updated' : 'name';
  return `catalog.order.${group}.${order}` as const;
}

/** The `search` input for the current filters (facets and paging are added by the caller). */
export function toCriteria(f: CatalogFilters): Criteria {
  const query = f.query.trim();
  const brand = f.brand.trim();
  const minPrice = parsePrice(f.minPrice);
  const maxPrice = parsePrice(f.maxPrice);
  return {
    query,
    filters: {
      ...(f.category ? { category: f.category } : {}),
      ...(brand ? { brand } : {}),
      ...(f.type ? { type: f.type } : {}),
      ...(f.activeOnly ? { active: true } : {}),
      ...(f.inStock ? { inStock: true } : {}),
      ...(minPrice !== undefined ? { minPrice } : {}),
      ...(maxPrice !== undefined ? { maxPrice } : {}),
    },
    sort: effectiveSort(f.sort, query !== ''),
    // Relevance has one direction; otherwise only a chosen direction is sent (the engine knows the defaults).
    ...(f.order && effectiveSort(f.sort, query !== '') !== 'relevance' ? { order: f.order } : {}),
  };
}

export function isFiltered(c: Criteria): boolean {
  return Boolean(c.query) || Object.keys(c.filters ?? {}).length > 0;
}

export type FacetKey = 'brand' | 'type' | 'category';

/** Clicking a facet value filters by it; clicking the value already filtered on clears that filter. */
export function toggleFacet(f: CatalogFilters, key: FacetKey, value: string): CatalogFilters {
  if (key === 'type') {
    if (!isProductType(value)) return f;
    return { ...f, type: f.type === value ? '' : value };
  }
  if (key === 'brand') return { ...f, brand: f.brand.trim() === value ? '' : value };
  return { ...f, category: f.category === value ? '' : value };
}

export function isFacetActive(f: CatalogFilters, key: FacetKey, value: string): boolean {
  if (key === 'type') return f.type === value;
  if (key === 'brand') return f.brand.trim() === value;
  return f.category === value;
}
