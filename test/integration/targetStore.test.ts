// A target's offset and ledger on a real migrated SQLite file: the offset starts at 0, moves only with a committed
// batch (ledger rows and offset together, or neither), lag counts range entries as the records they cover, and a
// rewind forgets both for that target only.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { TargetStore } from '../../src-main/engine/targets/targetStore.js';
import { tempDir } from '../helpers/tmp.js';

describe('target store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let store: TargetStore;
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 't.db'));
    store = new TargetStore(db);
    const feed = db.prepare(
      "INSERT INTO change_feed (seq, entity, record_id, op, at, first_rowid, last_rowid) VALUES (?, 'products', ?, 'created', ?, ?, ?)",
    );
    feed.run(1, 'a', '2026-01-01T00:00:01.000Z', null, null);
    // A bulk creation: one range entry for rows 10..19.
    feed.run(2, '', '2026-01-01T00:00:02.000Z', 10, 19);
    feed.run(3, 'b', '2026-01-01T00:00:03.000Z', null, null);
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('starts at 0 with everything unread; lag counts a range entry as its records', () => {
    expect(store.offset('erp')).toBe(0);
    expect(store.lag('erp')).toBe(12);
    expect(store.firstUnreadAt(0)).toBe('2026-01-01T00:00:01.000Z');
    expect(store.firstUnreadAt(2)).toBe('2026-01-01T00:00:03.000Z');
    expect(store.firstUnreadAt(3)).toBeNull();
    expect(store.ledger('erp', 'products', 'a')).toBeNull();
  });

  it('a commit moves the offset and writes the ledger together; a failure inside it keeps neither', () => {
    store.commit('erp', 2, [{ entity: 'products', id: 'a', hash: 'h1', version: 1 }], '2026-01-02T00:00:00.000Z');
    expect(store.offset('erp')).toBe(2);
    expect(store.lag('erp')).toBe(1);
    expect(store.ledger('erp', 'products', 'a')).toEqual({ hash: 'h1', version: 1 });
    expect(store.ledger('erp', 'other', 'a')).toBeNull();
    expect(store.offset('crm')).toBe(0);
    expect(() =>
      store.commit('erp', 3, [{ entity: 'products', id: 'a', hash: 'h2', version: 2 }], '2026-01-03T00:00:00.000Z', () => {
        throw new Error('progress write failed');
      }),
    ).toThrow('progress write failed');
    expect(store.offset('erp')).toBe(2);
    expect(store.ledger('erp', 'products', 'a')).toEqual({ hash: 'h1', version: 1 });
    let extraRan = false;
    store.commit('erp', 3, [{ entity: 'products', id: 'a', hash: 'h2', version: 2 }, { entity: 'products', id: 'b', hash: 'h3', version: 1 }], '2026-01-03T00:00:00.000Z', () => {
      extraRan = true;
    });
    expect(extraRan).toBe(true);
    expect(store.offset('erp')).toBe(3);
    expect(store.lag('erp')).toBe(0);
    expect(store.ledger('erp', 'products', 'a')).toEqual({ hash: 'h2', version: 2 });
    expect(store.ledger('erp', 'products', 'b')).toEqual({ hash: 'h3', version: 1 });
    expect(db.prepare("SELECT updated_at FROM target_offsets WHERE target = 'erp'").pluck().get()).toBe('2026-01-03T00:00:00.000Z');
  });

  it('a rewind forgets the offset and ledger of that target only', () => {
    store.commit('erp', 3, [{ entity: 'products', id: 'a', hash: 'h1', version: 1 }], '2026-01-02T00:00:00.000Z');
    store.commit('crm', 1, [{ entity: 'products', id: 'a', hash: 'h9', version: 4 }], '2026-01-02T00:00:00.000Z');
    store.rewind('erp');
    expect(store.offset('erp')).toBe(0);
    expect(store.lag('erp')).toBe(12);
    expect(store.ledger('erp', 'products', 'a')).toBeNull();
    expect(store.offset('crm')).toBe(1);
    expect(store.ledger('crm', 'products', 'a')).toEqual({ hash: 'h9', version: 4 });
  });

  it('marks records about to be sent only where the ledger knows nothing, and a commit then overwrites the mark', () => {
    store.commit('erp', 1, [{ entity: 'products', id: 'a', hash: 'h1', version: 3 }], '2026-01-02T00:00:00.000Z');
    store.sending('erp', []);
    store.sending('erp', [
      { entity: 'products', id: 'a' },
      { entity: 'products', id: 'b' },
    ]);
    expect(store.ledger('erp', 'products', 'a')).toEqual({ hash: 'h1', version: 3 });
    expect(store.ledger('erp', 'products', 'b')).toEqual({ hash: 'sending', version: 0 });
    expect(store.ledger('crm', 'products', 'b')).toBeNull();
    // The offset does not move until the batch commits.
    expect(store.offset('erp')).toBe(1);
    store.commit('erp', 3, [{ entity: 'products', id: 'b', hash: 'h2', version: 1 }], '2026-01-03T00:00:00.000Z');
    expect(store.ledger('erp', 'products', 'b')).toEqual({ hash: 'h2', version: 1 });
  });
});
