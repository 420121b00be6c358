// Exports the current search's whole result set to a CSV file, page by page, saying how far it got.
import { useCallback, useState } from 'react';
import { syncflow } from '../transport.js';
import type { Criteria } from './catalogQuery.js';
import { CSV_BOM, csvRow, productCsvColumns, productCsvLine } from './csv.js';
import { useHealth } from './health.js';

const EXPORT_PAGE = 200;

export interface CsvExport {
  /** Rows written so far while an export runs; null otherwise. */
  progress: number | null;
  start(criteria: Criteria): Promise<void>;
}

export function useCsvExport(): CsvExport {
  const health = useHealth();
  const [progress, setProgress] = useState<number | null>(null);
  const start = useCallback(
    async (criteria: Criteria) => {
      setProgress(0);
      try {
        const lines: string[] = [csvRow(productCsvColumns)];
        let cursor: string | undefined;
        do {
          const page = await syncflow.search({ ...criteria, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
          for (const hit of page.items) lines.push(productCsvLine(hit));
          setProgress(lines.length - 1);
          cursor = page.nextCursor;
        } while (cursor);
        download(`syncflow-products-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`, lines);
        health.ok();
      } catch (err) {
        health.report(err);
      } finally {
        setProgress(null);
      }
    },
    [health],
  );
  return { progress, start };
}

function download(name: string, lines: readonly string[]): void {
  const blob = new Blob([CSV_BOM, lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
