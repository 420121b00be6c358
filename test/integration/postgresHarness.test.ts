// The shared PostgreSQL cluster of the test run: a real server, not running as root, one database per file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgDatabase, type PgDatabase } from '../helpers/postgres.js';

describe('PostgreSQL test harness', () => {
  let db: PgDatabase;
  beforeAll(async () => {
    db = await pgDatabase();
  });
  afterAll(() => db.drop());

  it('serves a real PostgreSQL 15+ on loopback, run by the postgres user', async () => {
    const [v] = await db.query<{ server_version_num: string }>('SHOW server_version_num');
    expect(Number(v!.server_version_num)).toBeGreaterThanOrEqual(150000);
    const [u] = await db.query<{ addr: string; port: number }>('SELECT host(inet_server_addr()) AS addr, inet_server_port() AS port');
    expect(u!.addr).toBe('127.0.0.1');
    expect(db.url).toContain(`:${u!.port}/`);
  });

  it('gives each caller its own database', async () => {
    const other = await pgDatabase();
    try {
      await db.query('CREATE TABLE t (id text PRIMARY KEY, n int)');
      await db.query('INSERT INTO t VALUES ($1, $2)', ['a', 1]);
      expect(await db.query('SELECT * FROM t')).toEqual([{ id: 'a', n: 1 }]);
      await expect(other.query('SELECT * FROM t')).rejects.toThrow(/does not exist/);
    } finally {
      await other.drop();
    }
  });
});
