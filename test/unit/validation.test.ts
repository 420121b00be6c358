import { describe, expect, it } from 'vitest';
import type { MappingConfig } from '../../src-shared/config.js';
import { MappingError, mapProduct } from '../../src-main/engine/pipeline/mapping.js';
import { registerValidator, startBatch } from '../../src-main/engine/pipeline/validation.js';

registerValidator('evenStock', (v) => Number(v) % 2 === 0 || 'stock must be even');

const mapping: MappingConfig = {
  fields: { id: 'id', name: 'name', code: 'code', price: 'price', stock: 'stock', unit: 'unit', sourceUpdatedAt: 'at' },
  customFields: { origin: 'origin' },
  validation: [
    { field: 'code', required: true, regex: '^[A-Z]{3}-\\d+$', unique: true },
    { field: 'price', type: 'number', min: 0, max: 1000 },
    { field: 'unit', enum: ['UN', 'KG'] },
    { field: 'stock', custom: 'evenStock' },
    { field: 'customFields.origin', enum: ['nacional', 'importado'] },
    { field: 'sourceUpdatedAt', type: 'date' },
  ],
};

const ok = {
  id: '1',
  name: 'A',
  code: 'ABC-1',
  price: 10,
  stock: 2,
  unit: 'UN',
  origin: 'nacional',
  at: '2025-01-01T00:00:00Z',
};
function ruleOf(record: object): string | null {
  try {
    mapProduct(record, mapping, 's');
    return null;
  } catch (err) {
    if (err instanceof MappingError) return err.rule;
    throw err;
  }
}

describe('validation rules', () => {
  it('names the rule and field that failed', () => {
    startBatch(mapping);
    expect(ruleOf(ok)).toBeNull();
    expect(ruleOf({ ...ok, id: '2', code: undefined })).toBe('required:code');
    expect(ruleOf({ ...ok, id: '3', code: 'abc-1' })).toBe('regex:code');
    expect(ruleOf({ ...ok, id: '4', code: 'ABC-4', price: -1 })).toBe('min:price');
    expect(ruleOf({ ...ok, id: '5', code: 'ABC-5', price: 1001 })).toBe('max:price');
    expect(ruleOf({ ...ok, id: '6', code: 'ABC-6', unit: 'CX' })).toBe('enum:unit');
    expect(ruleOf({ ...ok, id: '7', code: 'ABC-7', stock: 3 })).toBe('custom.evenStock:stock');
    expect(ruleOf({ ...ok, id: '8', code: 'ABC-8', origin: 'marte' })).toBe('enum:customFields.origin');
  });

  it('unique holds within a batch, a rejected record claims nothing, and a new batch starts clean', () => {
    startBatch(mapping);
    expect(ruleOf({ ...ok, code: 'DUP-1', price: -5 })).toBe('min:price');
    expect(ruleOf({ ...ok, code: 'DUP-1' })).toBeNull();
    expect(ruleOf({ ...ok, id: '9', code: 'DUP-1' })).toBe('unique:code');
    startBatch(mapping);
    expect(ruleOf({ ...ok, id: '9', code: 'DUP-1' })).toBeNull();
  });
});

