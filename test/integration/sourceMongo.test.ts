// A mongodb source against a real MongoDB. No server can be installed on the build machine: this runs when
// SYNCFLOW_TEST_MONGO_URL points at one (a throwaway database is created and dropped) and is skipped otherwise.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';

const url = process.env.SYNCFLOW_TEST_MONGO_URL;

describe.skipIf(!url)('mongodb source (SYNCFLOW_TEST_MONGO_URL)', () => {
  const database = `syncflow_test_${process.pid}_${Date.now().toString(36)}`;
  let client: MongoClient;
  let h: Harness;

  beforeAll(async () => {
    client = new MongoClient(url!);
    await client.connect();
    const base = Date.parse('2026-03-01T00:00:00Z');
    await client.db(database).collection('products').insertMany(
      Array.from({ length: 250 }, (_, i) => ({ code: `M${i}`, title: `Item ${i}`, price: i, active: i % 10 !== 0, updatedAt: new Date(base + i * 1000) })),
    );
    h = await openSource({
      name: 'shop',
      kind: 'mongodb',
      connection: '${env:SYNCFLOW_TEST_MONGO_URL}',
      database,
      collection: 'products',
      filter: { active: true },
      incremental: { field: 'updatedAt' },
      softDelete: { field: 'deletedAt' },
      pageSize: 100,
      mapping: { fields: { code: 'code', name: 'title', price: 'price' } },
    });
  });
  afterAll(async () => {
    await h?.close();
    await client?.db(database).dropDatabase();
    await client?.close();
  });

  it('loads the filtered collection by _id pages, then changes and soft deletes incrementally, then proves hard deletes', async () => {
    const coll = client.db(database).collection('products');
    const first = await h.sync();
    expect(first).toMatchObject({ status: 'succeeded', strategy: 'full', pages: 3, counts: { created: 225 } });

    const now = new Date();
    await coll.updateOne({ code: 'M1' }, { $set: { title: 'Renamed', updatedAt: now } });
    await coll.updateOne({ code: 'M2' }, { $set: { deletedAt: now, updatedAt: now } });
    const inc = await h.sync();
    expect(inc).toMatchObject({ status: 'succeeded', strategy: 'incremental', counts: { updated: 1, deleted: 1 } });
    expect(await h.engine.getProductByCode({ code: 'M1' })).toMatchObject({ name: 'Renamed' });

    await coll.deleteMany({ code: { $in: ['M3', 'M4'] } });
    const full = await h.sync(true);
    expect(full).toMatchObject({ status: 'succeeded', counts: { deleted: 2 } });
    expect(await h.engine.getProductByCode({ code: 'M3' })).toBeNull();
  });
});
