// The product search index. Its rowid is a ranking key, (name length << 32) | product rowid, so FTS yields the
// shortest matching names first in rowid order and a ranked page is read without scoring every match.
// Small syncs keep it current row by row; a bulk load skips it while a worker builds it alongside from committed
// pages (ftsBulkBuilder.ts), or, where that cannot be used, rebuilds it once at the end on a worker thread.
import { BULK_CACHE_KIB, CACHE_KIB, type Db } from './database.js';
import { FtsBulkBuilder, removeScratch, type BulkBuildSql } from './ftsBulkBuilder.js';
import { runInWorker } from './ftsRebuild.js';
import { ftsColumns, ftsValues, inSample, SAMPLE_TABLE, sampleInsert } from './ftsSchema.js';
import { createSecondaryIndexes, dropSecondaryIndexes } from './secondaryIndexes.js';

export const KEY_MASK = 0xffffffff;
const keyExpr = '((min(length(p.name), 65535) << 32) | p.rowid)';
const ftsTables = ['products_fts', 'products_name_fts', SAMPLE_TABLE];
// FTS5 writes a segment whenever its pending terms pass 'hashsize' (1 MiB by default) and merges segments as they
// pile up; 16 MiB builds a million products' index ~20% faster. Pending terms are flushed at every commit, so
// small syncs never hold that much. Stored in the table's config (the copy of a bulk build carries it over).
// The bulk builder (ftsBulkBuilder.ts) takes 4 MiB: its thread's three tables fill their buffers in every chunk
// while the load runs, and the allocator kept what they freed (glibc malloc_stats at 1M: that thread's arena 58 MB
// with 16 MiB, 40 MB with 4). At 200,000, five runs each: peak RSS 233-250 MB against 243-266, full sync unchanged.
const hashSize = (table: string, name = table, mib = 16) => `INSERT INTO ${table}(${name}, rank) VALUES('hashsize', ${mib * 2 ** 20})`;
const BULK_HASH_MIB = 4;
/** Both search indexes fed from a keys table (key, r) in key order: the rebuild's and the bulk builder's. */
const keyOrderInserts = (schema: string, keys: string, products: string) => {
  const fromKeys = `FROM ${keys} k JOIN ${products} p ON p.rowid = k.r ORDER BY k.key`;
  return [
    `INSERT INTO ${schema}products_fts(rowid, ${ftsColumns}) SELECT k.key, ${ftsValues} ${fromKeys}`,
    `INSERT INTO ${schema}products_name_fts(rowid, name, code) SELECT k.key, p.name, p.code ${fromKeys}`,
  ];
};
const clearStale = `INSERT INTO store_meta (key, value) VALUES ('fts_stale', '0') ON CONFLICT(key) DO UPDATE SET value = excluded.value`;

export class FtsIndex {
  private readonly stmts;
  /** The search index a running bulk load builds alongside (ftsBulkBuilder.ts). */
  builder: FtsBulkBuilder | null = null;

