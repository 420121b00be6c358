// Validation rules from config, checked on the mapped product. A failing record is thrown out as a MappingError
// named after the rule and field (`regex:code`), which the pipeline quarantines while the rest of the page loads.
import type { MappingConfig } from '../../../src-shared/config.js';
import type { ValidationRule } from '../../../src-shared/sourceSchemas.js';
import type { MappedProduct } from '../../../src-shared/domain.js';
import { MappingError } from './mappingError.js';

/** True when valid; false or a reason when not. */
export type Validator = (value: unknown, product: MappedProduct) => boolean | string;
const validators = new Map<string, Validator>();

export function registerValidator(name: string, fn: Validator): void {
  validators.set(name, fn);
}

export function hasValidator(name: string): boolean {
  return validators.has(name);
}

// Values seen per unique rule in the current page. Keyed by the mapping object, so sources never share them.
const batches = new WeakMap<MappingConfig, Map<string, Set<string>>>();

/** Starts a new batch for `unique` rules; connectors call it before handing out each page. */
export function startBatch(mapping: MappingConfig): void {
  batches.set(mapping, new Map());
}

export function fieldValue(p: MappedProduct, field: string): unknown {
  if (field.startsWith('customFields.')) return p.customFields[field.slice('customFields.'.length)];
  return (p as unknown as Record<string, unknown>)[field];
}

const missing = (v: unknown) => v === undefined || v === null || v === '';

function fail(rule: string, field: string, value: unknown, why: string): never {
  throw new MappingError(`${rule}:${field}`, `${field}: ${why}, got ${JSON.stringify(value) ?? 'nothing'}`);
}

function checkType(type: NonNullable<ValidationRule['type']>, v: unknown): boolean {
  if (type === 'date') return typeof v === 'string' && !Number.isNaN(Date.parse(v));
  return typeof v === type && (type !== 'number' || Number.isFinite(v));
}

export function validateProduct(p: MappedProduct, mapping: MappingConfig): void {
  const rules = mapping.validation;
  if (!rules || rules.length === 0) return;
  const uniques: Array<[string, string]> = [];
  for (const r of rules) {
    const v = fieldValue(p, r.field);
    if (missing(v)) {
      if (r.required) fail('required', r.field, v, 'is required');
      continue;
    }
    if (r.type && !checkType(r.type, v)) fail('type', r.field, v, `expected a ${r.type}`);
    if (r.regex !== undefined && !new RegExp(r.regex).test(String(v)))
      fail('regex', r.field, v, `does not match /${r.regex}/`);
    if (r.min !== undefined && !(Number(v) >= r.min)) fail('min', r.field, v, `must be at least ${r.min}`);
    if (r.max !== undefined && !(Number(v) <= r.max)) fail('max', r.field, v, `must be at most ${r.max}`);
    if (r.enum && !r.enum.some((e) => e === v || String(e) === String(v)))
      fail('enum', r.field, v, `must be one of ${r.enum.join(', ')}`);
    if (r.custom) {
      const fn = validators.get(r.custom);
      const verdict = fn ? fn(v, p) : `no validator registered as "${r.custom}"`;
      if (verdict !== true)
        fail(`custom.${r.custom}`, r.field, v, typeof verdict === 'string' ? verdict : `fails ${r.custom}`);
    }
    if (r.unique) uniques.push([r.field, JSON.stringify(v)]);
  }
  if (uniques.length === 0) return;
  let batch = batches.get(mapping);
  if (!batch) batches.set(mapping, (batch = new Map()));
  for (const [field, key] of uniques) {
    if (batch.get(field)?.has(key)) fail('unique', field, JSON.parse(key), 'repeats a value already in this batch');
  }
  // Only a record that passed every rule claims its values, so a rejected one never blocks a later good one.
  for (const [field, key] of uniques) {
    const seen = batch.get(field) ?? new Set<string>();
    seen.add(key);
    batch.set(field, seen);
  }
}
