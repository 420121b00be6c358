import { describe, expect, it } from 'vitest';
import { MappingError, mapProduct, readPath } from '../../src-main/engine/pipeline/mapping.js';
import { productChecksum } from '../../src-main/engine/pipeline/checksum.js';
import { demoAccountMapping as ploomesProductMapping, ploomesMapping } from '../../src-main/engine/connectors/ploomes.js';
import type { MappingConfig } from '../../src-shared/config.js';

const ploomes = {
  Id: 7,
  Name: ' Válvula Solenoide 1/2" ',
  Code: 'ATL-VS-00007',
  Family: { Name: 'Peças de Reposição' },
  Group: { Name: 'Válvulas' },
  UnitPrice: 129.9,
  MeasurementUnit: 'PC',
  Suspended: true,
  LastUpdateDate: '2025-03-01T10:00:00-03:00',
  OtherProperties: [
    { FieldKey: 'product_brand', StringValue: 'Atlas Copco' },
    { FieldKey: 'product_stock', IntegerValue: 4 },
    { FieldKey: 'product_type', StringValue: 'product' },
  ],
};

describe('mapping', () => {
  it('reads nested paths and list[Key=value] selectors', () => {
    expect(readPath(ploomes, 'Family.Name')).toBe('Peças de Reposição');
    expect(readPath(ploomes, 'OtherProperties[FieldKey=product_stock].IntegerValue')).toBe(4);
    expect(readPath(ploomes, 'OtherProperties[FieldKey=nope].IntegerValue')).toBeUndefined();
    expect(readPath(ploomes, 'Missing.deeper.path')).toBeUndefined();
    expect(readPath({ '@odata.count': 5, data: { 'a.b': 1 } }, '@odata.count')).toBe(5);
    expect(readPath({ data: { 'a.b': 1 } }, 'data.a.b')).toBe(1);
  });

  it('maps a Ploomes product with trimming, negation and date normalisation', () => {
    const p = mapProduct(ploomes, ploomesProductMapping, 'ploomes');
    expect(p).toMatchObject({
      id: '7',
      name: 'Válvula Solenoide 1/2"',
      brand: 'Atlas Copco',
      stock: 4,
      active: false,
      type: 'product',
      currency: 'BRL',
      sourceUpdatedAt: '2025-03-01T13:00:00.000Z',
    });
  });

  it('rejects records that cannot be products, naming the rule', () => {
    const noName = { ...ploomes, Name: '' };
    expect(() => mapProduct(noName, ploomesProductMapping, 's')).toThrow(MappingError);
    try {
      mapProduct({ ...ploomes, UnitPrice: 'abc' }, ploomesProductMapping, 's');
    } catch (err) {
      expect((err as MappingError).rule).toBe('type:price');
    }
    const badType = { ...ploomes, OtherProperties: [{ FieldKey: 'product_type', StringValue: 'gadget' }] };
    const typed = ploomesMapping({ fields: { type: 'OtherProperties[FieldKey=product_type].StringValue' }, customFields: {} });
    expect(() => mapProduct(badType, typed, 's')).toThrow(/type: "gadget"/);
  });

  it('checksum ignores the vendor timestamp but not content', () => {
    const a = mapProduct(ploomes, ploomesProductMapping, 's');
    const touched = mapProduct({ ...ploomes, LastUpdateDate: '2026-01-01T00:00:00Z' }, ploomesProductMapping, 's');
    const changed = mapProduct({ ...ploomes, UnitPrice: 130 }, ploomesProductMapping, 's');
    expect(productChecksum(touched)).toBe(productChecksum(a));
    expect(productChecksum(changed)).not.toBe(productChecksum(a));
  });

  it('answers every list[Key=value] lookup of a list from one pass, first match winning, as readPath does', () => {
    const mapping = {
      fields: { id: 'Id', name: 'Name', brand: 'Props[K=brand].V', stock: 'Props[K=stock].V', code: 'Nested.Props[K=code].V' },
      customFields: { dup: 'Props[K=dup].V', deep: 'Props[K=obj].V.inner', missing: 'Props[K=none].V', dotted: 'a.b', nested: 'L[K=x].M[K=y].V' },
    } as unknown as MappingConfig;
    const record = {
      Id: 1,
      Name: 'x',
      Props: [null, { K: 'brand', V: 'B' }, { K: 'dup', V: 'first' }, { K: 'dup', V: 'second' }, { K: 'stock', V: 3 }, { K: 'obj', V: { inner: 'deep' } }],
      Nested: { Props: [{ K: 'code', V: 'C1' }] },
      'a.b': 'literal',
      L: [{ K: 'x', M: [{ K: 'y', V: 'two levels' }] }],
    };
    const p = mapProduct(record, mapping, 's');
    expect({ brand: p.brand, stock: p.stock, code: p.code }).toEqual({ brand: 'B', stock: 3, code: 'C1' });
    expect(p.customFields).toEqual({ dup: 'first', deep: 'deep', dotted: 'literal', nested: 'two levels' });
    for (const [k, path] of Object.entries(mapping.customFields)) expect(p.customFields[k], k).toEqual(readPath(record, path as string));
    // A record without the list maps its lookups to nothing.
    expect(mapProduct({ Id: 2, Name: 'y', Props: 'not a list' }, mapping, 's')).toMatchObject({ brand: null, stock: null, customFields: {} });
  });

  it('normalises dates to UTC ISO, taking canonical ones as they are and rejecting impossible ones', () => {
    const at = (LastUpdateDate: string) => mapProduct({ ...ploomes, LastUpdateDate }, ploomesProductMapping, 's').sourceUpdatedAt;
    expect(at('2025-06-24T02:52:49.508Z')).toBe('2025-06-24T02:52:49.508Z');
    expect(at('2025-02-29T00:00:00Z')).toBe('2025-03-01T00:00:00.000Z');
    expect(at('2024-02-29T10:00:00.000-03:00')).toBe('2024-02-29T13:00:00.000Z');
    expect(() => at('2025-13-01T00:00:00.000Z')).toThrow(MappingError);
  });
});

