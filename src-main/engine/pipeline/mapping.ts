// Turns a source record into a catalog product as the config's mapping says. A record that cannot become a valid
// product is reported with the rule that failed, so the pipeline can quarantine it and load the rest.
import type { FieldSpec, MappingConfig } from '../../../src-shared/config.js';
import type { MappedProduct, ProductType } from '../../../src-shared/domain.js';

export class MappingError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

const segment = /^([^[\]]+)?(?:\[([^=\]]+)=([^\]]*)\])?$/;

/**
 * Reads `a.b.c`, and `list[Key=value].field` which picks the first element of `list` whose `Key` equals `value`
 * (how Ploomes and similar APIs carry custom fields).
 */
export function readPath(record: unknown, path: string): unknown {
  let current: unknown = record;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (current === null || current === undefined) return undefined;
    // Keys may contain dots themselves (OData's `@odata.count`): an exact key for the rest of the path wins.
    const rest = i < parts.length - 1 ? parts.slice(i).join('.') : null;
    if (rest !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, rest)) {
      return (current as Record<string, unknown>)[rest];
    }
    const part = parts[i]!;
    const m = segment.exec(part);
    if (!m) return undefined;
    const [, key, matchKey, matchValue] = m;
    if (key !== undefined) current = (current as Record<string, unknown>)[key];
    if (matchKey !== undefined) {
      if (!Array.isArray(current)) return undefined;
      current = current.find((item) => item && String((item as Record<string, unknown>)[matchKey]) === matchValue);
    }
  }
  return current;
}

function applyTransform(value: unknown, transform: Exclude<FieldSpec, string>['transform']): unknown {
  if (value === undefined || value === null) return value;
  switch (transform) {
    case 'trim':
      return String(value).trim();
    case 'number':
      return typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
    case 'string':
      return String(value);
    case 'boolean':
      return value === true || value === 1 || /^(true|1|yes|sim|s)$/i.test(String(value));
    case 'not':
      return !(value === true || value === 1 || /^(true|1|yes|sim|s)$/i.test(String(value)));
    case 'lowercase':
      return String(value).toLowerCase();
    case 'uppercase':
      return String(value).toUpperCase();
    default:
      return value;
  }
}

function readField(record: unknown, spec: FieldSpec | undefined): unknown {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') return readPath(record, spec);
  let value: unknown = spec.const !== undefined ? spec.const : spec.path ? readPath(record, spec.path) : undefined;
  value = applyTransform(value, spec.transform);
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
  const id = text(readField(record, f.id), 'id');
  if (id === null) throw new MappingError('required:id', 'id: missing (every record needs a key)');
  const name = text(readField(record, f.name), 'name');
  if (name === null) throw new MappingError('required:name', `name: missing for record ${id}`);
  const typeValue = text(readField(record, f.type), 'type') ?? 'product';
  const type = typeValue.toLowerCase() as ProductType;
  if (!productTypes.includes(type)) {
    throw new MappingError('enum:type', `type: "${typeValue}" is not one of ${productTypes.join(', ')}`);
  }
  const activeValue = readField(record, f.active);
  const customFields: Record<string, unknown> = {};
  for (const key of Object.keys(mapping.customFields).sort()) {
    const v = readPath(record, mapping.customFields[key]!);
    if (v !== undefined) customFields[key] = v;
  }
  // Key order is fixed here, which keeps the checksum of equal content equal.
  return {
    id,
    source,
    externalId: text(readField(record, f.externalId), 'externalId'),
    name,
    code: text(readField(record, f.code), 'code'),
    description: text(readField(record, f.description), 'description'),
    type,
    category: text(readField(record, f.category), 'category'),
    subcategory: text(readField(record, f.subcategory), 'subcategory'),
    brand: text(readField(record, f.brand), 'brand'),
    price: num(readField(record, f.price), 'price'),
    currency: text(readField(record, f.currency), 'currency') ?? 'BRL',
    stock: num(readField(record, f.stock), 'stock'),
    unit: text(readField(record, f.unit), 'unit'),
    active: activeValue === undefined || activeValue === null ? true : Boolean(activeValue),
    ncm: text(readField(record, f.ncm), 'ncm'),
    customFields,
    sourceUpdatedAt: isoDate(readField(record, f.sourceUpdatedAt), 'sourceUpdatedAt'),
  };
}
