// Turns a product's change feed into lines the History section shows: what happened, when, and field: old → new.
import type { ProductChange } from '../../src-shared/domain.js';
import { createFormat, isMessageKey, type Format, type Translate } from '../i18n/index.js';

const english = createFormat('en');
/** Fields holding money: shown in the product's currency, like the price beside them. */
const MONEY_FIELD = /(^price$|costPrice$|Rate$|deposit$|\.cost$)/;

export interface HistoryOptions {
  fmt?: Format;
  t?: Translate;
  /** The product's currency: money fields are shown as prices ("R$ 274,21"). */
  currency?: string;
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface HistoryEntry {
  seq: number;
  op: ProductChange['op'];
  at: string;
  runId: number | null;
  /** Who made the change: a source's name, 'operator' (a pin or a review pick); null when not recorded. */
  origin: string | null;
  fields: FieldChange[];
}

const MAX_VALUE_LENGTH = 80;

/**
 * A changed value as one short line: "—" for empty, numbers for the locale (money as a price), lists
 * comma-separated, JSON for objects, long text cut.
 */
export function formatChangeValue(value: unknown, options: HistoryOptions = {}, field = ''): string {
  const fmt = options.fmt ?? english;
  let text: string;
  if (value === null || value === undefined || value === '') text = '—';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number') {
    text = options.currency && MONEY_FIELD.test(field) ? fmt.price(value, options.currency) : fmt.quantity(value);
  } else if (typeof value === 'boolean')
    text = options.t ? options.t(value ? 'common.yes' : 'common.no') : String(value);
  else if (Array.isArray(value) && value.length === 0) text = '—';
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    text = value.join(', ');
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** Field names as the engine keys them ("sourceUpdatedAt", "details.costPrice") made readable. */
export function fieldLabel(field: string, t?: Translate): string {
  const known = `product.${field}`;
  if (t && isMessageKey(known)) return t(known);
  return field
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' › ');
}

/** Newest first; updates list their changed fields alphabetically, skipping bookkeeping-only noise. */
export function historyEntries(changes: readonly ProductChange[], options: HistoryOptions = {}): HistoryEntry[] {
  return [...changes]
    .sort((a, b) => b.seq - a.seq)
    .map((c) => ({
      seq: c.seq,
      op: c.op,
      at: c.at,
      runId: c.runId,
      origin: c.origin ?? null,
      fields: Object.entries(c.changes ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([field, pair]) => ({
          field: fieldLabel(field, options.t),
          from: formatChangeValue(pair[0], options, field),
          to: formatChangeValue(pair[1], options, field),
        })),
    }));
}