describe('product checksum', () => {
  const base = {
    id: '1', source: 's', externalId: 'e1', name: 'Filtro', code: 'F-1', description: 'd', type: 'product' as const,
    category: 'c', subcategory: 'sc', brand: 'b', price: 10, currency: 'BRL', stock: 3, unit: 'UN', active: true,
    ncm: '8421', parentId: 'p', customFields: { a: 1 }, tags: ['t'], details: { costPrice: 2 }, sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
  };
  const changes: Record<string, unknown> = {
    id: '2', source: 't', externalId: 'e2', name: 'Filtro 2', code: 'F-2', description: 'd2', type: 'service', category: 'c2',
    subcategory: 'sc2', brand: 'b2', price: 11, currency: 'USD', stock: 4, unit: 'KG', active: false, ncm: '8422', parentId: 'q',
    customFields: { a: 2 }, tags: ['u'], details: { costPrice: 3 },
  };

  it('changes with every stored field, never with the source time alone, and tells null from empty text', () => {
    const sum = productChecksum(base);
    for (const [field, value] of Object.entries(changes)) {
      expect(productChecksum({ ...base, [field]: value }), field).not.toBe(sum);
    }
    expect(productChecksum({ ...base, sourceUpdatedAt: '2026-02-01T00:00:00.000Z' })).toBe(sum);
    expect(productChecksum({ ...base, ncm: null })).not.toBe(productChecksum({ ...base, ncm: '' }));
    // No tags or details is the same as empty ones (as stored).
    const { tags: _t, details: _d, ...bare } = base;
    expect(productChecksum({ ...bare, tags: [], details: {} })).toBe(productChecksum(bare));
    // Fields do not run into each other.
    expect(productChecksum({ ...base, name: 'ab', code: 'c' })).not.toBe(productChecksum({ ...base, name: 'a', code: 'bc' }));
  });
});
