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

  it('rewrites only changed columns, in any combination, and keeps search and browse indexes right', () => {
    db = openDatabase(join(tmp.dir, 'c.db'));
    const store = new CatalogStore(db);
    const now = '2026-01-01T00:00:00.000Z';
    // Product i changes the fields given by the bits of i: 255 column sets, past the cache of update statements.
    const change = (i: number): Partial<MappedProduct> => {
      const bit = (b: number) => (i & (1 << b)) !== 0;
      return {
        ...(bit(0) ? { name: `Bomba ${i}`, sourceUpdatedAt: `2026-02-01T00:00:${String(i % 60).padStart(2, '0')}.000Z` } : {}),
        ...(bit(1) ? { price: 100 + i } : {}),
        ...(bit(2) ? { brand: `Marca ${i}` } : {}),
        ...(bit(3) ? { stock: i } : {}),
        ...(bit(4) ? { tags: [`t${i}`] } : {}),
        ...(bit(5) ? { customFields: { n: i } } : {}),
        ...(bit(6) ? { active: false } : {}),
        ...(bit(7) ? { ncm: `8414.${i}` } : {}),
      };
    };
    const expected = new Map<string, MappedProduct>();
    for (let i = 1; i < 256; i++) {
      const p = product(String(i), change(i));
      store.upsert(product(String(i)), 1, now);
      expect(store.upsert(p, 2, now)).toBe('updated');
      expected.set(p.id, p);
    }
    for (const [id, p] of expected) {
      const got = store.get(id)!;
      expect({ ...got, syncVersion: 0, firstSeenAt: '', lastSyncedAt: '' }).toEqual({
        ...p, externalId: null, parentId: null, tags: p.tags ?? [], details: {}, syncVersion: 0, firstSeenAt: '', lastSyncedAt: '',
      });
      expect(store.search(searchInput.parse({ query: p.name })).items.some((h) => h.id === id)).toBe(true);
    }
    const byPrice = store.search(searchInput.parse({ sort: 'price', limit: 200 })).items.map((h) => h.price);
    expect(byPrice).toEqual([...expected.values()].map((p) => p.price).sort((a, b) => a! - b!).slice(0, 200));
    expect(store.search(searchInput.parse({ query: 'Bomba 255' })).items.map((h) => h.id)).toEqual(['255']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
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
