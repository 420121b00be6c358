// PostgreSQL target: upserts by key and version (a row only moves forward: an older or re-sent version changes
// nothing), creating the table and its indexes on first use. Products go to the Supabase product table of the
// Ploomes plan (products_enhanced and its columns); other entities to a table with a column per field plus the
// whole record as JSONB.
import type * as Pg from 'pg';
import type { PostgresTargetConfig } from '../../../../src-shared/targetSchemas.js';
import type { RecordState } from '../changeReader.js';
import type { TargetWriter, WriteResult } from './types.js';

type Column = { name: string; type: string; value: (r: Record<string, unknown>, s: RecordState) => unknown };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const detail = (r: Record<string, unknown>, k: string): unknown => (r.details as Record<string, unknown> | undefined)?.[k];

/** The enhanced product schema's columns (seed: products_enhanced), filled from a catalog product. */
const productColumns: Column[] = [
  { name: 'external_id', type: 'TEXT', value: (r) => str(r.externalId) },
  { name: 'name', type: 'TEXT NOT NULL', value: (r) => str(r.name) ?? '' },
  { name: 'code', type: 'TEXT', value: (r) => str(r.code) },
  { name: 'description', type: 'TEXT', value: (r) => str(r.description) },
  { name: 'product_type', type: "VARCHAR(20) NOT NULL DEFAULT 'product'", value: (r) => str(r.type) ?? 'product' },
  { name: 'category', type: 'TEXT', value: (r) => str(r.category) },
  { name: 'subcategory', type: 'TEXT', value: (r) => str(r.subcategory) },
  { name: 'brand', type: 'TEXT', value: (r) => str(r.brand) },
  { name: 'base_price', type: 'NUMERIC(15,2) DEFAULT 0.00', value: (r) => num(r.price) },
  { name: 'cost_price', type: 'NUMERIC(15,2)', value: (r) => num(detail(r, 'costPrice')) },
  { name: 'currency', type: "VARCHAR(3) DEFAULT 'BRL'", value: (r) => str(r.currency) },
  { name: 'weight', type: 'NUMERIC(10,3)', value: (r) => num(detail(r, 'weightKg')) },
  { name: 'dimensions', type: 'JSONB', value: (r) => json(detail(r, 'dimensions')) },
  { name: 'ncm_code', type: 'VARCHAR(10)', value: (r) => str(r.ncm) },
  { name: 'cfop_code', type: 'VARCHAR(4)', value: (r) => str(detail(r, 'cfop')) },
  { name: 'stock_quantity', type: 'INTEGER DEFAULT 0', value: (r) => (num(r.stock) === null ? null : Math.round(r.stock as number)) },
  { name: 'unit_of_measure', type: "VARCHAR(10) DEFAULT 'UN'", value: (r) => str(r.unit) },
  { name: 'active', type: 'BOOLEAN DEFAULT true', value: (r) => r.active !== false },
  { name: 'available_for_sale', type: 'BOOLEAN DEFAULT true', value: (r) => detail(r, 'availableForSale') !== false },
  { name: 'source_system', type: "VARCHAR(20) DEFAULT 'ploomes'", value: (r) => str(r.source)?.slice(0, 20) ?? null },
  { name: 'source_updated_at', type: 'TIMESTAMPTZ', value: (r) => str(r.sourceUpdatedAt) },
  { name: 'tags', type: "JSONB DEFAULT '[]'::jsonb", value: (r) => json(r.tags ?? []) },
  { name: 'custom_fields', type: "JSONB DEFAULT '{}'::jsonb", value: (r) => json(r.customFields ?? {}) },
  { name: 'parent_id', type: 'TEXT', value: (r) => str(r.parentId) },
  { name: 'details', type: "JSONB DEFAULT '{}'::jsonb", value: (r) => json(r.details ?? {}) },
];

