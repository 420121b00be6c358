import { describe, expect, it } from 'vitest';
import {
  effectiveSort,
  effectiveOrder,
  emptyFilters,
  orderLabelKey,
  isFacetActive,
  isFiltered,
  parsePrice,
  sortOptions,
  toCriteria,
  toggleFacet,
} from '../../../src-renderer/lib/catalogQuery.js';

describe('parsePrice', () => {
  it('reads plain and Brazilian notation', () => {
    expect(parsePrice('12')).toBe(12);
    expect(parsePrice(' 12.5 ')).toBe(12.5);
    expect(parsePrice('1.234,50')).toBe(1234.5);
    expect(parsePrice('R$ 99,90')).toBe(99.9);
    expect(parsePrice('0')).toBe(0);
  });

  it('means no bound for empty, negative or unreadable input', () => {
    expect(parsePrice('')).toBeUndefined();
    expect(parsePrice('   ')).toBeUndefined();
    expect(parsePrice('-5')).toBeUndefined();
    expect(parsePrice('abc')).toBeUndefined();
    expect(parsePrice('1e5')).toBeUndefined();
  });
});

describe('sort', () => {
  it('uses relevance only with a query', () => {
    expect(effectiveSort('relevance', true)).toBe('relevance');
    expect(effectiveSort('relevance', false)).toBe('name');
    expect(effectiveSort('price', false)).toBe('price');
    expect(sortOptions(false).map((o) => o.value)).toEqual(['name', 'price', 'updated']);
    expect(sortOptions(true).map((o) => o.value)).toEqual(['relevance', 'name', 'price', 'updated']);
  });
});

describe('toCriteria', () => {
  it('asks for nothing but the default sort when no filter is set', () => {
    const c = toCriteria(emptyFilters);
    expect(c).toEqual({ query: '', filters: {}, sort: 'name' });
    expect(isFiltered(c)).toBe(false);
  });

  it('maps every filter, trims text and drops bad price bounds', () => {
    const c = toCriteria({
      ...emptyFilters,
      query: '  atlas ',
      category: 'Compressores',
      brand: ' Atlas Copco ',
      type: 'rental',
      activeOnly: true,
      inStock: true,
      minPrice: '10',
      maxPrice: 'x',
      sort: 'price',
    });
    expect(c).toEqual({
      query: 'atlas',
      filters: {
        category: 'Compressores',
        brand: 'Atlas Copco',
        type: 'rental',
        active: true,
        inStock: true,
        minPrice: 10,
      },
      sort: 'price',
    });
    expect(isFiltered(c)).toBe(true);
  });
});

describe('sort direction', () => {
  it('sends a chosen direction, none for relevance, and defaults "updated" to newest first', () => {
    expect(toCriteria({ ...emptyFilters, sort: 'price', order: 'desc' })).toEqual({ query: '', filters: {}, sort: 'price', order: 'desc' });
    expect(toCriteria({ ...emptyFilters, query: 'x', sort: 'relevance', order: 'desc' })).toEqual({ query: 'x', filters: {}, sort: 'relevance' });
    expect(effectiveOrder('updated', '')).toBe('desc');
    expect(effectiveOrder('price', '')).toBe('asc');
    expect(effectiveOrder('updated', 'asc')).toBe('asc');
    expect(orderLabelKey('price', 'desc')).toBe('catalog.order.price.desc');
    expect(orderLabelKey('relevance', 'asc')).toBe('catalog.order.name.asc');
  });
});

describe('toggleFacet', () => {
  it('filters by a value, and clears the filter when the same value is clicked again', () => {
    const on = toggleFacet(emptyFilters, 'brand', 'Bosch');
    expect(on.brand).toBe('Bosch');
    expect(isFacetActive(on, 'brand', 'Bosch')).toBe(true);
    expect(toggleFacet(on, 'brand', 'Bosch').brand).toBe('');
    expect(toggleFacet(on, 'brand', 'Makita').brand).toBe('Makita');
  });

  it('accepts only known product types', () => {
    expect(toggleFacet(emptyFilters, 'type', 'service').type).toBe('service');
    expect(toggleFacet({ ...emptyFilters, type: 'service' }, 'type', 'service').type).toBe('');
    expect(toggleFacet(emptyFilters, 'type', 'gadget')).toBe(emptyFilters);
  });

  it('toggles the category and leaves the rest alone', () => {
    const start = { ...emptyFilters, query: 'x', brand: 'Bosch' };
    const next = toggleFacet(start, 'category', 'Tools');
    expect(next).toEqual({ ...start, category: 'Tools' });
    expect(toggleFacet(next, 'category', 'Tools').category).toBe('');
  });
});
