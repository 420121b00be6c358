// Migration 13: a record's identity is (source, id at the source), for products and every other entity, and the
// change feed says who made each change (origin) and which version of the record it produced.
import { createSecondaryIndexes } from './secondaryIndexes.js';

const productColumnsV11 =
  'rowid, id, source, external_id, name, code, description, product_type, category, subcategory, brand, price, ' +
  'currency, stock, unit, active, ncm, custom_fields, source_updated_at, checksum, sync_version, first_seen_at, ' +
  'last_synced_at, deleted_at, parent_id, tags, details, raw_hash';

export const identityMigrationSql = `
  -- The record's source, who made the change (a source name, 'operator', later a target) and the record's
  -- sync_version after it. Entries from before carry the source that wrote them and no version.
  ALTER TABLE change_feed ADD COLUMN source TEXT;
  ALTER TABLE change_feed ADD COLUMN origin TEXT;
  ALTER TABLE change_feed ADD COLUMN version INTEGER;
  UPDATE change_feed SET source = CASE
      WHEN entity = 'products' AND record_id = '' THEN (SELECT p.source FROM products p WHERE p.rowid = change_feed.first_rowid)
      WHEN entity = 'products' THEN (SELECT p.source FROM products p WHERE p.id = change_feed.record_id)
      ELSE (SELECT r.source FROM records r WHERE r.entity = change_feed.entity AND r.id = change_feed.record_id)
    END;
  UPDATE change_feed SET origin = source;

  -- products: UNIQUE (id) becomes UNIQUE (id, source). A column constraint cannot be dropped, so the table is
  -- rebuilt with the same rowids (the search index and the feed's rowid ranges key on them).
  CREATE TABLE products_v12 (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
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
    deleted_at TEXT,
    parent_id TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    details TEXT NOT NULL DEFAULT '{}',
    raw_hash TEXT
  );
  INSERT INTO products_v12 (${productColumnsV11}) SELECT ${productColumnsV11} FROM products ORDER BY rowid;
  DROP TABLE products;
  ALTER TABLE products_v12 RENAME TO products;
  -- Lookups by id alone (a URL, the CLI's get) use its prefix.
  CREATE UNIQUE INDEX products_identity ON products(id, source);
  ${createSecondaryIndexes.join(';\n  ')};

  CREATE TABLE records_v12 (
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
    UNIQUE (entity, id, source)
  );
  INSERT INTO records_v12 SELECT rowid, entity, id, source, data, checksum, sync_version, source_updated_at,
    first_seen_at, last_synced_at, deleted_at FROM records ORDER BY rowid;
  DROP TABLE records;
  ALTER TABLE records_v12 RENAME TO records;
  CREATE INDEX records_source ON records(entity, source);
`;
