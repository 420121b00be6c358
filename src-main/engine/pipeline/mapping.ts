// Turns a source record into a catalog product as the config's mapping says. A record that cannot become a valid
// product is reported with the rule that failed, so the pipeline can quarantine it and load the rest.
import { productFields, type FieldSpec, type MappingConfig } from '../../../src-shared/config.js';
import type { MappedProduct, ProductDetails, ProductType } from '../../../src-shared/domain.js';
import type { TransformStep } from '../../../src-shared/sourceSchemas.js';
import { localeNumberReader, type NumberReader } from './localeNumber.js';
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

function num(value: unknown, field: string, read: NumberReader, locale: string | undefined): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? read(value) : null;
  if (n === null || !Number.isFinite(n)) {
    const how = locale ? `a number written the ${locale} way` : 'a number (set the source\'s locale for grouped or comma-decimal text)';
    throw new MappingError(`type:${field}`, `${field}: expected ${how}, got ${JSON.stringify(value)}`);
  }
  return n;
}

// Already canonical UTC with milliseconds and a day every month has: Date.parse + toISOString would return it as is.
const canonicalIso = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

function isoDate(value: unknown, field: string): string | null {
  const s = text(value, field);
  if (s === null) return null;
  if (canonicalIso.test(s)) return s;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new MappingError(`type:${field}`, `${field}: expected a date, got ${JSON.stringify(value)}`);
  return new Date(t).toISOString();
}

/*
 * A mapping compiled once per config object: each field becomes a reader closure, and every `list[Key=value]`
 * lookup into the same list is answered from one pass over that list per record. Interpreting the config per
 * record (path lookups, a Map per list, transform resolution) cost ~8 µs a product; a full sync maps millions.
 */
type Lists = Array<unknown[] | undefined>;
type Reader = (record: unknown, lists: Lists) => unknown;

/** Lookups of one list by one key, e.g. `OtherProperties[FieldKey=…]`: each matched value has a slot. */
interface ListGroup {
  prefix: string[];
  matchKey: string;
  slots: Map<string, number>;
}

interface CompiledMapping {
  number: NumberReader;
  fields: Record<(typeof productFields)[number], Reader>;
  customFields: Array<[string, Reader]>;
  details: Array<[string, string | undefined, Reader]>;
}

const compiledMappings = new WeakMap<MappingConfig, CompiledMapping>();

function walk(current: unknown, keys: readonly string[]): unknown {
  for (const key of keys) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The first item of the group's list for each slot, found in one pass (as findInList: first match wins). */
function fillSlots(g: ListGroup, record: unknown): unknown[] {
  const out: unknown[] = new Array<unknown>(g.slots.size);
  const list = walk(record, g.prefix);
  if (!Array.isArray(list)) return out;
  let left = g.slots.size;
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const i = g.slots.get(String((item as Record<string, unknown>)[g.matchKey]));
    if (i !== undefined && out[i] === undefined) {
      out[i] = item;
      if (--left === 0) break;
    }
  }
  return out;
}

function compileAccessor(path: string, groups: ListGroup[]): Reader {
  const steps = compilePath(path);
  if (!steps) return () => undefined;
  const matchAt = steps.findIndex((s) => s.matchKey !== undefined);
  const plain = steps.every((s) => s.key !== undefined && s.matchKey === undefined);
  if (plain && steps.length === 1) {
    const key = steps[0]!.key!;
    return (r) => (r === null || r === undefined ? undefined : (r as Record<string, unknown>)[key]);
  }
  const head = steps.slice(0, matchAt + 1);
  const tail = steps.slice(matchAt + 1);
  const groupable =
    matchAt >= 0 &&
    head.every((s) => s.key !== undefined) &&
    head.slice(0, -1).every((s) => s.matchKey === undefined) &&
    tail.every((s) => s.key !== undefined && s.matchKey === undefined);
  // Anything else (dotted keys tried whole, nested list lookups) reads as the interpreter does.
  if (!groupable) return (r) => readPath(r, path);
  const prefix = head.map((s) => s.key!);
  const matchKey = head[head.length - 1]!.matchKey!;
  const at = prefix.join('.');
  let g = groups.findIndex((x) => x.prefix.join('.') === at && x.matchKey === matchKey);
  if (g < 0) g = groups.push({ prefix, matchKey, slots: new Map() }) - 1;
  const slots = groups[g]!.slots;
  const value = head[head.length - 1]!.matchValue ?? '';
  let slot = slots.get(value);
  if (slot === undefined) slots.set(value, (slot = slots.size));
  const rest = tail.map((s) => s.key!);
  const group = groups[g]!;
  const gi = g;
  const si = slot;
  return (r, lists) => walk((lists[gi] ??= fillSlots(group, r))[si], rest);
}

/**
 * A field spec a preset builds in code (never YAML): `otherwise` is read when the spec itself finds nothing, before
 * `default` (the Ploomes type: an account's type field, else the code prefix).
 */
