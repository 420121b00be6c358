// The catalog-hub tests' shared fixtures: a product of one source as its connector maps it, hours of 2026-01-01 as
// source update times, and a REST source that is never fetched (pages are applied through the hub directly).
import type { MappedProduct } from '../../src-shared/domain.js';

export const hourAt = (n: number) => new Date(Date.UTC(2026, 0, 1, n)).toISOString();

export const hubProduct = (source: string, id: string, over: Partial<MappedProduct> = {}): MappedProduct => ({
  id, source, externalId: null, name: 'Compressor', code: 'X-1', description: 'd0', type: 'product', category: null,
  subcategory: null, brand: null, price: 10, currency: 'BRL', stock: null, unit: 'UN', active: true, ncm: null,
  customFields: {}, sourceUpdatedAt: hourAt(1), ...over,
});

export const unfetchedRest = (name: string) => ({ name, kind: 'rest', baseUrl: 'http://127.0.0.1:9', path: '/p', mapping: { fields: { id: 'id', name: 'name', code: 'code' } } });
