// The soak's verdict: the catalog against the vendor, record by record and field by field. The expected record is
// the vendor's current product mapped by the same mapping the agent used.
import Database from 'better-sqlite3';
import type { MappingConfig } from '../../src-shared/config.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import type { PloomesProduct } from '../../src-main/demo/demoServer.js';
import { mapProduct } from '../../src-main/engine/pipeline/mapping.js';
import { comparableFields, rowToProduct, type ProductRow } from '../../src-main/engine/store/productRows.js';

export interface Verdict {
  /** In the source, not in the catalog at all. */
  lost: number;
  /** Catalog rows beyond one per source record, rows the source never had, and records created more than once. */
  duplicated: number;
  /** In the source, tombstoned in the catalog. */
  wronglyDeleted: number;
  /** Deleted at the source, live in the catalog. */
  wronglyKept: number;
  /** Live on both sides with at least one mapped field different. */
  stale: number;
  /** Which fields were stale, and how often. */
  staleFields: Record<string, number>;
  integrity: string;
  /** A few examples of each problem, for the report. */
  examples: string[];
}

const fields: (keyof MappedProduct)[] = [...comparableFields, 'sourceUpdatedAt'];

/**
 * Product creations in the change feed, and distinct ids among them: equal when no product was created twice. A
 * bulk load logs a page's creations as one entry covering a rowid range; those are expanded to ids here.
 */
export function createdCounts(db: Database.Database): { n: number; ids: number } {
  return db
    .prepare<[], { n: number; ids: number }>(
      `SELECT count(*) AS n, count(DISTINCT id) AS ids FROM (
         SELECT record_id AS id FROM change_feed WHERE op = 'created' AND record_id != ''
         UNION ALL
         SELECT p.id FROM change_feed f JOIN products p ON p.rowid BETWEEN f.first_rowid AND f.last_rowid
         WHERE f.op = 'created' AND f.record_id = '')`,
    )
    .get()!;
}

export function compareCatalog(
  dbFile: string,
  source: string,
  ids: readonly number[],
  product: (id: number) => PloomesProduct | undefined,
  mapping: MappingConfig,
): Verdict {
  const v: Verdict = { lost: 0, duplicated: 0, wronglyDeleted: 0, wronglyKept: 0, stale: 0, staleFields: {}, integrity: '', examples: [] };
  const note = (s: string) => v.examples.length < 20 && v.examples.push(s);
  const db = new Database(dbFile, { readonly: true });
  try {
    v.integrity = String(db.pragma('integrity_check', { simple: true }));
    const rows = db.prepare<[string], ProductRow>('SELECT rowid, * FROM products WHERE source = ?').all(source);
    const byId = new Map<string, ProductRow>();
    for (const r of rows) {
      if (byId.has(r.id)) {
        v.duplicated++;
        note(`duplicate row for ${r.id}`);
      }
      byId.set(r.id, r);
    }
    const known = new Set(ids.map(String));
    for (const r of rows) {
      if (!known.has(r.id)) {
        v.duplicated++;
        note(`row ${r.id} that the source never had`);
      }
    }
    for (const id of ids) {
      const src = product(id);
      const row = byId.get(String(id));
      if (!src) {
        if (row && row.deleted_at === null) {
          v.wronglyKept++;
          note(`${id} deleted at the source, live in the catalog`);
        }
        continue;
      }
      if (!row) {
        v.lost++;
        note(`${id} missing from the catalog`);
        continue;
      }
      if (row.deleted_at !== null) {
        v.wronglyDeleted++;
        note(`${id} live at the source, deleted in the catalog`);
        continue;
      }
      // As stored: no tags is an empty list, no details an empty object (checksum.ts).
      const mapped = mapProduct(src, mapping, source);
      const want: MappedProduct = { ...mapped, tags: mapped.tags ?? [], details: mapped.details ?? {} };
      const have = rowToProduct(row);
      const off = fields.filter((f) => JSON.stringify(want[f] ?? null) !== JSON.stringify(have[f] ?? null));
      if (off.length > 0) {
        v.stale++;
        for (const f of off) v.staleFields[f] = (v.staleFields[f] ?? 0) + 1;
        note(`${id} stale: ${off.map((f) => `${f} ${JSON.stringify(have[f])} ≠ ${JSON.stringify(want[f])}`).join(', ')}`);
      }
    }
    // Created more than once across all runs.
    const created = createdCounts(db);
    if (created.n > created.ids) {
      v.duplicated += created.n - created.ids;
      note(`${created.n - created.ids} record(s) created more than once`);
    }
  } finally {
    db.close();
  }
  return v;
}
