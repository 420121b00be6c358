// Property: whatever order edits of three sources arrive in (their own update times shuffled against arrival),
// the catalog record equals the entity's policy applied to the sources' final states, on a real SQLite file.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { entityCatalogConfig, type CatalogConfig, type ConflictPolicy } from '../../src-shared/catalogConfig.js';
import type { MappedProduct } from '../../src-shared/domain.js';
import { CatalogHub } from '../../src-main/engine/hub/catalogHub.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { openDatabase } from '../../src-main/engine/store/database.js';
import { RecordStore } from '../../src-main/engine/store/recordStore.js';
import { tempDir } from '../helpers/tmp.js';

const sources = ['erp', 'crm', 'shop'] as const;
const fields = ['price', 'description', 'stock'] as const;
type Field = (typeof fields)[number];
type Values = Record<Field, unknown>;
const t = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();

const edit = fc.record({
  source: fc.constantFrom(...sources),
  time: fc.integer({ min: 0, max: 40 }),
  price: fc.constantFrom(10, 20, 30),
  description: fc.constantFrom(null, 'a', 'b'),
  stock: fc.constantFrom(null, 0, 5),
});
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

const rule = { priority: ['crm', 'erp'], owners: { price: 'erp', stock: 'shop' } };

/** The sources' final states as the hub defines them: an edit older than the one applied is ignored. */
function finalStates(edits: Edit[]) {
  const state = new Map<string, { time: number; values: Values; times: Record<Field, number> }>();
  for (const e of edits) {
    const prev = state.get(e.source);
    if (prev && e.time < prev.time) continue;
    const times = {} as Record<Field, number>;
    for (const f of fields) times[f] = prev && prev.values[f] === e[f] ? prev.times[f] : e.time;
    state.set(e.source, { time: e.time, values: { price: e.price, description: e.description, stock: e.stock }, times });
  }
  return state;
}

function expected(policy: ConflictPolicy, edits: Edit[]): Values {
  const states = finalStates(edits);
  const rank = (s: string) => (rule.priority.includes(s) ? rule.priority.indexOf(s) : 99);
  const ordered = [...states.entries()].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const lastWrite = (f: Field) => ordered.reduce((best, cur) => (cur[1].times[f] > best[1].times[f] ? cur : best))[1].values[f];
  const out = {} as Values;
  for (const f of fields) {
    if (policy === 'priority') out[f] = (ordered.find(([, s]) => s.values[f] !== null) ?? ordered[0]!)[1].values[f];
    else if (policy === 'ownership' && f in rule.owners && states.has(rule.owners[f as 'price'])) out[f] = states.get(rule.owners[f as 'price'])!.values[f];
    else out[f] = lastWrite(f);
  }
  return out;
}

describe('catalog hub property', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let n = 0;

  async function replay(policy: ConflictPolicy, edits: Edit[]) {
    const db = openDatabase(join(tmp.dir, `p${++n}.db`));
    const catalog = new CatalogStore(db);
    const rules: CatalogConfig = { products: entityCatalogConfig.parse({ match: 'code', policy, ...rule }) };
    const hub = new CatalogHub(db, catalog, new RecordStore(db), { rules: () => rules });
    edits.forEach((e, i) => {
      const p: MappedProduct = {
        id: `${e.source}-1`, source: e.source, externalId: null, name: 'Compressor', code: 'X-1', description: e.description,
        type: 'product', category: null, subcategory: null, brand: null, price: e.price, currency: 'BRL', stock: e.stock,
        unit: 'UN', active: true, ncm: null, customFields: {}, sourceUpdatedAt: t(e.time),
      };
      db.transaction(() => hub.applyPage('products', [prepareProduct(p)], i + 1, t(1000 + i)))();
    });
    const live = [...catalog.iterate()];
    const conflicts = hub.links.listConflicts({ status: 'open', limit: 10 });
    // The store's checkpoint worker writes next to the file: stopped before the file goes.
    await catalog.close();
    db.close();
    expect(live).toHaveLength(1);
    return { got: { price: live[0]!.price, description: live[0]!.description, stock: live[0]!.stock } as Values, conflicts };
  }

  it.each(['last-write', 'priority', 'ownership'] as const)('%s: the catalog equals the policy applied to the final source states', async (policy) => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 12 }), async (edits) => {
        expect((await replay(policy, edits)).got).toEqual(expected(policy, edits));
      }),
      { numRuns: 60 },
    );
  });

  it('review: agreed fields take the value; disagreeing ones hold a source value or wait in a conflict', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 12 }), async (edits) => {
        const { got, conflicts } = await replay('review', edits);
        const states = [...finalStates(edits).values()];
        for (const f of fields) {
          const values = new Set(states.map((s) => JSON.stringify(s.values[f])));
          if (values.size === 1) expect(JSON.stringify(got[f])).toBe([...values][0]);
          else {
            const held = conflicts[0]?.fields.find((c) => c.field === f);
            if (held) expect(new Set(held.candidates.map((c) => JSON.stringify(c.value)))).toEqual(values);
            else expect(values.has(JSON.stringify(got[f]))).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
