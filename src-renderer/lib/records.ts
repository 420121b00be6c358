// How a record of another entity (customer, invoice…) is shown: its first fields as columns, values as text.
import type { EntityRecord } from '../../src-shared/domain.js';
import type { Format } from '../i18n/index.js';

const MAX_COLUMNS = 6;
const TITLE_FIELDS = ['name', 'title', 'legalName', 'number', 'code'];

/** The fields the records on screen share, in their first record's order, at most six. */
export function recordColumns(items: readonly EntityRecord[]): string[] {
  const seen = new Map<string, number>();
  for (const r of items.slice(0, 50)) for (const key of Object.keys(r.data)) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen.keys()]
    .filter((key) => {
      const sample = items.find((r) => r.data[key] !== undefined)?.data[key];
      return sample === null || typeof sample !== 'object';
    })
    .slice(0, MAX_COLUMNS);
}

export function recordTitle(r: EntityRecord): string {
  for (const f of TITLE_FIELDS) {
    const v = r.data[f];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return r.id;
}

export function recordValue(value: unknown, fmt: Format): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return fmt.quantity(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
