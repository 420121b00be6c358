// A postgres source against a real PostgreSQL (test/helpers/postgres.ts): a table paged by key, incrementals by a
// timestamp column with soft deletes, hard deletes proven by a full pass, and a query with a version column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { pgDatabase, type PgDatabase } from '../helpers/postgres.js';

describe('postgres source', () => {
  let pg: PgDatabase;
  const harnesses: Harness[] = [];
  const open = async (source: Record<string, unknown>) => {
    const h = await openSource(source);
    harnesses.push(h);
    return h;
  };

  beforeAll(async () => {
    pg = await pgDatabase();
    process.env.SYNCFLOW_TEST_PG_SOURCE = pg.url;
    await pg.query(`CREATE TABLE erp_products (
      id int PRIMARY KEY, code text NOT NULL, name text NOT NULL, price numeric(12,2),
      updated_at timestamp NOT NULL, deleted_at timestamptz)`);
    await pg.query(`INSERT INTO erp_products
      SELECT g, 'P' || g, 'Product ' || g, g * 1.5, now() - interval '2 days' + g * interval '1 second' FROM generate_series(1, 2500) g`);
    await pg.query(`CREATE TABLE customers (id text PRIMARY KEY, name text NOT NULL, ver bigint NOT NULL, active boolean NOT NULL)`);
    await pg.query(`INSERT INTO customers SELECT 'C' || lpad(g::text, 3, '0'), 'Customer ' || g, g, g % 5 <> 0 FROM generate_series(1, 40) g`);
  });
  afterAll(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await pg.drop();
  });

  it('loads a table page by page, then reads changes and soft deletes incrementally, and proves hard deletes in a full pass', async () => {
    const h = await open({
      name: 'erp',
      kind: 'postgres',
      connection: '${env:SYNCFLOW_TEST_PG_SOURCE}',
      table: 'erp_products',
      incremental: { column: 'updated_at' },
      softDelete: { column: 'deleted_at' },
      mapping: { fields: { code: 'code', name: 'name', price: 'price' } },
    });
    const first = await h.sync();
    expect(first).toMatchObject({ status: 'succeeded', strategy: 'full', pages: 3, counts: { fetched: 2500, created: 2500 } });
    expect(await h.engine.getProduct({ id: '7' })).toMatchObject({ code: 'P7', name: 'Product 7', price: 10.5 });

    await pg.query(`UPDATE erp_products SET price = price + 100, updated_at = now() WHERE id IN (7, 8, 9)`);
    await pg.query(`UPDATE erp_products SET deleted_at = now(), updated_at = now() WHERE id IN (20, 21)`);
    await pg.query(`INSERT INTO erp_products VALUES (2501, 'P2501', 'Product 2501', 1, now(), NULL)`);
    const inc = await h.sync();
    // The newest row before the changes sits at the cursor and is read again (>=), unchanged.
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { fetched: 5, created: 1, updated: 3, unchanged: 1, deleted: 2 } });
    expect((await h.engine.getProduct({ id: '7' }))?.price).toBe(110.5);
    expect(await h.engine.getProduct({ id: '20' })).toBeNull();

    await pg.query(`DELETE FROM erp_products WHERE id BETWEEN 100 AND 104`);
    const full = await h.sync(true);
    expect(full).toMatchObject({ status: 'succeeded', strategy: 'full', counts: { fetched: 2494, deleted: 5, created: 0 } });
    expect((full.notes ?? []).join(' ')).toMatch(/5 delete\(s\) proven by absence from a listing that cannot skip records/);
    expect(await h.engine.getProduct({ id: '102' })).toBeNull();
  });

  it('reads a query into another entity, incrementally by a version column', async () => {
    const h = await open({
      name: 'crm',
      kind: 'postgres',
      entity: 'customers',
      connection: '${env:SYNCFLOW_TEST_PG_SOURCE}',
      query: 'SELECT id, name, ver FROM customers WHERE active',
      incremental: { column: 'ver', type: 'version' },
      pageSize: 7,
      mapping: { fields: { name: 'name' } },
    });
    const first = await h.sync();
    expect(first).toMatchObject({ status: 'succeeded', counts: { fetched: 32, created: 32 } });
    await pg.query(`UPDATE customers SET name = 'Renamed', ver = 100 WHERE id = 'C003'`);
    const inc = await h.sync();
    // Rows at the cursor's version are read again (>=); only the renamed one changed.
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { updated: 1, created: 0 } });
    expect(inc.counts.fetched).toBeLessThanOrEqual(2);
    expect(await h.engine.getRecord({ entity: 'customers', id: 'C003' })).toMatchObject({ data: { name: 'Renamed' } });
  });

  it('a wrong password fails the run as an auth error that does not carry the connection string', async () => {
    process.env.SYNCFLOW_TEST_PG_BAD = pg.url.replace(/^postgres:\/\/[^@]*@/, 'postgres://nobody:s3cret-pw@');
    const h = await open({ name: 'bad', kind: 'postgres', connection: '${env:SYNCFLOW_TEST_PG_BAD}', table: 'erp_products', mapping: { fields: { name: 'name' } } });
    const run = await h.sync();
    expect(run.status).toBe('failed');
    expect(run.error?.class).toBe('auth');
    expect(run.error?.message).not.toContain('s3cret-pw');
  });
});
