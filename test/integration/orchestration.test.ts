// Deletes found by a full sync, the mass-delete guard and dry runs, through the engine against a real HTTP source.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

/** Everything a sync can change, so "unchanged" is checked on the whole database, not on a count. */
function snapshot(dataDir: string) {
  const db = new Database(join(dataDir, 'catalog.db'), { readonly: true });
  try {
    return {
      products: db.prepare('SELECT id, name, price, checksum, sync_version, deleted_at FROM products ORDER BY id').all(),
      feed: db.prepare('SELECT seq, record_id, op FROM change_feed ORDER BY seq').all(),
      checkpoint: db.prepare('SELECT cursor, full_offset FROM checkpoints').all(),
    };
  } finally {
    db.close();
  }
}

describe('full-sync deletes, mass-delete guard, dry run', () => {
  let source: FaultySource;
  let engine: Engine;
  let tmp: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    tmp = tempDir();
    source = await startFaultySource(1000);
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({ sources: [faultySourceConfig('erp', source.url, { pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 100, totalPath: 'total' } })], syncOnStart: false }),
    });
    const [first] = await engine.syncNow({ full: false });
    expect(first!.counts.created).toBe(1000);
  });
  afterEach(async () => {
    await engine.close();
    await source.close();
    tmp.cleanup();
  });

  const remove = (from: number, to: number) => {
    for (let n = from; n <= to; n++) source.records.delete(fakeRecord(n).id);
  };

  it('a full sync tombstones what the source no longer has, with deleted entries in the change feed', async () => {
    remove(11, 60);
    const [run] = await engine.syncNow({ full: true });
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 50, unchanged: 950 } });
    expect(engine.catalog.count()).toBe(950);
    expect(await engine.getProduct({ id: fakeRecord(11).id })).toBeNull();
    const deletes = engine.catalog.changes({ limit: 100_000 }).filter((c) => c.op === 'deleted');
    expect(deletes.map((d) => d.recordId).sort()).toEqual(Array.from({ length: 50 }, (_, i) => fakeRecord(11 + i).id));
    expect(deletes.every((d) => d.runId === run!.id)).toBe(true);

    // A record that comes back is live again.
    const back = fakeRecord(11);
    source.records.set(back.id, back);
    const [again] = await engine.syncNow({ full: true });
    expect(again!.counts).toMatchObject({ updated: 1, deleted: 0 });
    expect((await engine.getProduct({ id: back.id }))?.name).toBe(back.name);
  });

  it('a pass that misses a record on a shifted page pages again instead of deleting it', async () => {
    // A shifted page makes the first pass miss a record; the second pass sees it, so nothing is wrongly deleted.
    source.faults.push({ kind: 'ok' }, { kind: 'shift' });
    const [run] = await engine.syncNow({ full: true });
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    expect(engine.catalog.count()).toBe(1000);
  });

  it('stops as needs_review before deleting more than 20% and leaves the catalog as it was', async () => {
    remove(1, 300);
    const before = snapshot(tmp.dir);
    const [run] = await engine.syncNow({ full: true });
    expect(run).toMatchObject({ status: 'needs_review', counts: { deleted: 0 }, error: { class: 'validation' } });
    expect(run!.error!.message).toMatch(/would delete 300 of 1000 records \(30\.0%/);
    const after = snapshot(tmp.dir);
    expect(after.products).toEqual(before.products);
    expect(after.feed).toEqual(before.feed);
    expect((await engine.listRuns({ limit: 5, status: 'needs_review' })).map((r) => r.id)).toEqual([run!.id]);

    // The operator has looked: the same deletes, allowed.
    const [allowed] = await engine.sync({ source: 'erp', full: true, allowMassDelete: true });
    expect(allowed).toMatchObject({ status: 'succeeded', counts: { deleted: 300 } });
    expect(engine.catalog.count()).toBe(700);
  });

  it('stops as needs_review when the source suddenly returns nothing', async () => {
    source.records.clear();
    const before = snapshot(tmp.dir);
    const [run] = await engine.syncNow({ full: true });
    expect(run).toMatchObject({ status: 'needs_review', counts: { fetched: 0, deleted: 0 } });
    expect(snapshot(tmp.dir).products).toEqual(before.products);
  });

  it('a dry run reports creates, updates and deletes without writing anything', async () => {
    remove(1, 5);
    for (const n of [100, 200, 300]) source.records.set(fakeRecord(n).id, fakeRecord(n, 2));
    for (const n of [2001, 2002]) source.records.set(fakeRecord(n).id, fakeRecord(n));
    const before = snapshot(tmp.dir);
    const [dry] = await engine.sync({ source: 'erp', full: true, dryRun: true });
    expect(dry).toMatchObject({ status: 'succeeded', dryRun: true, counts: { created: 2, updated: 3, deleted: 5, unchanged: 992 } });
    expect(dry!.strategyReason).toMatch(/^dry run, nothing written/);
    expect(snapshot(tmp.dir)).toEqual(before);

    const [real] = await engine.syncNow({ full: true });
    expect(real!.counts).toMatchObject({ created: 2, updated: 3, deleted: 5, unchanged: 992 });
    expect(snapshot(tmp.dir)).not.toEqual(before);
  });
});
