// Migration 14: the catalog hub's tables. Empty until a config declares a match rule or an operator pins a value,
// so a single-source catalog pays nothing for them.
export const hubMigrationSql = `
  -- Source records of entities with a match rule: the source's own values (JSON), when each field's value arrived
  -- by the source's clock, and the catalog record they are linked into (its key: the source + id that created it).
  CREATE TABLE hub_links (
    entity TEXT NOT NULL,
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    match_key TEXT,
    catalog_source TEXT NOT NULL,
    catalog_id TEXT NOT NULL,
    data TEXT NOT NULL,
    field_times TEXT NOT NULL,
    source_updated_at TEXT,
    checksum TEXT NOT NULL,
    deleted_at TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (entity, source, id)
  ) WITHOUT ROWID;
  CREATE INDEX hub_links_match ON hub_links(entity, match_key) WHERE match_key IS NOT NULL AND deleted_at IS NULL;
  CREATE INDEX hub_links_catalog ON hub_links(entity, catalog_source, catalog_id);
  -- Per catalog record that is linked or pinned: where each value came from, the pins, the operator's picks.
  CREATE TABLE hub_records (
    entity TEXT NOT NULL,
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    provenance TEXT NOT NULL DEFAULT '{}',
    pins TEXT NOT NULL DEFAULT '{}',
    picks TEXT NOT NULL DEFAULT '{}',
    agreed TEXT NOT NULL DEFAULT '{}',
    pinned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, source, id)
  ) WITHOUT ROWID;
  CREATE INDEX hub_records_pinned ON hub_records(entity, source) WHERE pinned > 0;
  -- Catalog records whose linked sources disagree under policy review, until an operator has picked every field.
  CREATE TABLE hub_conflicts (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    record_source TEXT NOT NULL,
    record_id TEXT NOT NULL,
    label TEXT,
    fields TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resolved_at TEXT
  );
  CREATE INDEX hub_conflicts_record ON hub_conflicts(entity, record_source, record_id) WHERE resolved_at IS NULL;
`;
