// A two-way link between two systems (two json-server CRMs, each a REST source and a REST target of the same
// customers, one catalog record per customer by a match rule): 100 rounds of random edits on both sides, each
// followed by sync A, sync B, push A, push B. Both systems and the catalog converge to the edits (last write per
// field: B wins a field both changed in the same round, being synced last; a value read back from our own push is
// not a newer write), the change feed grows only with the edits, and quiet rounds change and send nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { jsonServerCustomers, startJsonServer } from '../fixtures/jsonServer.js';
import { tempDir } from '../helpers/tmp.js';

type Customer = { id: string; name: string; city: string };
type Crm = Awaited<ReturnType<typeof startJsonServer>>;

/** A small seeded PRNG, so a failure replays. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const initial: Customer[] = Array.from({ length: 12 }, (_, i) => ({ id: `C${i}`, name: `Cliente ${i}`, city: 'Joinville' }));

async function list(crm: Crm): Promise<Customer[]> {
  const res = await fetch(`${crm.url}/customers?_sort=id`);
  return ((await res.json()) as Customer[]).map(({ id, name, city }) => ({ id, name, city }));
}

async function write(crm: Crm, c: Customer, create: boolean): Promise<void> {
  const res = await fetch(create ? `${crm.url}/customers` : `${crm.url}/customers/${c.id}`, {
    method: create ? 'POST' : 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(c),
  });
  expect(res.ok).toBe(true);
}

describe('two-way link between two systems', () => {
  const tmp = tempDir();
  let a: Crm;
  let b: Crm;
  let engine: Engine;

  beforeAll(async () => {
    a = await startJsonServer({ customers: initial.map((c) => ({ ...c })) });
    b = await startJsonServer({ customers: initial.map((c) => ({ ...c })) });
    const side = (name: string, url: string) => jsonServerCustomers(name, url, { id: 'id', ref: 'id', name: 'name', city: 'city' });
    const config = syncflowConfig.parse({
      syncOnStart: false,
      resilience: { maxRetries: 0 },
      sources: [side('crm-a', a.url), side('crm-b', b.url)],
      // The same customers live in both systems under the same ids: one catalog record per customer.
      catalog: { customers: { match: 'ref', policy: 'last-write' } },
      targets: [
        { name: 'to-a', kind: 'rest', entity: 'customers', source: 'crm-a', baseUrl: a.url, path: '/customers', mapping: { fields: { name: 'name', city: 'city' } } },
        { name: 'to-b', kind: 'rest', entity: 'customers', source: 'crm-b', baseUrl: b.url, path: '/customers', mapping: { fields: { name: 'name', city: 'city' } } },
      ],
    });
    engine = await Engine.open({ dataDir: tmp.dir, config, fileLogs: false });
  });

  afterAll(async () => {
    await engine.close();
    await a.close();
    await b.close();
    tmp.cleanup();
  });

  const feedSize = () => engine.catalog.changes({ limit: 1_000_000 }).length;
  async function round(): Promise<number> {
    let sent = 0;
    for (const source of ['crm-a', 'crm-b']) {
      const [run] = await engine.syncNow({ source, full: false });
      expect(run!.status).toBe('succeeded');
    }
    for (const p of await engine.pushTargets({})) {
      expect(p.status).toBe('succeeded');
      sent += p.counts.sent;
    }
    return sent;
  }

  it('converges over 100 rounds of random edits, with no growth in changes and no ping-pong', async () => {
    const random = rng(14);
    // The catalog's rule is last write per field: a side's field wins from the sync where it changed against what
    // that side held at its previous sync (A syncs before B in a round, so B wins a field both changed).
    type Side = Map<string, Customer>;
    const fields = ['name', 'city'] as const;
    const system: [Side, Side] = [new Map(initial.map((c) => [c.id, { ...c }])), new Map(initial.map((c) => [c.id, { ...c }]))];
    const held: [Side, Side] = [new Map(), new Map()];
    const times: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
    const model = new Map<string, Customer>();
    let clock = 0;
    const modelNow = () => [...model.values()].sort((x, y) => x.id.localeCompare(y.id));
    const catalogNow = () => [...engine.records.iterate('customers')].map((c) => ({ id: c.id, name: c.data.name, city: c.data.city }));
    const merged = (id: string): Customer => {
      const out = { id } as Customer;
      for (const f of fields) {
        const ta = times[0].get(`${id}.${f}`) ?? -1;
        const tb = times[1].get(`${id}.${f}`) ?? -1;
        out[f] = (tb > ta ? held[1].get(id)! : held[0].get(id) ?? held[1].get(id)!)[f];
      }
      return out;
    };
    const simulateRound = (): void => {
      for (const i of [0, 1] as const) {
        clock++;
        for (const [id, c] of system[i]) {
          const before = held[i].get(id);
          for (const f of fields) if (!before || before[f] !== c[f]) times[i].set(`${id}.${f}`, clock);
          held[i].set(id, { ...c });
        }
        for (const id of new Set([...held[0].keys(), ...held[1].keys()])) model.set(id, merged(id));
      }
      for (const side of system) for (const [id, c] of model) side.set(id, { ...c });
      // The pushes: a side that held a record now holds the catalog's values, each as of the write it came from.
      for (const i of [0, 1] as const) {
        for (const [id, c] of model) {
          const h = held[i].get(id);
          if (!h) continue;
          for (const f of fields) {
            if (h[f] === c[f]) continue;
            h[f] = c[f];
            times[i].set(`${id}.${f}`, times[1 - i]!.get(`${id}.${f}`)!);
          }
        }
      }
    };
    simulateRound();
    await round();
    const start = feedSize();
    let edits = 0;
    let created = 0;
    for (let r = 0; r < 100; r++) {
      // Edits of this round per side; B's are applied to the model last, as B is synced last.
      const perSide: [Crm, Customer, boolean][][] = [[], []];
      for (const [i, crm] of [a, b].entries()) {
        const n = Math.floor(random() * 3);
        for (let k = 0; k < n; k++) {
          const ids = [...model.keys()];
          if (random() < 0.15) {
            const c = { id: `${i ? 'B' : 'A'}${++created}`, name: `Novo ${created}`, city: 'Curitiba' };
            perSide[i]!.push([crm, c, true]);
          } else {
            const id = ids[Math.floor(random() * ids.length)]!;
            const c = { id, name: `${i ? 'b' : 'a'}${r}-${k}`, city: random() < 0.5 ? 'Joinville' : 'Blumenau' };
            perSide[i]!.push([crm, c, false]);
          }
        }
      }
      for (const side of perSide) {
        for (const [crm, c, create] of side) {
          await write(crm, c, create);
          edits++;
        }
      }
      for (const [i, side] of perSide.entries()) for (const [, c] of side) system[i]!.set(c.id, { ...c });
      simulateRound();
      await round();
      // The catalog follows the rule after every round, not only at the end.
      expect(catalogNow(), `round ${r}`).toEqual(modelNow());
    }
    const expected = modelNow();
    expect(catalogNow()).toEqual(expected);
    expect(await list(a)).toEqual(expected);
    expect(await list(b)).toEqual(expected);
    // Each edit makes at most one catalog change; echoes make none.
    expect(feedSize() - start).toBeLessThanOrEqual(edits);
    expect(edits).toBeGreaterThan(50);
    // Quiet rounds: nothing changes, nothing is sent.
    const settled = feedSize();
    expect(await round()).toBe(0);
    expect(await round()).toBe(0);
    expect(feedSize()).toBe(settled);
  });
});