describe('validation rules: types, bounds, messages and edges', () => {
  const base = { fields: { id: 'id', name: 'name', price: 'price', stock: 'stock', unit: 'unit', code: 'code', sourceUpdatedAt: 'at' }, customFields: {} };
  const messageOf = (m: MappingConfig, record: object): string | null => {
    try {
      mapProduct(record, m, 's');
      return null;
    } catch (err) {
      if (err instanceof MappingError) return `${err.rule} | ${err.message}`;
      throw err;
    }
  };

  it('type rules refuse a number sent as text, an infinite number and a date that is not one, with what was got', () => {
    const m: MappingConfig = { ...base, validation: [{ field: 'name', type: 'string' }, { field: 'sourceUpdatedAt', type: 'date' }] };
    expect(messageOf(m, { id: '1', name: 'A', at: '2025-01-01T00:00:00Z' })).toBeNull();
    expect(messageOf(m, { id: '1', name: 'A', at: 'yesterday' })).toMatch(/^type:sourceUpdatedAt \| .*expected a date/);
    expect(messageOf(m, { id: '1', name: 'A', at: 20250101 })).toMatch(/^type:sourceUpdatedAt/);
    const n: MappingConfig = { fields: { id: 'id', name: 'name' }, customFields: { weight: 'w', flag: 'f' }, validation: [
      { field: 'customFields.weight', type: 'number' }, { field: 'customFields.flag', type: 'boolean' }] };
    expect(messageOf(n, { id: '1', name: 'A', w: 2.5, f: true })).toBeNull();
    expect(messageOf(n, { id: '1', name: 'A', w: '2.5', f: true })).toBe('type:customFields.weight | customFields.weight: expected a number, got "2.5"');
    expect(messageOf(n, { id: '1', name: 'A', w: Infinity, f: true })).toMatch(/^type:customFields.weight/);
    expect(messageOf(n, { id: '1', name: 'A', w: 1, f: 'yes' })).toMatch(/^type:customFields.flag/);
  });

  it('bounds include their ends; messages name the bound, the pattern and the choices', () => {
    const m: MappingConfig = { ...base, validation: [
      { field: 'price', min: 0, max: 1000 }, { field: 'code', regex: '^P\\d+$' }, { field: 'unit', enum: ['UN', 'KG'] }] };
    expect(messageOf(m, { id: '1', name: 'A', price: 0 })).toBeNull();
    expect(messageOf(m, { id: '1', name: 'A', price: 1000 })).toBeNull();
    expect(messageOf(m, { id: '1', name: 'A', price: -0.01 })).toBe('min:price | price: must be at least 0, got -0.01');
    expect(messageOf(m, { id: '1', name: 'A', price: 1000.5 })).toBe('max:price | price: must be at most 1000, got 1000.5');
    expect(messageOf(m, { id: '1', name: 'A', code: 'X1' })).toBe('regex:code | code: does not match /^P\\d+$/, got "X1"');
    expect(messageOf(m, { id: '1', name: 'A', unit: 'CX' })).toBe('enum:unit | unit: must be one of UN, KG, got "CX"');
  });

  it('an empty or null value is missing: skipped unless required, and then said so', () => {
    const m: MappingConfig = { ...base, validation: [{ field: 'unit', enum: ['UN'] }, { field: 'code', required: true }] };
    expect(messageOf(m, { id: '1', name: 'A', unit: '', code: 'C' })).toBeNull();
    expect(messageOf(m, { id: '1', name: 'A', unit: null, code: 'C' })).toBeNull();
    expect(messageOf(m, { id: '1', name: 'A', unit: 'UN' })).toBe('required:code | code: is required, got null');
    const c: MappingConfig = { fields: { id: 'id', name: 'name' }, customFields: { origin: 'origin' }, validation: [{ field: 'customFields.origin', required: true }] };
    expect(messageOf({ ...c, validation: [{ field: 'customFields.origin', enum: ['x'] }] }, { id: '1', name: 'A', origin: '' })).toBeNull();
    expect(messageOf(c, { id: '1', name: 'A' })).toMatch(/^required:customFields.origin \| customFields.origin: is required, got (nothing|null)$/);
  });

  it('an enum of texts accepts the same value sent as a number', () => {
    const m: MappingConfig = { ...base, validation: [{ field: 'stock', enum: ['2', '4'] }] };
    expect(messageOf(m, { id: '1', name: 'A', stock: 4 })).toBeNull();
    expect(messageOf(m, { id: '1', name: 'A', stock: 3 })).toMatch(/^enum:stock/);
  });

  it('a custom validator saying no without a reason, and one never registered, are named', () => {
    registerValidator('never', () => false);
    const m: MappingConfig = { ...base, validation: [{ field: 'name', custom: 'never' }] };
    expect(messageOf(m, { id: '1', name: 'A' })).toBe('custom.never:name | name: fails never, got "A"');
    const u: MappingConfig = { ...base, validation: [{ field: 'name', custom: 'unknownRule' }] };
    expect(messageOf(u, { id: '1', name: 'A' })).toBe('custom.unknownRule:name | name: no validator registered as "unknownRule", got "A"');
  });

  it('only unique fields are claimed, a mapping without rules or a started batch still works', () => {
    const m: MappingConfig = { ...base, validation: [{ field: 'code', unique: true }, { field: 'price', min: 0 }] };
    // No startBatch for this mapping: the first record starts one.
    expect(messageOf(m, { id: '1', name: 'A', code: 'C1', price: 5 })).toBeNull();
    expect(messageOf(m, { id: '2', name: 'B', code: 'C2', price: 5 })).toBeNull();
    expect(messageOf(m, { id: '3', name: 'C', code: 'C1', price: 5 })).toBe('unique:code | code: repeats a value already in this batch, got "C1"');
    expect(messageOf({ ...base }, { id: '1', name: 'A', price: -1 })).toBeNull();
    expect(messageOf({ ...base, validation: [] }, { id: '1', name: 'A', price: -1 })).toBeNull();
  });
});
