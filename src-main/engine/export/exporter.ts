// Streams catalog records as NDJSON or CSV in constant memory, waiting on the writer's back-pressure.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { EntityRecord, Product } from '../../../src-shared/domain.js';

export type ExportFormat = 'ndjson' | 'csv';

export interface Column<T> {
  header: string;
  get: (row: T) => unknown;
}

const productKeys: (keyof Product)[] = [
  'id', 'source', 'externalId', 'name', 'code', 'description', 'type', 'category', 'subcategory', 'brand', 'price',
  'currency', 'stock', 'unit', 'active', 'ncm', 'customFields', 'parentId', 'tags', 'details', 'sourceUpdatedAt',
  'syncVersion', 'firstSeenAt', 'lastSyncedAt',
];
export const productColumns: Column<Product>[] = productKeys.map((k) => ({ header: k, get: (p) => p[k] }));

/** Columns of a declared entity: its key, its mapped fields, then the bookkeeping. */
export function recordColumns(fields: string[]): Column<EntityRecord>[] {
  return [
    { header: 'id', get: (r) => r.id },
    { header: 'source', get: (r) => r.source },
    ...fields.map((f) => ({ header: f, get: (r: EntityRecord) => r.data[f] })),
    { header: 'sourceUpdatedAt', get: (r) => r.sourceUpdatedAt },
    { header: 'syncVersion', get: (r) => r.syncVersion },
    { header: 'firstSeenAt', get: (r) => r.firstSeenAt },
    { header: 'lastSyncedAt', get: (r) => r.lastSyncedAt },
  ];
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportRecords<T>(
  records: Iterable<T>,
  format: ExportFormat,
  out: Writable,
  columns: Column<T>[] = productColumns as unknown as Column<T>[],
): Promise<number> {
  let n = 0;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  if (format === 'csv') await write(columns.map((c) => c.header).join(',') + '\r\n');
  for (const row of records) {
    await write(format === 'csv' ? columns.map((c) => csvCell(c.get(row))).join(',') + '\r\n' : JSON.stringify(row) + '\n');
    n++;
  }
  return n;
}
