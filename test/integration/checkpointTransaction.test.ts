// The checkpoint is committed in the same transaction as its page's records: when the commit of page 2 fails, the
// catalog holds exactly page 1 and the checkpoint points at its end, and the next run resumes there.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';

describe('checkpoint in the page transaction', () => {
  let source: FaultySource;
  let h: Harness;
  afterEach(async () => {
    await h.close();
    await source.close();
  });

  it('a failed commit of page 2 leaves page 1 and its checkpoint, and the next run resumes after it', async () => {
    source = await startFaultySource(500);
    h = await openSource(faultySourceConfig('erp', source.url, { pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 100, totalPath: 'total' } }));
    // A second connection installs the failure: writing page 2's checkpoint aborts its transaction.
    const db = new Database(join(h.dir, 'catalog.db'));
    for (const op of ['INSERT', 'UPDATE']) {
      db.exec(`CREATE TRIGGER fail_page2_${op} BEFORE ${op} ON checkpoints WHEN NEW.full_offset = 200
               BEGIN SELECT RAISE(ABORT, 'injected: the commit of page 2 fails'); END`);
    }
    const failed = await h.sync(true);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/commit of page 2 fails/);
    expect(h.engine.runs.checkpoint('erp')?.fullOffset).toBe(100);
    const ids = (db.prepare('SELECT id FROM products ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => fakeRecord(i + 1).id));

    db.exec('DROP TRIGGER fail_page2_INSERT; DROP TRIGGER fail_page2_UPDATE');
    db.close();
    const resumed = await h.sync(true);
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { created: 400 } });
    expect(resumed.strategyReason).toMatch(/resuming an interrupted full sync at record 100/);
    expect(h.engine.catalog.count('erp')).toBe(500);
  });

  it('a keyset pass resumes after the last committed key, not by skipping records', async () => {
    source = await startFaultySource(500);
    h = await openSource(faultySourceConfig('erp', source.url, { pagination: { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 100 } }));
    expect((await h.sync(true)).counts.created).toBe(500);
    const db = new Database(join(h.dir, 'catalog.db'));
    db.exec(`CREATE TRIGGER fail_page3 BEFORE UPDATE ON checkpoints WHEN NEW.full_offset = 300
             BEGIN SELECT RAISE(ABORT, 'injected: the commit of page 3 fails'); END`);
    expect((await h.sync(true)).status).toBe('failed');
    expect(h.engine.runs.checkpoint('erp')).toMatchObject({ fullOffset: 200, fullKey: fakeRecord(200).id });
    db.exec('DROP TRIGGER fail_page3');
    db.close();
    // Meanwhile one record before the key goes (a resume by count would now skip R000201) and one after it.
    source.records.delete(fakeRecord(1).id);
    source.records.delete(fakeRecord(250).id);
    const resumed = await h.sync(true);
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { unchanged: 299, deleted: 1 } });
    expect(await h.engine.getProduct({ id: fakeRecord(250).id })).toBeNull();
    // Resumed by key, the listing proves the delete by itself (a resume by count would have needed a second one).
    expect(resumed.notes).toContain('1 delete(s) proven by absence from a listing that cannot skip records');
    // R000001 was read by the killed run before it went: kept until the next pass.
    expect(h.engine.catalog.count('erp')).toBe(499);
  });
});
