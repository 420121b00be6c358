// Turns a source record into a catalog product as the config's mapping says. A record that cannot become a valid
// product is reported with the rule that failed, so the pipeline can quarantine it and load the rest.
import type { FieldSpec, MappingConfig } from '../../../src-shared/config.js';
import type { MappedProduct, ProductDetails, ProductType } from '../../../src-shared/domain.js';
import type { TransformStep } from '../../../src-shared/sourceSchemas.js';
import { MappingError } from './mappingError.js';
import { getTransform, TransformError } from './transforms.js';
import { validateProduct } from './validation.js';

export { MappingError };

const segment = /^([^[\]]+)?(?:\[([^=\]]+)=([^\]]*)\])?$/;

interface PathStep {
  key: string | undefined;
  matchKey: string | undefined;
  matchValue: string | undefined;
  /** The rest of the path from this step, tried first as one key (OData's `@odata.count` has a dot in it). */
  rest: string | null;
}

/** Paths are parsed once; mapping a million records then costs a few property reads per field. */
const compiledPaths = new Map<string, PathStep[] | null>();

function compilePath(path: string): PathStep[] | null {
  let steps = compiledPaths.get(path);
  if (steps !== undefined) return steps;
  const parts = path.split('.');
  steps = [];
  for (let i = 0; i < parts.length; i++) {
    const m = segment.exec(parts[i]!);
    if (!m) {
      steps = null;
      break;
    }
    steps.push({ key: m[1], matchKey: m[2], matchValue: m[3], rest: i < parts.length - 1 ? parts.slice(i).join('.') : null });
  }
  compiledPaths.set(path, steps);
  return steps;
}

/** `list[Key=value]` lookups index each list once, so a record's dozen custom fields are not a dozen scans. */
const listIndexes = new WeakMap<unknown[], Map<string, Map<string, unknown>>>();

function findInList(list: unknown[], matchKey: string, matchValue: string): unknown {
  let byKey = listIndexes.get(list);
  if (!byKey) listIndexes.set(list, (byKey = new Map()));
  let index = byKey.get(matchKey);
  if (!index) {
    index = new Map();
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      const k = String((item as Record<string, unknown>)[matchKey]);
      if (!index.has(k)) index.set(k, item);
    }
    byKey.set(matchKey, index);
  }
  return index.get(matchValue);
}

/**
 * Reads `a.b.c`, and `list[Key=value].field` which picks the first element of `list` whose `Key` equals `value`
 * (how Ploomes and similar APIs carry custom fields).
 */
export function readPath(record: unknown, path: string): unknown {
  const steps = compilePath(path);
  if (!steps) return undefined;
  let current: unknown = record;
  for (const step of steps) {
    if (current === null || current === undefined) return undefined;
    if (step.rest !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, step.rest)) {
      return (current as Record<string, unknown>)[step.rest];
    }
    if (step.key !== undefined) current = (current as Record<string, unknown>)[step.key];
    if (step.matchKey !== undefined) {
      if (!Array.isArray(current)) return undefined;
      current = findInList(current, step.matchKey, step.matchValue ?? '');
    }
  }
  return current;
}

export function transformSteps(t: Exclude<FieldSpec, string>['transform']): Array<{ name: string; options: Record<string, unknown> }> {
  if (t === undefined) return [];
  return (Array.isArray(t) ? t : [t]).map((step: TransformStep) =>
    typeof step === 'string' ? { name: step, options: {} } : { name: step.name, options: step },
  );
}

const stepsBySpec = new WeakMap<object, ReturnType<typeof transformSteps>>();
const sortedKeysOf = new WeakMap<object, string[]>();

/** A mapping section's keys in a fixed order (the checksum of equal content must be equal), computed once. */
function sortedKeys(section: object): string[] {
  let keys = sortedKeysOf.get(section);
  if (!keys) sortedKeysOf.set(section, (keys = Object.keys(section).sort()));
  return keys;
}

function applyTransforms(value: unknown, spec: Exclude<FieldSpec, string>, field: string): unknown {
  if (spec.transform === undefined) return value;
  let steps = stepsBySpec.get(spec);
  if (!steps) stepsBySpec.set(spec, (steps = transformSteps(spec.transform)));
  let v = value;
  for (const { name, options } of steps) {
    // Missing values stay missing so `default` can fill them; transforms only see something to transform.
    if (v === undefined || v === null || v === '') return v;
    const fn = getTransform(name);
    if (!fn) throw new MappingError(`transform:${field}`, `${field}: no transform named "${name}"`);
    try {
      v = fn(v, options);
    } catch (err) {
      if (!(err instanceof TransformError)) throw err;
      throw new MappingError(`transform.${name}:${field}`, `${field}: ${err.message}`);
    }
  }
  return v;
}

function readField(record: unknown, spec: FieldSpec | undefined, field: string): unknown {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') return readPath(record, spec);
  let value: unknown = spec.const !== undefined ? spec.const : spec.path ? readPath(record, spec.path) : undefined;
  value = applyTransforms(value, spec, field);
  if ((value === undefined || value === null || value === '') && spec.default !== undefined) value = spec.default;
  return value;
}

const productTypes: readonly ProductType[] = ['product', 'service', 'rental'];

function text(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') throw new MappingError(`type:${field}`, `${field}: expected text, got an object`);
  const s = String(value).trim();
  return s === '' ? null : s;
}

function num(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  if (!Number.isFinite(n)) throw new MappingError(`type:${field}`, `${field}: expected a number, got ${JSON.stringify(value)}`);
  return n;
}

