// The product search index. Its rowid is a ranking key, (name length << 32) | product rowid, so FTS yields the
// shortest matching names first in rowid order and a ranked page is read without scoring every match.
// Small syncs keep it current row by row; a bulk load skips it and builds it once at the end, on a worker thread.
import type { Db } from './database.js';
import { runInWorker } from './ftsRebuild.js';
import { createSecondaryIndexes, dropSecondaryIndexes } from './secondaryIndexes.js';

export const KEY_MASK = 0xffffffff;
const keyExpr = '((min(length(p.name), 65535) << 32) | p.rowid)';
const ftsColumns = 'name, code, description, brand, category, tags';
const ftsValues = `p.name, p.code, p.description, p.brand,
  trim(coalesce(p.category, '') || ' ' || coalesce(p.subcategory, '')),
  (SELECT group_concat(value, ' ') FROM json_each(p.tags))`;

export class FtsIndex {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      add: db.prepare(`INSERT INTO products_fts(rowid, ${ftsColumns}) SELECT ${keyExpr}, ${ftsValues} FROM products p WHERE p.rowid = ?`),
      addName: db.prepare(`INSERT INTO products_name_fts(rowid, name, code) SELECT ${keyExpr}, p.name, p.code FROM products p WHERE p.rowid = ?`),
      remove: db.prepare(`DELETE FROM products_fts WHERE rowid = (SELECT ${keyExpr} FROM products p WHERE p.rowid = ?)`),
      removeName: db.prepare(`DELETE FROM products_name_fts WHERE rowid = (SELECT ${keyExpr} FROM products p WHERE p.rowid = ?)`),
      getStale: db.prepare<[], { value: string }>(`SELECT value FROM store_meta WHERE key = 'fts_stale'`),
      setStale: db.prepare(`INSERT INTO store_meta (key, value) VALUES ('fts_stale', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
    };
  }

  /** Index one product row as it is now (call after insert/update). */
  add(rowid: number): void {
    this.stmts.add.run(rowid);
    this.stmts.addName.run(rowid);
  }

  /** Drop one product row's entry as it is now (call before an update changes its text, or on delete). */
  remove(rowid: number): void {
    this.stmts.remove.run(rowid);
    this.stmts.removeName.run(rowid);
  }

  get stale(): boolean {
    return this.stmts.getStale.get()?.value === '1';
  }

  /**
   * Marks the index as incomplete and drops the browse indexes for a bulk load; committed with the first rows it
   * misses, so a crash leaves the flag set and start-up completes the work.
   */
  markStale(): void {
    if (this.stale) return;
    this.stmts.setStale.run('1');
    for (const sql of dropSecondaryIndexes) this.db.exec(sql);
  }

  /**
   * What rebuilds the browse indexes a bulk load dropped (one transaction each) and the whole search index (one
   * transaction, which also clears the stale flag).
   */
  rebuildStatements(): string[][] {
    // FTS5 flushes its pending terms to a new segment whenever a rowid is not above the previous one, so rows fed
    // in product order (keys jump with name length) cost a segment every few rows and endless merges: 3-5x the
    // time of feeding them in key order. The keys are sorted once in a temporary table, then each index reads
    // the products in that order.
    const fromKeys = `FROM temp.fts_keys k JOIN products p ON p.rowid = k.r ORDER BY k.key`;
    return [
      ...createSecondaryIndexes.map((sql) => [sql]),
      [
        `DROP TABLE IF EXISTS temp.fts_keys`,
        `CREATE TEMP TABLE fts_keys (key INTEGER PRIMARY KEY, r INTEGER NOT NULL)`,
        `INSERT INTO temp.fts_keys (key, r) SELECT ${keyExpr}, p.rowid FROM products p WHERE p.deleted_at IS NULL ORDER BY 1`,
        `INSERT INTO products_fts(products_fts) VALUES('delete-all')`,
        `INSERT INTO products_fts(rowid, ${ftsColumns}) SELECT k.key, ${ftsValues} ${fromKeys}`,
        `INSERT INTO products_name_fts(products_name_fts) VALUES('delete-all')`,
        `INSERT INTO products_name_fts(rowid, name, code) SELECT k.key, p.name, p.code ${fromKeys}`,
        `DROP TABLE temp.fts_keys`,
        `INSERT INTO store_meta (key, value) VALUES ('fts_stale', '0') ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      ],
    ];
  }

  /**
   * Rebuilds off the main thread (see ftsRebuild.ts); an in-memory database, which a worker cannot open, is
   * rebuilt in place.
   */
  async rebuild(): Promise<void> {
    if (this.db.memory) return this.rebuildNow();
    await runInWorker(this.db.name, this.rebuildStatements());
  }

  /** Synchronous rebuild for start-up and tests. */
  rebuildNow(): void {
    this.db.transaction(() => {
      for (const sql of this.rebuildStatements().flat()) this.db.exec(sql);
    })();
  }
}