export type PresetFieldSpec = FieldSpec | (Exclude<FieldSpec, string> & { otherwise?: FieldSpec });

function compileField(spec: PresetFieldSpec | undefined, field: string, groups: ListGroup[]): Reader {
  if (spec === undefined) return () => undefined;
  if (typeof spec === 'string') return compileAccessor(spec, groups);
  const constant = spec.const;
  const get: Reader = constant !== undefined ? () => constant : spec.path ? compileAccessor(spec.path, groups) : () => undefined;
  const fallback = spec.default;
  const transformed = spec.transform !== undefined;
  const otherwise = 'otherwise' in spec && spec.otherwise !== undefined ? compileField(spec.otherwise, field, groups) : null;
  return (r, lists) => {
    let v = get(r, lists);
    if (transformed) v = applyTransforms(v, spec, field);
    if (otherwise !== null && (v === undefined || v === null || v === '')) v = otherwise(r, lists);
    if ((v === undefined || v === null || v === '') && fallback !== undefined) v = fallback;
    return v;
  };
}

function readersFor(mapping: MappingConfig): CompiledMapping {
  let c = compiledMappings.get(mapping);
  if (c) return c;
  const groups: ListGroup[] = [];
  c = {
    number: localeNumberReader(mapping.locale),
    fields: Object.fromEntries(productFields.map((name) => [name, compileField(mapping.fields[name], name, groups)])) as CompiledMapping['fields'],
    customFields: sortedKeys(mapping.customFields).map((k) => [k, compileField(mapping.customFields[k], `customFields.${k}`, groups)]),
    details: mapping.details
      ? sortedKeys(mapping.details).map((k) => {
          const [head, tail] = k.split('.') as [string, string | undefined];
          return [head, tail, compileField(mapping.details![k as keyof typeof mapping.details], `details.${k}`, groups)];
        })
      : [],
  };
  compiledMappings.set(mapping, c);
  return c;
}

export function mapProduct(record: unknown, mapping: MappingConfig, source: string): MappedProduct {
  const c = readersFor(mapping);
  const f = c.fields;
  const lists: Lists = [];
  const id = text(f.id(record, lists), 'id');
  if (id === null) throw new MappingError('required:id', 'id: missing (every record needs a key)');
  const name = text(f.name(record, lists), 'name');
  if (name === null) throw new MappingError('required:name', `name: missing for record ${id}`);
  const typeValue = text(f.type(record, lists), 'type') ?? 'product';
  const type = typeValue.toLowerCase() as ProductType;
  if (!productTypes.includes(type)) {
    throw new MappingError('enum:type', `type: "${typeValue}" is not one of ${productTypes.join(', ')}`);
  }
  const activeValue = f.active(record, lists);
  const customFields: Record<string, unknown> = {};
  for (const [key, read] of c.customFields) {
    const v = read(record, lists);
    if (v !== undefined) customFields[key] = v;
  }
  // Key order is fixed here, which keeps the checksum of equal content equal.
  const product: MappedProduct = {
    id,
    source,
    externalId: text(f.externalId(record, lists), 'externalId'),
    name,
    code: text(f.code(record, lists), 'code'),
    description: text(f.description(record, lists), 'description'),
    type,
    category: text(f.category(record, lists), 'category'),
    subcategory: text(f.subcategory(record, lists), 'subcategory'),
    brand: text(f.brand(record, lists), 'brand'),
    price: num(f.price(record, lists), 'price', c.number, mapping.locale),
    currency: text(f.currency(record, lists), 'currency') ?? 'BRL',
    stock: num(f.stock(record, lists), 'stock', c.number, mapping.locale),
    unit: text(f.unit(record, lists), 'unit'),
    active: activeValue === undefined || activeValue === null ? true : Boolean(activeValue),
    ncm: text(f.ncm(record, lists), 'ncm'),
    customFields,
    sourceUpdatedAt: isoDate(f.sourceUpdatedAt(record, lists), 'sourceUpdatedAt'),
  };
  const details = mapDetails(record, c, lists);
  if (details) product.details = details;
  const parentId = text(f.parentId(record, lists), 'parentId');
  if (parentId !== null) product.parentId = parentId;
  const tags = f.tags(record, lists);
  if (tags !== undefined && tags !== null) product.tags = (Array.isArray(tags) ? tags : String(tags).split(',')).map((t) => String(t).trim()).filter(Boolean);
  validateProduct(product, mapping);
  return product;
}

/** Builds ProductDetails from `mapping.details` (`service.sla` → details.service.sla); undefined when none map. */
function mapDetails(record: unknown, c: CompiledMapping, lists: Lists): ProductDetails | undefined {
  if (c.details.length === 0) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const [head, tail, read] of c.details) {
    const value = read(record, lists);
    if (value === undefined || value === null || value === '') continue;
    out ??= {};
    if (tail === undefined) out[head] = value;
    else out[head] = { ...((out[head] as Record<string, unknown> | undefined) ?? {}), [tail]: value };
  }
  return out as ProductDetails | undefined;
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