function isoDate(value: unknown, field: string): string | null {
  const s = text(value, field);
  if (s === null) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new MappingError(`type:${field}`, `${field}: expected a date, got ${JSON.stringify(value)}`);
  return new Date(t).toISOString();
}

export function mapProduct(record: unknown, mapping: MappingConfig, source: string): MappedProduct {
  const f = mapping.fields;
  const id = text(readField(record, f.id, 'id'), 'id');
  if (id === null) throw new MappingError('required:id', 'id: missing (every record needs a key)');
  const name = text(readField(record, f.name, 'name'), 'name');
  if (name === null) throw new MappingError('required:name', `name: missing for record ${id}`);
  const typeValue = text(readField(record, f.type, 'type'), 'type') ?? 'product';
  const type = typeValue.toLowerCase() as ProductType;
  if (!productTypes.includes(type)) {
    throw new MappingError('enum:type', `type: "${typeValue}" is not one of ${productTypes.join(', ')}`);
  }
  const activeValue = readField(record, f.active, 'active');
  const customFields: Record<string, unknown> = {};
  for (const key of sortedKeys(mapping.customFields)) {
    const v = readField(record, mapping.customFields[key], `customFields.${key}`);
    if (v !== undefined) customFields[key] = v;
  }
  // Key order is fixed here, which keeps the checksum of equal content equal.
  const product: MappedProduct = {
    id,
    source,
    externalId: text(readField(record, f.externalId, 'externalId'), 'externalId'),
    name,
    code: text(readField(record, f.code, 'code'), 'code'),
    description: text(readField(record, f.description, 'description'), 'description'),
    type,
    category: text(readField(record, f.category, 'category'), 'category'),
    subcategory: text(readField(record, f.subcategory, 'subcategory'), 'subcategory'),
    brand: text(readField(record, f.brand, 'brand'), 'brand'),
    price: num(readField(record, f.price, 'price'), 'price'),
    currency: text(readField(record, f.currency, 'currency'), 'currency') ?? 'BRL',
    stock: num(readField(record, f.stock, 'stock'), 'stock'),
    unit: text(readField(record, f.unit, 'unit'), 'unit'),
    active: activeValue === undefined || activeValue === null ? true : Boolean(activeValue),
    ncm: text(readField(record, f.ncm, 'ncm'), 'ncm'),
    customFields,
    sourceUpdatedAt: isoDate(readField(record, f.sourceUpdatedAt, 'sourceUpdatedAt'), 'sourceUpdatedAt'),
  };
  const details = mapDetails(record, mapping);
  if (details) product.details = details;
  const parentId = text(readField(record, f.parentId, 'parentId'), 'parentId');
  if (parentId !== null) product.parentId = parentId;
  const tags = readField(record, f.tags, 'tags');
  if (tags !== undefined && tags !== null) product.tags = (Array.isArray(tags) ? tags : String(tags).split(',')).map((t) => String(t).trim()).filter(Boolean);
  validateProduct(product, mapping);
  return product;
}

/** Builds ProductDetails from `mapping.details` (`service.sla` → details.service.sla); undefined when none map. */
function mapDetails(record: unknown, mapping: MappingConfig): ProductDetails | undefined {
  if (!mapping.details) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of sortedKeys(mapping.details)) {
    const value = readField(record, mapping.details[key as keyof typeof mapping.details], `details.${key}`);
    if (value === undefined || value === null || value === '') continue;
    const [head, tail] = key.split('.') as [string, string | undefined];
    if (tail === undefined) out[head] = value;
    else out[head] = { ...((out[head] as Record<string, unknown> | undefined) ?? {}), [tail]: value };
  }
  return Object.keys(out).length ? (out as ProductDetails) : undefined;
}

/** A record of any other entity: every declared field, `id` required, `sourceUpdatedAt` kept apart. */
export function mapRecord(record: unknown, mapping: MappingConfig, source: string) {
  const data: Record<string, unknown> = {};
  let id: string | null = null;
  let sourceUpdatedAt: string | null = null;
  for (const field of Object.keys(mapping.fields).sort()) {
    const value = readField(record, mapping.fields[field], field);
    if (field === 'id') id = text(value, 'id');
    else if (field === 'sourceUpdatedAt') sourceUpdatedAt = isoDate(value, field);
    else if (value !== undefined) data[field] = value;
  }
  if (id === null) throw new MappingError('required:id', 'id: missing (every record needs a key)');
  for (const key of Object.keys(mapping.customFields).sort()) {
    const v = readField(record, mapping.customFields[key], `customFields.${key}`);
    if (v !== undefined) data[key] = v;
  }
  validateProduct({ id, ...data, customFields: {} } as unknown as MappedProduct, mapping);
  return { id, source, data, sourceUpdatedAt };
}

/**
 * The key of a raw record as the mapping reads it, without judging the rest of it: a quarantined record keeps
 * its identity, so a full pass still counts it as present instead of deleting it. Falls back to `Id`/`id`.
 */
export function sourceKey(raw: unknown, mapping: MappingConfig): string | null {
  let key: unknown;
  try {
    key = readField(raw, mapping.fields.id, 'id');
  } catch {
    key = undefined;
  }
  const r = raw as Record<string, unknown> | null;
  key ??= r?.['Id'] ?? r?.['id'];
  if (key === undefined || key === null || typeof key === 'object') return null;
  const s = String(key).trim();
  return s === '' ? null : s;
}
