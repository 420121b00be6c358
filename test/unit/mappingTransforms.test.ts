import { describe, expect, it } from 'vitest';
import type { MappingConfig } from '../../src-shared/config.js';
import { MappingError, mapProduct } from '../../src-main/engine/pipeline/mapping.js';
import {
  convertUnit,
  getTransform,
  parseDate,
  parseNumber,
  registerTransform,
} from '../../src-main/engine/pipeline/transforms.js';

const t = (name: string, v: unknown, o: Record<string, unknown> = {}) => getTransform(name)!(v, o);

describe('transforms', () => {
  it('parses numbers in either locale, with currency symbols, or as forced', () => {
    expect(parseNumber('1.234,56')).toBe(1234.56);
    expect(parseNumber('1,234.56')).toBe(1234.56);
    expect(parseNumber('R$ 12,5')).toBe(12.5);
    expect(parseNumber('1.234', { locale: 'pt-BR' })).toBe(1234);
    expect(parseNumber('1.234', { locale: 'en-US' })).toBe(1.234);
    expect(parseNumber('1,5', { decimal: ',' })).toBe(1.5);
    expect(() => parseNumber('abc')).toThrow(/not a number/);
  });

  it('parses dates as ISO, epoch seconds/ms, and day-first patterns', () => {
    expect(parseDate('2025-03-01T10:00:00-03:00')).toBe('2025-03-01T13:00:00.000Z');
    expect(parseDate(1_700_000_000, 'epoch_s')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseDate('1700000000000', 'epoch_ms')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseDate('31/12/2024', 'DD/MM/YYYY')).toBe('2024-12-31T00:00:00.000Z');
    expect(parseDate('2024.12.31 23:59:58', 'YYYY.MM.DD HH:mm:ss')).toBe('2024-12-31T23:59:58.000Z');
    expect(() => parseDate('12/31', 'DD/MM/YYYY')).toThrow(/not a date/);
  });

  it('converts units within a dimension only', () => {
    expect(convertUnit(1500, 'g', 'kg')).toBe(1.5);
    expect(convertUnit(2, 'kg', 'g')).toBe(2000);
    expect(convertUnit(12, 'in', 'cm')).toBe(30.48);
    expect(() => convertUnit(1, 'kg', 'm')).toThrow(/cannot convert/);
  });

  it('flags, split/join, lookup with and without default', () => {
    expect(t('boolean', 'Sim')).toBe(true);
    expect(t('boolean', 'N', { true: ['S'], false: ['N'] })).toBe(false);
    expect(() => t('boolean', 'maybe')).toThrow(/not a known flag/);
    expect(t('split', ' a; b ;;c', { separator: ';' })).toEqual(['a', 'b', 'c']);
    expect(t('join', ['a', 'b'], { separator: '/' })).toBe('a/b');
    expect(t('lookup', 'UN', { table: { UN: 'unit', CX: 'box' } })).toBe('unit');
    expect(t('lookup', 'KG', { table: { UN: 'unit' }, default: 'other' })).toBe('other');
    expect(() => t('lookup', 'KG', { table: { UN: 'unit' } })).toThrow(/not in the lookup table/);
  });
});

describe('mapping with transforms', () => {
  const mapping: MappingConfig = {
    fields: {
      id: 'sku',
      name: { path: 'title', transform: ['trim', 'uppercase'] },
      price: { path: 'preco', transform: { name: 'number', locale: 'pt-BR' }, default: 0 },
      unit: { const: 'UN' },
      stock: { path: 'qty', transform: 'doubled' },
    },
    customFields: { weightKg: { path: 'peso', transform: { name: 'unit', from: 'g', to: 'kg' } } },
  };
  registerTransform('doubled', (v) => Number(v) * 2);

  it('chains transforms, applies defaults to missing values, constants, and custom transforms by name', () => {
    const p = mapProduct({ sku: 'X1', title: '  bomba ', qty: '4', peso: '750' }, mapping, 'src');
    expect(p).toMatchObject({
      id: 'X1',
      name: 'BOMBA',
      price: 0,
      unit: 'UN',
      stock: 8,
      customFields: { weightKg: 0.75 },
    });
  });

  it('names the transform and field when a value cannot be transformed', () => {
    const err = (() => {
      try {
        mapProduct({ sku: 'X2', title: 'a', preco: 'dez reais' }, mapping, 'src');
      } catch (e) {
        return e;
      }
    })() as MappingError;
    expect(err).toBeInstanceOf(MappingError);
    expect(err.rule).toBe('transform.number:price');
    expect(err.message).toContain('dez reais');
  });
});
