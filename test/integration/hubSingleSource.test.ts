// The single-source write path under the catalog hub (issue 14: "nothing of this may slow the single-source path"):
// with no match rule and no pins, a page written through the hub runs exactly the statements the product store runs
// on its own (bulk load and re-sync alike), plus one look-up of the source's pinned ids per engine, and leaves the
// hub's tables empty. Counted on real SQLite files by wrapping better-sqlite3's statement methods.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogHub } from '../../src-main/engine/hub/catalogHub.js';
import { CatalogStore, type PreparedProduct } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { RecordStore } from '../../src-main/engine/store/recordStore.js';
import { productChunks } from '../bench/benchData.js';
import { tempDir } from '../helpers/tmp.js';

const at = '2026-11-23T00:00:00.000Z';
type Write = (rows: PreparedProduct[], run: number, defer: boolean) => void;

/** Executions per SQL text on one connection, from the moment it is called. */
function countStatements(db: Db): Map<string, number> {
  const counts = new Map<string, number>();
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['run', 'get', 'all', 'iterate']) {
    const orig = proto[m]!;
    if ((orig as { counted?: boolean }).counted) continue;
    const wrapped = function (this: Database.Statement & { database: Db }, ...a: unknown[]) {
      counters.get(this.database)?.set(this.source, (counters.get(this.database)!.get(this.source) ?? 0) + 1);
      return orig.apply(this, a);
    };
    (wrapped as { counted?: boolean }).counted = true;
    proto[m] = wrapped;
  }
  counters.set(db, counts);
  return counts;
}
const counters = new Map<Db, Map<string, number>>();

describe('single-source path under the hub', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  async function load(name: string, viaHub: boolean) {
    const db = openDatabase(join(tmp.dir, `${name}.db`));
    const store = new CatalogStore(db);
    let write: Write = (rows, run, defer) => store.applyPage(rows, run, at, { deferIndex: defer });
    let hub: CatalogHub | null = null;
    if (viaHub) {
      hub = new CatalogHub(db, store, new RecordStore(db), { rules: () => ({}) });
      const h = hub;
      write = (rows, run, defer) => h.applyPage('products', rows, run, at, { deferIndex: defer });
    }
    const counts = countStatements(db);
    // A bulk load of 4 pages, then a re-sync of the same rows with 1% changed, as a sync writes them.
    for (const chunk of productChunks(1200, 300)) {
      db.transaction(() => write(chunk, 1, true))();
      store.pageCommitted();
    }
    await store.finishBulk();
    for (const chunk of productChunks(1200, 300, { changeEvery: 100 })) db.transaction(() => write(chunk, 2, false))();
    counters.delete(db);
    const products = [...store.iterate()];
    const feed = db.prepare('SELECT entity, record_id, source, origin, version, op, run_id, changes, first_rowid, last_rowid FROM change_feed ORDER BY seq').all();
    const hubRows = db.prepare('SELECT (SELECT count(*) FROM hub_links) + (SELECT count(*) FROM hub_records) + (SELECT count(*) FROM hub_conflicts) AS n').pluck().get();
    await store.close();
    db.close();
    return { counts, products, feed, hubRows };
  }

  it('runs the store’s statements and nothing per record', async () => {
    const bare = await load('store', false);
    const hub = await load('hub', true);
    const hubOnly = [...hub.counts].filter(([sql]) => !bare.counts.has(sql));
    // The pinned ids of the source, once (cached for every later page of the engine).
    expect(hubOnly).toEqual([['SELECT id FROM hub_records WHERE entity = ? AND source = ? AND pinned > 0', 1]]);
    for (const [sql, n] of bare.counts) expect([sql, hub.counts.get(sql)]).toEqual([sql, n]);
    expect(hub.hubRows).toBe(0);
    expect(hub.products).toEqual(bare.products);
    expect(hub.feed).toEqual(bare.feed);
  });

  it('keeps the bulk path: one change-feed range per page, then one entry per changed record', async () => {
    const { feed, products } = await load('feed', true);
    expect(products).toHaveLength(1200);
    const ranges = feed.filter((e) => (e as { first_rowid: number | null }).first_rowid !== null);
    expect(ranges).toHaveLength(4);
    const updates = feed.filter((e) => (e as { op: string }).op === 'updated');
    expect(updates).toHaveLength(12);
    expect(updates[0]).toMatchObject({ source: 'bench', origin: 'bench', version: 2, run_id: 2 });
    expect(feed).toHaveLength(16);
  });
});
