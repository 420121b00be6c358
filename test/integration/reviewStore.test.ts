// What waits for an operator, on a real migrated SQLite file: quarantine entries grouped per record with their first
// and last sighting, closed with every earlier sighting, resolved when the record loads; held deletes with their
// list, filtered, decided and superseded; and which held ids may still be deleted.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { ReviewStore } from '../../src-main/engine/store/reviewStore.js';
import { RunStore } from '../../src-main/engine/store/runStore.js';
import { tempDir } from '../helpers/tmp.js';

const product = (id: string, source = 's'): MappedProduct => ({
  id, source, externalId: null, name: `Bomba ${id}`, code: `C-${id}`, description: null, type: 'product', category: null,
  subcategory: null, brand: null, price: 1, currency: 'BRL', stock: 1, unit: 'UN', active: true, ncm: null,
  customFields: {}, sourceUpdatedAt: null,
});
const t = (m: number) => `2026-03-01T10:${String(m).padStart(2, '0')}:00.000Z`;

describe('review store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let reviews: ReviewStore;
  let runs: RunStore;
  let catalog: CatalogStore;
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'r.db'));
    reviews = new ReviewStore(db);
    runs = new RunStore(db);
    catalog = new CatalogStore(db);
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('lists one open entry per record with its first and last sighting; keyless entries stand alone', () => {
    runs.quarantine('s', 1, 'A', 'required:name', 'name is empty', { id: 'A', v: 1 }, t(1));
    runs.quarantine('s', 2, 'A', 'type:price', 'price is not a number', { id: 'A', v: 2 }, t(2));
    runs.quarantine('s', 2, null, 'required:id', 'no id', { v: 3 }, t(3));
    runs.quarantine('s', 2, null, 'required:id', 'no id', { v: 4 }, t(4));
    runs.quarantine('o', 2, 'A', 'required:name', 'name is empty', { id: 'A' }, t(5));
    const all = reviews.openQuarantine({ limit: 10, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.items.map((i) => [i.source, i.recordKey, i.occurrences])).toEqual([
      ['o', 'A', 1],
      ['s', null, 1],
      ['s', null, 1],
      ['s', 'A', 2],
    ]);
    const a = all.items[3]!;
    expect(a).toMatchObject({ runId: 2, rule: 'type:price', reason: 'price is not a number', payload: { id: 'A', v: 2 } });
    expect([a.firstSeenAt, a.lastSeenAt]).toEqual([t(1), t(2)]);
    const page = reviews.openQuarantine({ source: 's', limit: 2, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.payload)).toEqual([{ v: 3 }, { id: 'A', v: 2 }]);
    expect(reviews.openCount('s')).toBe(4);
    expect(reviews.openIds('s')).toEqual([2, 3, 4]);
    expect(reviews.openIds()).toEqual([2, 3, 4, 5]);
    expect(reviews.get(2)).toMatchObject({ id: 2, recordKey: 'A', occurrences: 2, firstSeenAt: t(1) });
    expect(reviews.get(99)).toBeNull();
    expect(reviews.ofRun(2).map((i) => i.id)).toEqual([2, 3, 4, 5]);
    expect(reviews.ofRun(2, 1).map((i) => i.id)).toEqual([2]);
  });

  it('closing an entry closes every earlier sighting of its record, not other records; a refail replaces the rule', () => {
    runs.quarantine('s', 1, 'A', 'r1', 'x', {}, t(1));
    runs.quarantine('s', 2, 'A', 'r1', 'x', {}, t(2));
    runs.quarantine('s', 2, 'B', 'r1', 'x', {}, t(3));
    runs.quarantine('o', 2, 'A', 'r1', 'x', {}, t(4));
    runs.quarantine('s', 2, null, 'r1', 'x', {}, t(5));
    reviews.refail(3, 'r2', 'still bad', t(6));
    expect(reviews.get(3)).toMatchObject({ rule: 'r2', reason: 'still bad', lastSeenAt: t(6) });
    reviews.close(2, 'dismissed', t(7));
    expect(reviews.openIds()).toEqual([3, 4, 5]);
    expect(reviews.openCount('s')).toBe(2);
    reviews.close(5, 'resolved', t(8));
    expect(reviews.openIds()).toEqual([3, 4]);
    // Closing again does not move the time it was closed.
    reviews.close(2, 'dismissed', t(9));
    const at = db.prepare('SELECT id, dismissed_at, resolved_at FROM quarantine ORDER BY id').all();
    expect(at).toEqual([
      { id: 1, dismissed_at: t(7), resolved_at: null },
      { id: 2, dismissed_at: t(7), resolved_at: null },
      { id: 3, dismissed_at: null, resolved_at: null },
      { id: 4, dismissed_at: null, resolved_at: null },
      { id: 5, dismissed_at: null, resolved_at: t(8) },
    ]);
  });

  it('records that load later resolve their open entries, of that source only; dismissed ones stay dismissed', () => {
    runs.quarantine('s', 1, 'A', 'r', 'x', {}, t(1));
    runs.quarantine('s', 1, 'B', 'r', 'x', {}, t(1));
    runs.quarantine('s', 1, 'C', 'r', 'x', {}, t(1));
    runs.quarantine('o', 1, 'A', 'r', 'x', {}, t(1));
    reviews.close(3, 'dismissed', t(2));
    reviews.resolveKeys('s', [], t(3));
    expect(reviews.openCount('s')).toBe(2);
    reviews.resolveKeys('s', ['A', 'C', 'Z'], t(4));
    expect(reviews.openIds()).toEqual([2, 4]);
    const c = db.prepare('SELECT resolved_at, dismissed_at FROM quarantine WHERE id = 3').get();
    expect(c).toEqual({ resolved_at: null, dismissed_at: t(2) });
  });

  it('holds deletes with their list; filters by status, source and run; a newer hold supersedes; decisions are kept', () => {
    db.transaction(() => catalog.applyPage(['1', '2', '3', '4'].map((id) => prepareProduct(product(id))), 1, t(0)))();
    reviews.holdDeletes({ runId: 10, source: 's', reason: 'too many', live: 4, ids: ['2', '1', '1'], at: t(1) });
    const [held] = reviews.reviews({ limit: 10 });
    expect(held).toEqual({
      runId: 10, source: 's', reason: 'too many', live: 4, missing: 3, createdAt: t(1), status: 'pending',
      decidedAt: null, decidedRunId: null,
      records: [
        { id: '1', name: 'Bomba 1', code: 'C-1' },
        { id: '2', name: 'Bomba 2', code: 'C-2' },
      ],
    });
    expect(reviews.reviews({ limit: 1 })[0]!.records.map((r) => r.id)).toEqual(['1']);
    reviews.holdDeletes({ runId: 11, source: 'o', reason: 'other', live: 9, ids: ['x'], at: t(2) });
    reviews.holdDeletes({ runId: 12, source: 's', reason: 'again', live: 4, ids: ['3'], at: t(3) });
    expect(reviews.reviews({ status: 'pending', limit: 10 }).map((r) => r.runId)).toEqual([12, 11]);
    expect(reviews.reviews({ status: 'superseded', limit: 10 })).toMatchObject([{ runId: 10, decidedAt: t(3) }]);
    expect(reviews.reviews({ source: 'o', limit: 10 }).map((r) => r.runId)).toEqual([11]);
    expect(reviews.reviews({ runId: 12, source: 's', limit: 10 }).map((r) => r.runId)).toEqual([12]);
    expect(reviews.reviews({ runId: 12, source: 'o', limit: 10 })).toEqual([]);
    reviews.decide(12, 'approved', t(4), 13);
    expect(reviews.reviews({ runId: 12, limit: 10 })[0]).toMatchObject({ status: 'approved', decidedAt: t(4), decidedRunId: 13 });
    reviews.supersede('s', t(5));
    expect(reviews.reviews({ runId: 12, limit: 10 })[0]).toMatchObject({ status: 'approved', decidedAt: t(4) });
    expect(reviews.reviews({ runId: 11, limit: 10 })[0]!.status).toBe('pending');
  });

  it('deletable ids: held, still live, of that source, and not synced again after the hold', () => {
    db.transaction(() => catalog.applyPage(['1', '2', '3', '4'].map((id) => prepareProduct(product(id))), 1, t(0)))();
    db.transaction(() => catalog.applyPage([prepareProduct(product('5', 'o'))], 1, t(0)))();
    reviews.holdDeletes({ runId: 20, source: 's', reason: 'r', live: 5, ids: ['1', '2', '3', '5'], at: t(1) });
    db.prepare('UPDATE products SET deleted_at = ? WHERE id = ?').run(t(2), '2');
    // Synced again after the hold: evidently still at the source.
    db.prepare('UPDATE products SET last_synced_at = ? WHERE id = ?').run(t(3), '3');
    expect(reviews.deletableIds(20, 's', t(1))).toEqual(['1']);
    expect(reviews.deletableIds(20, 'o', t(1))).toEqual(['5']);
    expect(reviews.deletableIds(99, 's', t(1))).toEqual([]);
  });
});
