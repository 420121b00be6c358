// Turns a product's change feed into lines the History section shows: what happened, when, and field: old → new.
import type { ProductChange } from '../../src-shared/domain.js';

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
  fields: FieldChange[];
}

const MAX_VALUE_LENGTH = 80;

/** A changed value as one short line: "—" for empty, lists comma-separated, JSON for objects, long text cut. */
export function formatChangeValue(value: unknown): string {
  let text: string;
  if (value === null || value === undefined || value === '') text = '—';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
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
export function fieldLabel(field: string): string {
  return field
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' › ');
}

/** Newest first; updates list their changed fields alphabetically, skipping bookkeeping-only noise. */
export function historyEntries(changes: readonly ProductChange[]): HistoryEntry[] {
  return [...changes]
    .sort((a, b) => b.seq - a.seq)
    .map((c) => ({
      seq: c.seq,
      op: c.op,
      at: c.at,
      runId: c.runId,
      fields: Object.entries(c.changes ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([field, pair]) => ({
          field: fieldLabel(field),
          from: formatChangeValue(pair[0]),
          to: formatChangeValue(pair[1]),
        })),
    }));
}
