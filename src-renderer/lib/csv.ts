// CSV for spreadsheets: RFC 4180 quoting, a header row, and a byte-order mark so Excel reads UTF-8 accents.
import type { ProductHit } from '../../src-shared/domain.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: quoted when it holds a comma, quote or line break; a leading formula character is defused. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection); numbers stay numbers.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',');
}

export const productCsvColumns = ['id', 'code', 'name', 'brand', 'category', 'type', 'price', 'currency', 'stock', 'active'] as const;

export function productCsvLine(hit: ProductHit): string {
  return csvRow(productCsvColumns.map((c) => hit[c]));
}

export const CSV_BOM = '\ufeff';