  constructor(private readonly db: Db) {
    this.stmts = {
      add: db.prepare(`INSERT INTO products_fts(rowid, ${ftsColumns}) SELECT ${keyExpr}, ${ftsValues} FROM products p WHERE p.rowid = ?`),
      addName: db.prepare(`INSERT INTO products_name_fts(rowid, name, code) SELECT ${keyExpr}, p.name, p.code FROM products p WHERE p.rowid = ?`),
      remove: db.prepare(`DELETE FROM products_fts WHERE rowid = (SELECT ${keyExpr} FROM products p WHERE p.rowid = ?)`),
      removeName: db.prepare(`DELETE FROM products_name_fts WHERE rowid = (SELECT ${keyExpr} FROM products p WHERE p.rowid = ?)`),
      // The sampled index (ftsSchema.ts) holds only the rows whose hash falls in its share.
      addSample: db.prepare(`INSERT INTO ${SAMPLE_TABLE}(rowid, ${ftsColumns}) SELECT p.rowid, ${ftsValues} FROM products p WHERE p.rowid = ? AND ${inSample('p.rowid')}`),
      removeSample: db.prepare(`DELETE FROM ${SAMPLE_TABLE} WHERE rowid = (SELECT r FROM (SELECT ? AS r) WHERE ${inSample('r')})`),
      getStale: db.prepare<[], { value: string }>(`SELECT value FROM store_meta WHERE key = 'fts_stale'`),
      setStale: db.prepare(`INSERT INTO store_meta (key, value) VALUES ('fts_stale', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
    };
  }

  /** Index one product row as it is now (call after insert/update). */
  add(rowid: number): void {
    this.builder?.invalidate('a product was indexed row by row during the bulk load');
    this.stmts.add.run(rowid);
    this.stmts.addName.run(rowid);
    this.stmts.addSample.run(rowid);
  }

  /** Drop one product row's entry as it is now (call before an update changes its text, or on delete). */
  remove(rowid: number): void {
    this.builder?.invalidate('a product left the index row by row during the bulk load');
    this.stmts.remove.run(rowid);
    this.stmts.removeName.run(rowid);
    this.stmts.removeSample.run(rowid);
  }

  get stale(): boolean {
    return this.stmts.getStale.get()?.value === '1';
  }

  /**
   * Marks the index as incomplete and drops the browse indexes for a bulk load; committed with the first rows it
   * misses, so a crash leaves the flag set and start-up completes the work.
   */
  markStale(): void {
    if (!this.stale) {
      this.stmts.setStale.run('1');
      for (const sql of dropSecondaryIndexes) this.db.exec(sql);
    }
    if (!this.builder) {
      this.builder = FtsBulkBuilder.start(this.db, this.bulkSql());
      if (this.builder) this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    }
  }

  /** What the bulk builder's worker runs: the same tables, values and key order as the rebuild. */
  private bulkSql(): BulkBuildSql {
    const ddl = this.db
      .prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE name IN (${ftsTables.map((t) => `'${t}'`).join(', ')})`)
      .all()
      .map((r) => r.sql.replace(new RegExp(`^CREATE VIRTUAL TABLE\\s+"?${r.name}"?`, 'i'), `CREATE VIRTUAL TABLE b.${r.name}`));
    const shadowTables = this.db
      .prepare<[], string>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'products\\_fts\\_%' ESCAPE '\\'
         OR name LIKE 'products\\_name\\_fts\\_%' ESCAPE '\\' OR name LIKE 'products\\_sample\\_fts\\_%' ESCAPE '\\')`,
      )
      .pluck()
      .all();
    return {
      ddl: [...ddl, ...ftsTables.map((t) => hashSize(`b.${t}`, t, BULK_HASH_MIB))],
      temp: [`CREATE TEMP TABLE bulk_keys (key INTEGER PRIMARY KEY, r INTEGER NOT NULL)`],
      chunk: [
        { sql: `DELETE FROM temp.bulk_keys` },
        {
          sql: `INSERT INTO temp.bulk_keys (key, r) SELECT ${keyExpr}, p.rowid FROM main.products p
                WHERE p.rowid BETWEEN ? AND ? AND p.deleted_at IS NULL`,
          range: true,
        },
        // Only the keys are sorted (as in the rebuild); sorting the rows would hold a chunk's text in memory.
        ...keyOrderInserts('b.', 'temp.bulk_keys', 'main.products').map((sql) => ({ sql })),
        // Chunks are rowid ranges in rising order, so the sampled index (keyed by rowid) is appended in order.
        { sql: sampleInsert('b.', 'main.products', true), range: true },
      ],
      shadowTables,
      afterCopy: [clearStale],
    };
  }

  /**
   * What rebuilds the browse indexes a bulk load dropped (one transaction each) and the whole search index (one
   * transaction, which also clears the stale flag).
   */
  rebuildStatements(): string[][] {
    return [...this.browseStatements(), this.searchStatements()];
  }

  private browseStatements(): string[][] {
    return createSecondaryIndexes.map((sql) => [sql]);
  }

  private searchStatements(): string[] {
    // FTS5 flushes its pending terms to a new segment whenever a rowid is not above the previous one, so rows fed
    // in product order (keys jump with name length) cost a segment every few rows and endless merges: 3-5x the
    // time of feeding them in key order. The keys are sorted once in a temporary table, then each index reads
    // the products in that order.
    return [
      `DROP TABLE IF EXISTS temp.fts_keys`,
      `CREATE TEMP TABLE fts_keys (key INTEGER PRIMARY KEY, r INTEGER NOT NULL)`,
      `INSERT INTO temp.fts_keys (key, r) SELECT ${keyExpr}, p.rowid FROM products p WHERE p.deleted_at IS NULL ORDER BY 1`,
      ...ftsTables.map((t) => hashSize(t)),
      `INSERT INTO products_fts(products_fts) VALUES('delete-all')`,
      `INSERT INTO products_name_fts(products_name_fts) VALUES('delete-all')`,
      `INSERT INTO ${SAMPLE_TABLE}(${SAMPLE_TABLE}) VALUES('delete-all')`,
      ...keyOrderInserts('', 'temp.fts_keys', 'products'),
      sampleInsert(),
      `DROP TABLE temp.fts_keys`,
      clearStale,
    ];
  }

  /**
   * Rebuilds off the main thread (see ftsRebuild.ts); an in-memory database, which a worker cannot open, is
   * rebuilt in place. After a bulk load the index built alongside it is used when it can be.
   */
  async rebuild(): Promise<void> {
    let builder = this.builder;
    this.builder = null;
    if (this.db.memory) {
      this.rebuildNow();
      this.lastBuild = { alongside: false, fallback: null, resumedFrom: 0 };
      return;
    }
    // Nothing built alongside in this process (a crash ended the load or its build): the builder takes over what
    // the crashed one committed in its scratch file, chunk by chunk, so a kill costs at most one chunk.
    builder ??= FtsBulkBuilder.start(this.db, this.bulkSql());
    let fallback: string | null = null;
    if (builder) {
      this.db.pragma(`cache_size = -${CACHE_KIB}`);
      try {
        // The browse indexes build on one worker while the bulk builder indexes its last rows on another; the
        // copy (which clears the stale flag) comes last, so a crash before it still rebuilds everything.
        const [browse, drained] = await Promise.allSettled([runInWorker(this.db.name, this.browseStatements()), builder.drain()]);
        if (browse.status === 'rejected') throw browse.reason;
        if (drained.status === 'fulfilled') await builder.copy().catch((e: unknown) => (fallback = String(e)));
        else fallback = String(drained.reason);
      } finally {
        await builder.stop();
      }
      if (!this.stale) {
        this.lastBuild = { alongside: true, fallback: null, resumedFrom: builder.resumedFrom };
        return;
      }
    }
    await runInWorker(this.db.name, this.rebuildStatements());
    this.lastBuild = { alongside: false, fallback, resumedFrom: 0 };
  }

  /**
   * How the last rebuild went: built alongside a bulk load (resumed from a crashed build's rows), or rebuilt (and why
   * the other could not be used).
   */
  lastBuild: { alongside: boolean; fallback: string | null; resumedFrom: number } | null = null;

  /** Drops a bulk builder that will not be finished (close, failed load) and its scratch file. */
  async stopBuilder(): Promise<void> {
    const b = this.builder;
    this.builder = null;
    if (b) this.db.pragma(`cache_size = -${CACHE_KIB}`);
    await b?.stop();
  }

  /** Removes what a bulk builder of a crashed process left behind, unless its build is still to finish (it resumes). */
  removeScratch(): void {
    if (!this.db.memory && !this.builder && !this.stale) removeScratch(this.db.name);
  }

  /** Synchronous rebuild for start-up and tests. */
  rebuildNow(): void {
    this.db.transaction(() => {
      for (const sql of this.rebuildStatements().flat()) this.db.exec(sql);
    })();
  }
}
