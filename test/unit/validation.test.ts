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
