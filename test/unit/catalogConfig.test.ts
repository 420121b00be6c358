// `catalog:` in syncflow.yaml: match rules and conflict policies, with errors that name the field and the fix.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src-shared/config.js';

const sources = [
  { name: 'erp', kind: 'demo' },
  { name: 'ploomes', kind: 'demo' },
];

describe('catalog config', () => {
  it('accepts a match rule with defaults and a policy per entity', () => {
    const r = validateConfig({ sources, catalog: { products: { match: 'code', policy: 'ownership', owners: { price: 'erp', description: 'ploomes' } } } });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.catalog.products).toEqual({ match: 'code', policy: 'ownership', priority: [], owners: { price: 'erp', description: 'ploomes' } });
    const plain = validateConfig({ sources });
    expect(plain.ok && plain.config.catalog).toEqual({});
  });

  it('names the field of each mistake', () => {
    const r = validateConfig({
      sources,
      catalog: {
        products: { match: 'code', policy: 'priority', priority: ['erp', 'omie'] },
        customers: { match: 'tax id', policy: 'ownership' },
        invoices: { match: 'number', policy: 'newest' },
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath['catalog.customers.match']).toMatch(/a mapped field name/);
    expect(byPath['catalog.invoices.policy']).toMatch(/last-write/);
  });

  it('checks sources and policy parameters against the declared sources', () => {
    const r = validateConfig({ sources, catalog: { products: { match: 'code', policy: 'priority', priority: ['erp', 'omie'], owners: { price: 'sap' } }, customers: { match: 'taxId', policy: 'ownership' } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath['catalog.products.priority[1]']).toBe('"omie" is not a source of products; use one of erp, ploomes');
    expect(byPath['catalog.products.owners.price']).toMatch(/"sap" is not a source of products/);
    expect(byPath['catalog.customers']).toBe('no source declares entity "customers"');
    expect(byPath['catalog.customers.owners']).toMatch(/policy ownership needs owners per field/);
  });
});
