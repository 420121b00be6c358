// Numbered schema migrations; each runs once, in a transaction, and bumps PRAGMA user_version.
import { groupCountsSql } from './productCounts.js';
import { hubMigrationSql } from '../hub/hubMigration.js';
import { sampleIndexMigrationSql } from './ftsSchema.js';
import { identityMigrationSql } from './identityMigration.js';
import { createSecondaryIndexes, secondaryIndexes } from './secondaryIndexes.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'catalog, fts, change feed, runs, checkpoints, quarantine',
    sql: `
      CREATE TABLE products (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        external_id TEXT,
        name TEXT NOT NULL,
        code TEXT,
        description TEXT,
        product_type TEXT NOT NULL DEFAULT 'product',
        category TEXT,
        subcategory TEXT,
        brand TEXT,
        price REAL,
        currency TEXT NOT NULL DEFAULT 'BRL',
        stock REAL,
        unit TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        ncm TEXT,
        custom_fields TEXT NOT NULL DEFAULT '{}',
        source_updated_at TEXT,
        checksum TEXT NOT NULL,
        sync_version INTEGER NOT NULL DEFAULT 1,
        first_seen_at TEXT NOT NULL,
        last_synced_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX products_source ON products(source);
      CREATE INDEX products_code ON products(code);
      CREATE INDEX products_name ON products(name, id);

      -- External-content FTS: the text lives once, in products. Accents are folded so máquina finds maquina.
      CREATE VIRTUAL TABLE products_fts USING fts5(
        name, code, description, brand, category,
        content='products', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
      );
      CREATE TRIGGER products_ai AFTER INSERT ON products BEGIN
        INSERT INTO products_fts(rowid, name, code, description, brand, category)
        VALUES (new.rowid, new.name, new.code, new.description, new.brand, new.category);
      END;
      CREATE TRIGGER products_ad AFTER DELETE ON products BEGIN
        INSERT INTO products_fts(products_fts, rowid, name, code, description, brand, category)
        VALUES ('delete', old.rowid, old.name, old.code, old.description, old.brand, old.category);
      END;
      CREATE TRIGGER products_au AFTER UPDATE OF name, code, description, brand, category ON products BEGIN
        INSERT INTO products_fts(products_fts, rowid, name, code, description, brand, category)
        VALUES ('delete', old.rowid, old.name, old.code, old.description, old.brand, old.category);
        INSERT INTO products_fts(rowid, name, code, description, brand, category)
        VALUES (new.rowid, new.name, new.code, new.description, new.brand, new.category);
      END;

      CREATE TABLE change_feed (
        seq INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('created', 'updated', 'deleted')),
        run_id INTEGER,
        changes TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX change_feed_record ON change_feed(entity, record_id, seq);

      CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        trigger TEXT NOT NULL,
        strategy TEXT NOT NULL,
        strategy_reason TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        pages INTEGER NOT NULL DEFAULT 0,
        counts TEXT NOT NULL,
        error_class TEXT,
        error_message TEXT
      );
      CREATE INDEX sync_runs_source ON sync_runs(source, id);

      CREATE TABLE checkpoints (
        source TEXT PRIMARY KEY,
        cursor TEXT,
        full_offset INTEGER,
        full_run_id INTEGER,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        run_id INTEGER,
        record_key TEXT,
        rule TEXT NOT NULL,
        reason TEXT NOT NULL,
        payload TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX quarantine_source ON quarantine(source, id);
    `,
  },
  {
    version: 2,
    name: 'ranked contentless FTS maintained by the store, product details, browse indexes',
    sql: `
      -- FTS is written by the store, not by triggers: a bulk load builds it once at the end (triggers cost 4x),
      -- small syncs update it row by row.
      DROP TRIGGER products_ai;
      DROP TRIGGER products_ad;
      DROP TRIGGER products_au;
      DROP TABLE products_fts;
      -- The FTS rowid is a ranking key: (name length << 32) | product rowid. Rows come out of FTS in rowid order,
      -- so "ORDER BY rowid LIMIT n" yields the shortest (most specific) matching names first and stops early,
      -- instead of scoring every match with bm25 (hundreds of ms for a word in a quarter of a million rows).
      CREATE VIRTUAL TABLE products_fts USING fts5(
        name, code, description, brand, category, tags,
        content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
      );
      -- Names and codes alone, same keys: the first ranking tiers read it without a column filter, which on the
      -- full index has to walk every posting of a word that is common in descriptions but absent from names.
      CREATE VIRTUAL TABLE products_name_fts USING fts5(
        name, code, content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
      );
      ALTER TABLE products ADD COLUMN parent_id TEXT;
      ALTER TABLE products ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE products ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
      DROP INDEX products_name;
      DROP INDEX products_source;
      ${createSecondaryIndexes.join(';\n')};
      -- A bulk load logs its creations as one entry per page covering a product rowid range (rows created in one
      -- page are consecutive); a per-row entry would cost a sixth of the load. Reads expand ranges to records.
      ALTER TABLE change_feed ADD COLUMN first_rowid INTEGER;
      ALTER TABLE change_feed ADD COLUMN last_rowid INTEGER;
      CREATE INDEX change_feed_ranges ON change_feed(last_rowid) WHERE last_rowid IS NOT NULL;
      -- Entities other than products (customers, invoices, anything a config declares): the same bookkeeping as
      -- products, their mapped fields as JSON, and one search index over their text.
      CREATE TABLE records (
        rowid INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        source TEXT NOT NULL,
        data TEXT NOT NULL,
        checksum TEXT NOT NULL,
        sync_version INTEGER NOT NULL DEFAULT 1,
        source_updated_at TEXT,
        first_seen_at TEXT NOT NULL,
        last_synced_at TEXT NOT NULL,
        deleted_at TEXT,
        UNIQUE (entity, id)
      );
      CREATE INDEX records_source ON records(entity, source);
      CREATE VIRTUAL TABLE records_fts USING fts5(entity UNINDEXED, body, content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 2', prefix='2 3');
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      -- Existing rows get their FTS entries from the store at the next open.
      INSERT INTO store_meta (key, value) SELECT 'fts_stale', '1' WHERE EXISTS (SELECT 1 FROM products);
    `,
  },
  {
    version: 3,
    name: 'full-sync seen ids (deletes), run retries and dry-run flag, persisted job queue',
    sql: `
      -- Ids seen by the full pass a source is in (pass = the run that started it, kept across a resume), so a
      -- full sync interrupted by a crash still knows, at its end, which records the source no longer has.
      CREATE TABLE full_sync_seen (
        source TEXT NOT NULL,
        record_id TEXT NOT NULL,
        pass_id INTEGER NOT NULL,
        PRIMARY KEY (source, record_id)
      ) WITHOUT ROWID;
      ALTER TABLE sync_runs ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_runs ADD COLUMN dry_run INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE queued_jobs (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        priority INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        full INTEGER NOT NULL DEFAULT 0,
        ids TEXT,
        enqueued_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'http response cache for conditional requests (connectors/httpCache.ts)',
    sql: `
      -- The last body of each source URL with its validators, so a 304 re-uses it. Keys never hold credentials.
      CREATE TABLE http_cache (
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        body TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        PRIMARY KEY (source, url)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'run requests and bytes, persisted queue pauses',
    sql: `
      -- HTTP requests a run made and response bytes it received (0 for runs recorded before this version).
      ALTER TABLE sync_runs ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
      -- Pauses of the job queue, so one set from the CLI (or before a restart) holds for the next agent.
      -- scope is a source name, or '*' for every source (source names cannot contain '*').
      CREATE TABLE queue_pauses (
        scope TEXT PRIMARY KEY,
        until TEXT
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'hash of each product record as the source sent it',
    sql: `
      -- The mapping's fingerprint and the sha1 of the record's JSON bytes (pipeline/rawRecords.ts): a re-sync
      -- finds an unchanged record by it without parsing or mapping it. NULL for tombstones and older rows.
      ALTER TABLE products ADD COLUMN raw_hash TEXT;
      -- Live records of a source counted from the index alone (secondaryIndexes.ts).
      DROP INDEX IF EXISTS products_source;
      ${secondaryIndexes.products_source};
    `,
  },
  {
    version: 7,
    name: 'cache usage counts for warming',
    sql: `
      CREATE TABLE cache_usage (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        hits INTEGER NOT NULL,
        last_at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      ) WITHOUT ROWID;
      CREATE INDEX cache_usage_top ON cache_usage (kind, hits DESC, last_at DESC);
    `,
  },
  {
    version: 8,
    name: 'full-pass watermark and keyset position, run notes',
    sql: `
      -- When the full pass (its first run, if resumed) began, by the vendor's clock where it says: the incremental
      -- cursor never moves past it, so records edited during the pass are read again.
      ALTER TABLE checkpoints ADD COLUMN full_watermark TEXT;
      -- Last key committed by a keyset-paged full pass (resumes after it; full_offset counts records).
      ALTER TABLE checkpoints ADD COLUMN full_key TEXT;
      -- What a run wants the operator to know (deletes skipped and why, a capped page size): a JSON array.
      ALTER TABLE sync_runs ADD COLUMN notes TEXT;
    `,
  },
  {
    version: 9,
    name: 'alert history (metrics/alertFeed.ts)',
    sql: `
      -- One row per lasting condition (kind + source): raised, repeated, resolved when the condition clears.
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        level TEXT NOT NULL,
        source TEXT NOT NULL,
        message TEXT NOT NULL,
        run_id INTEGER,
        raised_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        repeats INTEGER NOT NULL DEFAULT 1,
        resolved_at TEXT
      );
      CREATE INDEX alerts_open ON alerts(source, kind) WHERE resolved_at IS NULL;
    `,
  },
  {
    version: 10,
    name: 'quarantine review (dismissed, resolved), mass deletes waiting for review',
    sql: `
      -- An open quarantine entry is the latest row of a (source, record key) that is neither dismissed by an
      -- operator nor resolved (a retry or a later sync loaded the record); earlier rows give its first sighting.
      ALTER TABLE quarantine ADD COLUMN dismissed_at TEXT;
      ALTER TABLE quarantine ADD COLUMN resolved_at TEXT;
      CREATE INDEX quarantine_key ON quarantine(source, record_key);
      -- A full sync that stopped as needs_review keeps the ids it would have deleted, so an operator can read the
      -- list and approve (the engine tombstones them) or reject it while the agent runs.
      CREATE TABLE delete_reviews (
        run_id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        live INTEGER NOT NULL,
        missing INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        decided_at TEXT,
        decided_run_id INTEGER
      );
      CREATE INDEX delete_reviews_source ON delete_reviews(source, status);
      CREATE TABLE delete_review_ids (
        run_id INTEGER NOT NULL,
        record_id TEXT NOT NULL,
        PRIMARY KEY (run_id, record_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 11,
    name: 'live product counts per category, subcategory, brand, type, active, in stock and source; facets index',
    sql: `
      -- Kept by the store in each page's transaction (productCounts.ts): the category tree, unfiltered facets and
      -- status totals read this instead of grouping the catalog. key is json_array of the seven dimensions.
      CREATE TABLE product_counts (
        key TEXT PRIMARY KEY,
        category TEXT,
        subcategory TEXT,
        brand TEXT,
        type TEXT NOT NULL,
        active INTEGER NOT NULL,
        in_stock INTEGER NOT NULL,
        source TEXT NOT NULL,
        n INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX product_counts_source ON product_counts(source);
      INSERT INTO product_counts (key, category, subcategory, brand, type, active, in_stock, source, n) ${groupCountsSql};
      ${secondaryIndexes.products_facets};
    `,
  },
  {
    version: 12,
    name: 'why each run went as it did',
    sql: `
      -- JSON RunExplanation (src-shared/runExplanation.ts): strategy, retries, quarantine by rule, deletes, pace.
      ALTER TABLE sync_runs ADD COLUMN explain TEXT;
    `,
  },
  {
    version: 13,
    name: 'target offsets and the per-target delivery ledger',
    sql: `
      -- How far each target has read the change feed; committed with the ledger rows of the batch it covers.
      CREATE TABLE target_offsets (target TEXT PRIMARY KEY, seq INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
      -- What each target is known to hold per record (content hash + version): written after a delivery, or when the
      -- content came from the target's own system. A change whose content equals it is not sent again (echo).
      CREATE TABLE target_ledger (
        target TEXT NOT NULL,
        entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (target, entity, record_id)
      ) WITHOUT ROWID;
    `,
  },
  { version: 14, name: 'identity (source, id) for products and records; change feed origin and version', sql: identityMigrationSql },
  { version: 15, name: 'catalog hub: linked source records, provenance and pins, conflicts', sql: hubMigrationSql },
  { version: 16, name: 'a sampled search index for the facets of broad queries', sql: sampleIndexMigrationSql },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
