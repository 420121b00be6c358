// A PostgreSQL table or query as a source (a catalog in PostgreSQL, or another agent's postgres target). Rows page
// by key, so a full pass proves deletes by absence; incrementals read rows whose timestamp or version column is at
// or past the cursor; a soft-delete column keeps deleted rows out of listings and feeds their keys as deletes.
import type * as Pg from 'pg';
import type { MappingConfig, PostgresSourceConfig } from '../../../src-shared/config.js';
import { compileMapping } from '../pipeline/mappingCompile.js';
import { classified, pgErrorClass } from './dbErrors.js';
import { cursorParam, deletedPage, listingCount, listingPage, rowsByKeys, versionAsCursor, type Statement } from './postgresSql.js';
import type { Connector, ConnectorCapabilities, PageRequest, SourcePage, Traffic } from './types.js';

/** The field a version column's cursor travels in (an instant; see versionAsCursor). */
export const VERSION_CURSOR_FIELD = '__syncflow_version';

/** Rows as JSON-shaped records: dates as ISO 8601, bytes as base64; numerics and bigints stay the driver's text. */
export function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = v instanceof Date ? (Number.isNaN(v.getTime()) ? null : v.toISOString()) : Buffer.isBuffer(v) ? v.toString('base64') : v;
  }
  return out;
}

/** The source's mapping with what the connector implies: `id` is the key; the cursor is the incremental column. */
export function postgresMapping(c: PostgresSourceConfig): PostgresSourceConfig['mapping'] {
  const fields = { ...c.mapping.fields };
  fields.id ??= c.key;
  if (c.incremental) fields.sourceUpdatedAt = c.incremental.type === 'version' ? VERSION_CURSOR_FIELD : c.incremental.column;
  return { ...c.mapping, fields };
}

// The driver loads with the first query, as MongoDB's does: importing it cost the engine's start-up ~0.15 s of CPU
// on every machine, postgres source or not.
let driver: typeof Pg.default | undefined;
const loadDriver = async (): Promise<typeof Pg.default> => (driver ??= (await import('pg')).default);

// `timestamp without time zone` is read as UTC (the session runs in UTC), not as the agent machine's local time.
const utcTypes = (pg: typeof Pg.default) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 1114 && format !== 'binary' ? (s: string) => new Date(`${s.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
});

export class PostgresConnector implements Connector {
  readonly kind = 'postgres';
  readonly capabilities: ConnectorCapabilities;
  readonly mapping: MappingConfig;
  readonly traffic: Traffic = { requests: 0, bytes: 0 };
  private pool: Pg.Pool | null = null;

  constructor(
    private readonly config: PostgresSourceConfig,
    where: string,
  ) {
    this.mapping = compileMapping(postgresMapping(config), config.validation, where, config.locale);
    this.capabilities = {
      full: true,
      incremental: config.incremental !== undefined,
      fetchByIds: true,
      deletes: config.softDelete !== undefined && config.incremental !== undefined,
    };
  }

  private async db(): Promise<Pg.Pool> {
    if (this.pool) return this.pool;
    const pg = await loadDriver();
    if (this.pool) return this.pool;
    this.pool = new pg.Pool({
      connectionString: this.config.connection,
      max: 2,
      connectionTimeoutMillis: this.config.timeoutMs,
      statement_timeout: this.config.timeoutMs,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      options: '-c TimeZone=UTC',
      types: utcTypes(pg),
    });
    // An idle client the server dropped must not crash the agent; the next query reconnects.
    this.pool.on('error', () => undefined);
    return this.pool;
  }

  private async run(st: Statement, doing: string): Promise<Record<string, unknown>[]> {
    this.traffic.requests++;
    try {
      const r = await (await this.db()).query(st.text, st.values);
      return r.rows as Record<string, unknown>[];
    } catch (err) {
      throw classified(err, pgErrorClass, `${doing} (${this.config.table ?? 'query'})`);
    }
  }

  private record(row: Record<string, unknown>): Record<string, unknown> {
    const rec = plainRow(row);
    const inc = this.config.incremental;
    if (inc?.type === 'version') rec[VERSION_CURSOR_FIELD] = versionAsCursor(row[inc.column]);
    return rec;
  }

  /** Keyset paging by a unique key: a row present throughout the pass is always listed, even after a resume. */
  stableListing(): boolean {
    return true;
  }

  async *pages(req: PageRequest): AsyncGenerator<SourcePage> {
    const c = this.config;
    const cursor = req.strategy === 'incremental' && req.cursor && c.incremental ? cursorParam(c, req.cursor) : null;
    const [now] = await this.run({ text: 'SELECT now() AS now', values: [] }, 'reading the server clock');
    const vendorTime = now?.['now'] instanceof Date ? now['now'].toISOString() : undefined;
    const [count] = await this.run(listingCount(c, cursor), 'counting rows');
    const total = Number(count?.['n'] ?? 0);
    let afterKey = req.startKey ?? null;
    let offset = req.startOffset ?? 0;
    for (let first = true; ; first = false) {
      req.signal?.throwIfAborted();
      const rows = await this.run(listingPage(c, { cursor, afterKey, offset: afterKey === null ? offset : 0, limit: c.pageSize }), 'reading rows');
      if (rows.length === 0 && !first) return;
      const records = rows.map((r) => this.record(r));
      const last = records.at(-1);
      const lastKey = last === undefined ? undefined : String(last[c.key]);
      yield { records, offset, total, ...(vendorTime ? { vendorTime } : {}), ...(lastKey !== undefined ? { lastKey } : {}) };
      if (rows.length < c.pageSize) return;
      offset += rows.length;
      afterKey = lastKey ?? afterKey;
    }
  }

  async fetchByIds(ids: string[]): Promise<unknown[]> {
    if (ids.length === 0) return [];
    const rows = await this.run(rowsByKeys(this.config, ids), 'reading rows by key');
    return rows.map((r) => this.record(r));
  }

  async *deletedSince(cursor: string, signal?: AbortSignal): AsyncGenerator<string[]> {
    const c = this.config;
    if (!c.softDelete || !c.incremental) return;
    const since = cursorParam(c, cursor);
    let afterKey: string | null = null;
    for (;;) {
      signal?.throwIfAborted();
      const rows = await this.run(deletedPage(c, since, afterKey, c.pageSize), 'reading soft-deleted rows');
      if (rows.length > 0) yield rows.map((r) => String(r['k']));
      if (rows.length < c.pageSize) return;
      afterKey = String(rows.at(-1)!['k']);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }
}
