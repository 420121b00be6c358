// Streams catalog records as NDJSON or CSV in constant memory, waiting on the writer's back-pressure.
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { Product } from '../../../src-shared/domain.js';

export type ExportFormat = 'ndjson' | 'csv';

const csvColumns: (keyof Product)[] = [
  'id', 'source', 'externalId', 'name', 'code', 'description', 'type', 'category', 'subcategory', 'brand', 'price',
  'currency', 'stock', 'unit', 'active', 'ncm', 'customFields', 'sourceUpdatedAt', 'syncVersion', 'firstSeenAt',
  'lastSyncedAt',
];

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportRecords(records: Iterable<Product>, format: ExportFormat, out: Writable): Promise<number> {
  let n = 0;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  if (format === 'csv') await write(csvColumns.join(',') + '\r\n');
  for (const p of records) {
    await write(format === 'csv' ? csvColumns.map((c) => csvCell(p[c])).join(',') + '\r\n' : JSON.stringify(p) + '\n');
    n++;
  }
  return n;
}
