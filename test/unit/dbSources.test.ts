// The postgres and mongodb source kinds without a server: their config checks, the filters a mongodb source sends,
// how BSON documents become records, and how versions travel as cursors.
import { BSON, Decimal128, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src-main/engine/config/configError.js';
import { parseConfigText } from '../../src-main/engine/config/loadConfig.js';
import { createSecretResolver } from '../../src-main/engine/config/secrets.js';
import { createConnector } from '../../src-main/engine/connectors/registry.js';
import { cursorDate, deletedFilter, idCandidates, listingFilter, mongoMapping, plainValue } from '../../src-main/engine/connectors/mongoQuery.js';
import { cursorParam, listingPage, versionAsCursor } from '../../src-main/engine/connectors/postgresSql.js';
import { mapProduct, mapRecord } from '../../src-main/engine/pipeline/mapping.js';
import type { MongoSourceConfig } from '../../src-shared/config.js';

function problems(yaml: string) {
  try {
    parseConfigText(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const mongo = (extra: string) =>
  parseConfigText(`sources:\n  - name: m\n    kind: mongodb\n    connection: \${env:MONGO_URL}\n    database: shop\n    collection: products\n${extra}`).sources[0] as MongoSourceConfig;

describe('postgres and mongodb source config', () => {
  it('refuses a connection string written in plain text, naming the fix', () => {
    const p = problems('sources:\n  - { name: a, kind: postgres, connection: "postgres://u:pw@db/x", table: products }\n');
    expect(p).toEqual([expect.objectContaining({ path: 'sources[0].connection' })]);
    expect(p[0]!.message).toMatch(/\$\{env:VARIABLE\}/);
    expect(() => parseConfigText('sources:\n  - { name: a, kind: postgres, connection: "postgres://u:${env:PGPASSWORD}@db/x", table: products }\n')).not.toThrow();
  });

  it('wants a table or a query, not both, and only a SELECT', () => {
    expect(problems('sources:\n  - { name: a, kind: postgres, connection: "${env:PG}" }\n')).toEqual([expect.objectContaining({ path: 'sources[0].table' })]);
    expect(problems('sources:\n  - { name: a, kind: postgres, connection: "${env:PG}", table: t, query: "SELECT 1" }\n')).toEqual([
      expect.objectContaining({ path: 'sources[0].query', message: 'give either table or query, not both' }),
    ]);
    expect(problems('sources:\n  - { name: a, kind: postgres, connection: "${env:PG}", query: "DELETE FROM t" }\n')[0]).toMatchObject({ path: 'sources[0].query' });
    expect(problems('sources:\n  - { name: a, kind: postgres, connection: "${env:PG}", table: "t; drop table x" }\n')[0]).toMatchObject({ path: 'sources[0].table' });
  });

  it('another entity needs no id mapping: the key is the id', () => {
    process.env.SYNCFLOW_UNIT_PG = 'postgres://127.0.0.1:1/x';
    const [s] = parseConfigText('sources:\n  - { name: a, kind: postgres, entity: customers, connection: "${env:SYNCFLOW_UNIT_PG}", table: t, key: code }\n').sources;
    const c = createConnector(s!, { resolveSecret: createSecretResolver(), where: 'sources[0]' });
    expect(c.capabilities).toMatchObject({ full: true, incremental: false, fetchByIds: true, deletes: false });
    expect(mapRecord({ code: 'K1', name: 'x' }, c.mapping, 'a').id).toBe('K1');
  });

  it('mongodb: the database and collection are required, the incremental field defaults the cursor', () => {
    expect(problems('sources:\n  - { name: m, kind: mongodb, connection: "${env:M}", collection: c }\n')).toEqual([expect.objectContaining({ path: 'sources[0].database' })]);
    const s = mongo('    incremental: { field: updatedAt }\n    mapping: { fields: { name: title } }\n');
    expect(mongoMapping(s).fields).toMatchObject({ id: '_id', name: 'title', sourceUpdatedAt: 'updatedAt' });
  });
});

describe('mongodb connector', () => {
  it('loads the driver on its first read (not with the engine) and names the collection when the server is unreachable', async () => {
    process.env.SYNCFLOW_UNIT_MONGO = 'mongodb://127.0.0.1:1/?directConnection=true';
    const [s] = parseConfigText(
      'sources:\n  - { name: m, kind: mongodb, connection: "${env:SYNCFLOW_UNIT_MONGO}", database: shop, collection: products, timeoutMs: 200 }\n',
    ).sources;
    const c = createConnector(s!, { resolveSecret: createSecretResolver(), where: 'sources[0]' });
    await expect(c.pages({ strategy: 'full', cursor: null })[Symbol.asyncIterator]().next()).rejects.toThrow(/counting documents \(shop\.products\)/);
    await expect(c.fetchByIds!(['64b7f0c2a1b2c3d4e5f60718'])).rejects.toThrow(/reading documents \(shop\.products\)/);
    await c.close?.();
  });
});

describe('postgres statements', () => {
  const cfg = { table: 'erp.products', key: 'id', incremental: { column: 'ver', type: 'version' as const }, softDelete: { column: 'deleted_at' } };

  it('pages by key after the last one, never splicing values into the text', () => {
    const st = listingPage(cfg, { cursor: '42', afterKey: "O'Brien", offset: 2000, limit: 500 });
    expect(st.text).toBe(
      `SELECT * FROM "erp"."products" AS src WHERE NOT (src."deleted_at" IS NOT NULL AND src."deleted_at"::text NOT IN ('false', 'f')) AND src."ver" >= $1::numeric AND src."id" > $2 ORDER BY src."id" LIMIT $3`,
    );
    expect(st.values).toEqual(['42', "O'Brien", 500]);
  });

  it('versions travel as instants and come back as the same number', () => {
    const cursor = versionAsCursor('1234567')!;
    expect(cursorParam(cfg, cursor)).toBe('1234567');
    expect(() => versionAsCursor('-3')).toThrow(/whole number/);
    expect(cursorParam({ ...cfg, incremental: { column: 'u', type: 'timestamp', lookback: '5m' } }, '2026-01-01T00:10:00.000Z')).toBe('2026-01-01T00:05:00.000Z');
  });
});

describe('mongodb queries and documents', () => {
  it('ANDs the filter, the live-or-deleted test, the cursor and the page key', () => {
    const s = mongo('    filter: { active: true, stock: { $gt: 0 } }\n    incremental: { field: updatedAt, lookback: 1m }\n    softDelete: { field: deletedAt }\n');
    const since = cursorDate(s, '2026-03-01T10:01:00Z');
    expect(since.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    const after = new ObjectId('65f000000000000000000001');
    expect(listingFilter(s, { cursor: since, afterId: after })).toEqual({
      $and: [{ active: true, stock: { $gt: 0 } }, { deletedAt: { $in: [null, false] } }, { updatedAt: { $gte: since } }, { _id: { $gt: after } }],
    });
    expect(deletedFilter(s, since)).toEqual({ $and: [{ active: true, stock: { $gt: 0 } }, { deletedAt: { $nin: [null, false] } }, { updatedAt: { $gte: since } }] });
    expect(listingFilter(mongo(''), { cursor: null })).toEqual({});
  });

  it('documents become JSON-shaped records the mapping reads', () => {
    const doc = {
      _id: new ObjectId('65f0000000000000000000ab'),
      title: 'Parafuso',
      price: Decimal128.fromString('12.50'),
      stock: Long.fromNumber(7),
      updatedAt: new Date('2026-03-01T10:00:00Z'),
      tags: [{ at: new Date('2026-01-01T00:00:00Z') }],
      blob: new BSON.Binary(Buffer.from('hi')),
    };
    const rec = plainValue(doc) as Record<string, unknown>;
    expect(rec).toEqual({ _id: '65f0000000000000000000ab', title: 'Parafuso', price: '12.50', stock: 7, updatedAt: '2026-03-01T10:00:00.000Z', tags: [{ at: '2026-01-01T00:00:00.000Z' }], blob: 'aGk=' });
    const s = mongo('    incremental: { field: updatedAt }\n    mapping: { fields: { name: title, price: price } }\n');
    const p = mapProduct(rec, { ...mongoMapping(s) }, 'm');
    expect(p).toMatchObject({ id: '65f0000000000000000000ab', name: 'Parafuso', price: 12.5, sourceUpdatedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('catalog ids map back to every _id they may have been', () => {
    const c = idCandidates(['65f0000000000000000000ab', '17', 'sku-1'], (h) => new ObjectId(h));
    expect(c).toEqual(['65f0000000000000000000ab', new ObjectId('65f0000000000000000000ab'), '17', 17, 'sku-1']);
  });
});
