import fc from 'fast-check';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { MappedProduct } from '../../src-shared/domain.js';
import { searchInput } from '../../src-shared/api.js';
import { CatalogStore, toFtsQuery } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, SchemaTooNewError, type Db } from '../../src-main/engine/store/database.js';
import { latestSchemaVersion } from '../../src-main/engine/store/migrations.js';
import { tempDir } from '../helpers/tmp.js';

const product = (id: string, over: Partial<MappedProduct> = {}): MappedProduct => ({
  id, source: 's', externalId: null, name: `Compressor ${id}`, code: `ATL-${id}`, description: 'Máquina de ar comprimido',
  type: 'product', category: 'Compressores', subcategory: null, brand: 'Atlas Copco', price: 10, currency: 'BRL',
  stock: 1, unit: 'UN', active: true, ncm: null, customFields: {}, sourceUpdatedAt: null, ...over,
});

describe('catalog store', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let db: Db | undefined;
  afterEach(() => db?.close());

  it('creates, skips unchanged by checksum, updates with old and new values in the change feed', () => {
    db = openDatabase(join(tmp.dir, 'a.db'));
    const store = new CatalogStore(db);
    const now = '2026-01-01T00:00:00.000Z';
    expect(store.upsert(product('1'), 1, now)).toBe('created');
    expect(store.upsert(product('1'), 2, now)).toBe('unchanged');
    expect(store.upsert(product('1', { price: 12 }), 3, now)).toBe('updated');
    const feed = store.changes({ recordId: '1' });
    expect(feed.map((f) => f.op)).toEqual(['created', 'updated']);
    expect(feed[1]!.changes).toEqual({ price: [10, 12] });
    expect(feed[1]!.runId).toBe(3);
    expect(store.get('1')!.syncVersion).toBe(2);
  });

  it('never throws on hostile search text, and searches it as text', () => {
    db = openDatabase(join(tmp.dir, 'b.db'));
    const store = new CatalogStore(db);
    store.upsert(product('1', { name: 'Filtro "AND" (OR) -x *' }), 1, 'now');
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        const r = store.search(searchInput.parse({ query: q }));
        expect(r.total).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
    for (const q of ['"', 'AND', 'OR (', 'NEAR(', '-x', '*', 'máquina', 'maquina"']) {
      expect(() => store.search(searchInput.parse({ query: q }))).not.toThrow();
    }
    expect(store.search(searchInput.parse({ query: 'AND' })).total).toBe(1);
    expect(toFtsQuery('  ')).toBeNull();
    expect(toFtsQuery('ATL-GA30 com')).toBe('"ATL-GA30" "com"*');
  });

  it('refuses a database written by a newer Syncflow, with a clear message', () => {
    const file = join(tmp.dir, 'new.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer Syncflow/);
  });
});
