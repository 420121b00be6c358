// A postgres target batch that fails part-way: the batch is one transaction, so the record-by-record resend that
// follows writes every good record and counts it sent (not skipped as already there), and only the bad one fails.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { pgDatabase, type PgDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

// 600 records in one batch: the writer upserts them 500 at a time, so the bad one (a NUL byte, which PostgreSQL text
// refuses) fails the second statement after the first has gone through.
const BAD = 550;
const products = Array.from({ length: 600 }, (_, i) => ({ id: `P${i}`, name: i === BAD ? 'Produto\u0000quebrado' : `Produto ${i}`, price: i }));

describe('postgres target: a batch failing part-way', () => {
  const tmp = tempDir();
  let db: PgDatabase;
  let engine: Engine;

  beforeAll(async () => {
    db = await pgDatabase();
    const file = join(tmp.dir, 'products.json');
    writeFileSync(file, JSON.stringify(products));
    const config = syncflowConfig.parse({
      syncOnStart: false,
      sources: [{ name: 'erp', kind: 'file', path: file, format: 'json', mapping: { fields: { id: 'id', name: 'name', price: 'price' } } }],
      targets: [{ name: 'supabase', kind: 'postgres', url: db.url, batchSize: 1000, maxRetries: 0 }],
    });
    engine = await Engine.open({ dataDir: join(tmp.dir, 'data'), config, fileLogs: false });
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
    tmp.cleanup();
  });

  it('sends and counts every good record once, fails the bad one, and leaves no row of the failed attempt', async () => {
    const [run] = await engine.syncNow({ full: false });
    expect(run!.counts).toMatchObject({ created: 600 });
    const [push] = await engine.pushTargets({ targets: ['supabase'] });
    expect(push!.counts).toEqual({ sent: 599, failed: 1, skipped: 0 });
    const rows = await db.query<{ ploomes_product_id: string }>('SELECT ploomes_product_id FROM products_enhanced');
    expect(rows).toHaveLength(599);
    expect(rows.map((r) => r.ploomes_product_id)).not.toContain(`P${BAD}`);
  });
});
