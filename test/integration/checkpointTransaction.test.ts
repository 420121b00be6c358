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
});