const quote = (id: string): string => `"${id}"`;
const columnName = (field: string): string | null => {
  const n = field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return /^[a-z_][a-z0-9_]{0,62}$/.test(n) ? n : null;
};
function pgType(v: unknown): string {
  if (typeof v === 'number') return 'DOUBLE PRECISION';
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (v !== null && typeof v === 'object') return 'JSONB';
  return 'TEXT';
}

export class PostgresWriter implements TargetWriter {
  private readonly pool: Pg.Pool;
  private readonly table: string;
  private readonly key: string;
  private readonly products: boolean;
  private ready: Promise<void> | null = null;
  /** Entity columns known to exist (other entities grow a column when a new field appears). */
  private readonly columns = new Map<string, Column>();

  constructor(
    private readonly c: PostgresTargetConfig,
    url: string,
    pg: typeof Pg.default,
  ) {
    this.products = c.entity === 'products';
    this.table = `${quote(c.schema)}.${quote(c.table ?? (this.products ? 'products_enhanced' : c.entity))}`;
    this.key = c.keyColumn ?? (this.products ? 'ploomes_product_id' : 'id');
    this.pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: c.timeoutMs, statement_timeout: c.timeoutMs });
    // An idle connection dropped by a restarting server must not take the agent down; the next query reconnects.
    this.pool.on('error', () => undefined);
    if (this.products) for (const col of productColumns) this.columns.set(col.name, col);
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.createTable().catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  private async createTable(): Promise<void> {
    const base = (this.c.table ?? (this.products ? 'products_enhanced' : this.c.entity)).slice(0, 40);
    const cols = this.products
      ? [
          'id BIGSERIAL PRIMARY KEY',
          `${quote(this.key)} TEXT UNIQUE NOT NULL`,
          ...(this.key === 'ploomes_product_id' ? [] : ['ploomes_product_id TEXT']),
          ...productColumns.map((c) => `${c.name} ${c.type}`),
          "source_created_at TIMESTAMPTZ",
          "created_at TIMESTAMPTZ DEFAULT timezone('utc', now())",
          "updated_at TIMESTAMPTZ DEFAULT timezone('utc', now())",
          "last_sync_at TIMESTAMPTZ DEFAULT timezone('utc', now())",
          'sync_version INTEGER DEFAULT 1',
          'deleted_at TIMESTAMPTZ',
        ]
      : [`${quote(this.key)} TEXT PRIMARY KEY`, 'data JSONB', 'source_system TEXT', 'sync_version BIGINT NOT NULL DEFAULT 0',
          "last_sync_at TIMESTAMPTZ DEFAULT timezone('utc', now())", 'deleted_at TIMESTAMPTZ'];
    const indexed = [...(this.products ? ['code', 'category', 'brand'] : []), ...this.c.indexes];
    const client = await this.pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(this.c.schema)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (${cols.join(', ')})`);
      // A table made by hand (the Supabase schema file) may lack the columns this target keeps.
      await client.query(`ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMPTZ`);
      if (this.products) {
        await client.query(`ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS parent_id TEXT, ADD COLUMN IF NOT EXISTS details JSONB DEFAULT '{}'::jsonb`);
      } else {
        const { rows } = await client.query<{ column_name: string; data_type: string }>(
          'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
          [this.c.schema, this.c.table ?? this.c.entity],
        );
        for (const r of rows) this.remember(r.column_name, r.data_type);
      }
      for (const col of indexed) {
        if (this.products || this.columns.has(col)) await client.query(`CREATE INDEX IF NOT EXISTS ${quote(`${base}_${col}_idx`)} ON ${this.table} (${quote(col)})`);
      }
    } finally {
      client.release();
    }
  }

  private remember(name: string, type: string): void {
    if (['data', 'source_system', 'sync_version', 'last_sync_at', 'deleted_at', this.key].includes(name)) return;
    const field = name;
    const isJson = /json/i.test(type);
    this.columns.set(name, { name, type, value: (r) => (isJson ? json(r[field] ?? r[camel(field)]) : (r[field] ?? r[camel(field)] ?? null)) });
  }

  /** Other entities: a column for each field first seen in this batch. */
  private async addColumns(batch: RecordState[]): Promise<void> {
    const fresh = new Map<string, string>();
    for (const s of batch) {
      for (const [field, v] of Object.entries(s.record ?? {})) {
        const name = columnName(field);
        if (!name || this.columns.has(name) || fresh.has(name) || v === null || field === 'id') continue;
        fresh.set(name, pgType(v));
      }
    }
    for (const [name, type] of fresh) {
      await this.pool.query(`ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS ${quote(name)} ${type}`);
      this.remember(name, type);
      if (this.c.indexes.includes(name)) {
        await this.pool.query(`CREATE INDEX IF NOT EXISTS ${quote(`${this.c.entity}_${name}_idx`)} ON ${this.table} (${quote(name)})`);
      }
    }
  }

  async write(batch: RecordState[]): Promise<WriteResult> {
    await this.ensureTable();
    if (!this.products) await this.addColumns(batch);
    const written = new Set<string>();
    const live = batch.filter((s) => !s.deleted);
    const gone = batch.filter((s) => s.deleted);
    // One transaction per batch: a batch that fails part-way leaves nothing behind, so the record-by-record resend
    // that follows (pushRunner.ts) writes and counts each record, instead of finding the first rows already there
    // and counting them as held by the target.
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      for (let i = 0; i < live.length; i += 500) for (const id of await this.upsert(client, live.slice(i, i + 500))) written.add(id);
      for (const s of gone) if (await this.remove(client, s)) written.add(s.id);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      // A connection that could not roll back is dropped, not handed to the next batch.
      client.release(broken);
    }
    // A row left as it was holds this version or a newer one already.
    return { unchanged: batch.filter((s) => !written.has(s.id)).map((s) => s.id) };
  }

  /** The ids of the rows written (a row at this version or newer is left as it is). */
  private async upsert(client: Pg.PoolClient, rows: RecordState[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const cols = [...this.columns.values()];
    const names = [this.key, ...(this.products && this.key !== 'ploomes_product_id' ? ['ploomes_product_id'] : []), ...cols.map((c) => c.name),
      ...(this.products ? [] : ['data', 'source_system']), 'sync_version', 'deleted_at'];
    const params: unknown[] = [];
    const tuples = rows.map((s) => {
      const r = s.record!;
      const values = [s.id, ...(this.products && this.key !== 'ploomes_product_id' ? [s.id] : []), ...cols.map((c) => c.value(r, s)),
        ...(this.products ? [] : [JSON.stringify(r), s.holder]), s.version, null];
      return `(${values.map((v) => `$${params.push(v)}`).join(', ')})`;
    });
    const updates = names.filter((n) => n !== this.key).map((n) => `${quote(n)} = EXCLUDED.${quote(n)}`);
    const res = await client.query<{ id: string }>(
      `INSERT INTO ${this.table} AS t (${names.map(quote).join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (${quote(this.key)}) DO UPDATE SET ${updates.join(', ')},
       ${this.products ? "updated_at = timezone('utc', now()), " : ''}last_sync_at = timezone('utc', now())
       WHERE t.sync_version IS NULL OR t.sync_version < EXCLUDED.sync_version
       RETURNING t.${quote(this.key)}::text AS id`,
      params,
    );
    return res.rows.map((r) => r.id);
  }

  /** Whether a row was deleted (or marked so): none when it is gone already or holds a newer version. */
  private async remove(client: Pg.PoolClient, s: RecordState): Promise<boolean> {
    const sql =
      this.c.deletes === 'hard'
        ? `DELETE FROM ${this.table} WHERE ${quote(this.key)} = $1 AND (sync_version IS NULL OR sync_version < $2)`
        : `UPDATE ${this.table} SET deleted_at = timezone('utc', now()), sync_version = $2, last_sync_at = timezone('utc', now())
           WHERE ${quote(this.key)} = $1 AND (sync_version IS NULL OR sync_version < $2)`;
    return ((await client.query(sql, [s.id, s.version])).rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
