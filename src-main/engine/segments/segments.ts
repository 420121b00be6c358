// Segments of a source (config `segments:`, or the Ploomes preset's services, rentals, atlas, ingersoll and omie):
// which records belong, checked by the engine on every mapped record, and the OData `$filter` that lets Ploomes
// send only those where the mapping makes that possible.
import { ApiInputError } from '../../../src-shared/api.js';
import type { MappingConfig, SourceConfig } from '../../../src-shared/config.js';
import type { MappedProduct } from '../../../src-shared/domain.js';
import { describeSegment, type SegmentCondition, type SegmentConfig, type SegmentInfo } from '../../../src-shared/segments.js';

/** The product sync plan's segments of a Ploomes catalog. Brands need `brand` mapped (a custom field or Group.Name). */
export const ploomesSegments: Record<string, SegmentConfig> = {
  services: { label: 'CIA services', where: [{ field: 'code', startsWith: 'CIA_' }, { field: 'code', notStartsWith: 'CIA_LOC_' }] },
  rentals: { label: 'CIA rentals', where: [{ field: 'code', startsWith: 'CIA_LOC_' }] },
  atlas: { label: 'Atlas Copco', where: [{ field: 'brand', equals: 'Atlas Copco' }] },
  ingersoll: { label: 'Ingersoll Rand', where: [{ field: 'brand', equals: 'Ingersoll Rand' }] },
  omie: { label: 'Created by Omie', where: [{ field: 'externalId', present: true }] },
};

/** A source's segments: its own, else the preset's for Ploomes products. */
export function segmentsOf(source: SourceConfig): Record<string, SegmentConfig> {
  if (source.segments) return source.segments;
  return source.kind === 'ploomes' && source.entity === 'products' ? ploomesSegments : {};
}

export function segmentList(sources: SourceConfig[]): SegmentInfo[] {
  return sources.flatMap((s) =>
    Object.entries(segmentsOf(s)).map(([name, seg]) => ({ source: s.name, name, label: seg.label ?? null, describe: describeSegment(seg.where) })),
  );
}

/** The checkpoint (and queue) key of a segment: its cursor is its own, never the source's. */
export const segmentKey = (source: string, segment: string | null | undefined) => (segment ? `${source}#${segment}` : source);

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function valueOf(p: MappedProduct, field: string): unknown {
  if (field.startsWith('customFields.')) return p.customFields[field.slice('customFields.'.length)];
  return (p as unknown as Record<string, unknown>)[field];
}

function holds(c: SegmentCondition, p: MappedProduct): boolean {
  const v = valueOf(p, c.field);
  const present = v !== null && v !== undefined && v !== '';
  if (c.present !== undefined) return present === c.present;
  if (c.startsWith !== undefined) return present && text(v).startsWith(c.startsWith);
  if (c.notStartsWith !== undefined) return !present || !text(v).startsWith(c.notStartsWith);
  return typeof c.equals === 'string' ? text(v) === c.equals : v === c.equals;
}

/** Whether a mapped record belongs to the segment. */
export function inSegment(segment: SegmentConfig, p: MappedProduct): boolean {
  return segment.where.every((c) => holds(c, p));
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Where a field comes from, when it is a plain copy (no transform, no constant): only then can the vendor test it. */
function plainPath(mapping: MappingConfig, field: string): string | null {
  const spec = field.startsWith('customFields.') ? mapping.customFields[field.slice(13)] : mapping.fields[field];
  if (typeof spec === 'string') return spec;
  if (!spec || spec.const !== undefined || spec.default !== undefined) return null;
  // A `string` transform only changes a number id into text; the comparison is on text anyway.
  const t = spec.transform;
  return spec.path && (t === undefined || t === 'string' || t === 'trim') ? spec.path : null;
}

/** One condition as OData, or null when the vendor cannot evaluate it (the engine then does). */
function odataCondition(c: SegmentCondition, mapping: MappingConfig): string | null {
  const path = plainPath(mapping, c.field);
  if (!path) return null;
  const custom = /^OtherProperties\[FieldKey=([^\]]+)\]\.(\w+)$/.exec(path);
  if (custom) {
    // Custom fields: a product has the property with that key and value (present: has the property at all).
    const [, key, prop] = custom;
    if (c.present !== undefined) {
      const any = `OtherProperties/any(o: o/FieldKey eq ${quote(key!)})`;
      return c.present ? any : `not ${any}`;
    }
    if (typeof c.equals !== 'string') return null;
    return `OtherProperties/any(o: o/FieldKey eq ${quote(key!)} and o/${prop} eq ${quote(c.equals)})`;
  }
  if (!/^\w+(\.\w+)?$/.test(path)) return null;
  const prop = path.replace('.', '/');
  if (c.present !== undefined) return c.present ? `${prop} ne null` : `${prop} eq null`;
  if (c.startsWith !== undefined) return `startswith(${prop},${quote(c.startsWith)})`;
  if (c.notStartsWith !== undefined) return `not startswith(${prop},${quote(c.notStartsWith)})`;
  if (typeof c.equals === 'string') return `${prop} eq ${quote(c.equals)}`;
  return typeof c.equals === 'number' ? `${prop} eq ${c.equals}` : null;
}

/** The part of the segment Ploomes can filter, as one `$filter` clause; null when it can filter none of it. */
export function odataSegmentFilter(segment: SegmentConfig, mapping: MappingConfig): string | null {
  const parts = segment.where.map((c) => odataCondition(c, mapping)).filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.join(' and ');
}

/** A run's segment: its conditions and, for Ploomes, the `$filter` the vendor evaluates. */
export function runSegment(source: SourceConfig, name: string, connector: { mapping: MappingConfig }) {
  const config = segmentsOf(source)[name];
  if (!config) throw new Error(`source "${source.name}" has no segment "${name}"`);
  return { name, config, vendorFilter: source.kind === 'ploomes' ? odataSegmentFilter(config, connector.mapping) : null };
}

/** Refuses a segment the source does not have, naming the ones it has. */
export function checkSegment(source: string | undefined, segment: string, configOf: (name: string) => SourceConfig | undefined): void {
  if (!source) throw new ApiInputError('syncNow', [`segment: name the source too (e.g. source: ploomes, segment: ${segment})`]);
  const config = configOf(source);
  if (!config) return; // the unknown source is reported by the caller
  if (config.entity !== 'products') throw new ApiInputError('syncNow', [`segment: source "${source}" holds ${config.entity}; segments are for products`]);
  const names = Object.keys(segmentsOf(config));
  if (!names.includes(segment)) {
    throw new ApiInputError('syncNow', [
      `segment: source "${source}" has no segment "${segment}"; ${names.length ? `it has ${names.join(', ')}` : 'declare segments: under the source'}`,
    ]);
  }
}
