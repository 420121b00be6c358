// Numbered schema migrations; each runs once, in a transaction, and bumps PRAGMA user_version.
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
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
