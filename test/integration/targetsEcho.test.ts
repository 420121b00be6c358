// A two-way link in a few fixed steps (targetsTwoWay.test.ts is the 100-round random version): two json-server
// CRMs hold the same customers, each a REST source and a REST target of one merged catalog record per customer.
// A push must leave the pushing side knowing what each system holds: what it sent there, and what that system gave
// us (an echo). Otherwise a value set back to one a system held earlier is not sent to it, and a system's edit
// back to a value it was sent is not seen as an edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { jsonServerCustomers, startJsonServer } from '../fixtures/jsonServer.js';
import { tempDir } from '../helpers/tmp.js';

type Crm = Awaited<ReturnType<typeof startJsonServer>>;

describe('two-way link, step by step', () => {
  const tmp = tempDir();
  let a: Crm;
  let b: Crm;
  let engine: Engine;

  beforeAll(async () => {
    const initial = () => ['C1', 'C2'].map((id) => ({ id, name: 'x', city: 'Joinville' }));
    a = await startJsonServer({ customers: initial() });
    b = await startJsonServer({ customers: initial() });
    const side = (name: string, url: string) => jsonServerCustomers(name, url, { id: 'id', ref: 'id', name: 'name', city: 'city' });
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        resilience: { maxRetries: 0 },
        sources: [side('crm-a', a.url), side('crm-b', b.url)],
        catalog: { customers: { match: 'ref', policy: 'last-write' } },
        targets: [
          { name: 'to-a', kind: 'rest', entity: 'customers', source: 'crm-a', baseUrl: a.url, path: '/customers', mapping: { fields: { name: 'name', city: 'city' } } },
          { name: 'to-b', kind: 'rest', entity: 'customers', source: 'crm-b', baseUrl: b.url, path: '/customers', mapping: { fields: { name: 'name', city: 'city' } } },
        ],
      }),
    });
  });

  afterAll(async () => {
    await engine.close();
    await a.close();
    await b.close();
    tmp.cleanup();
  });

  const nameAt = async (crm: Crm, id: string) => ((await (await fetch(`${crm.url}/customers/${id}`)).json()) as { name: string }).name;
  const rename = async (crm: Crm, id: string, name: string) => {
    const res = await fetch(`${crm.url}/customers/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect(res.ok).toBe(true);
  };
  const inCatalog = (id: string) => [...engine.records.iterate('customers')].find((r) => r.id === id)?.data.name;
  /** Sync A, sync B, push to A, push to B; the records each push sent. */
  async function round(): Promise<[number, number]> {
    for (const source of ['crm-a', 'crm-b']) expect((await engine.syncNow({ source, full: false }))[0]!.status).toBe('succeeded');
    const [toA, toB] = await engine.pushTargets({ targets: ['to-a', 'to-b'] });
    expect([toA!.status, toB!.status]).toEqual(['succeeded', 'succeeded']);
    return [toA!.counts.sent, toB!.counts.sent];
  }

  it('sends a value set back to one the system held before, and sees an edit back to a value the system was sent', async () => {
    // Both hold the same: nothing to send either way, every record an echo.
    expect(await round()).toEqual([0, 0]);
    // B renames C1: A is sent it.
    await rename(b, 'C1', 'b1');
    expect(await round()).toEqual([1, 0]);
    expect(await nameAt(a, 'C1')).toBe('b1');
    // A renames it again: B is sent it; A's own value is an echo to A.
    await rename(a, 'C1', 'a2');
    expect(await round()).toEqual([0, 1]);
    expect([inCatalog('C1'), await nameAt(b, 'C1')]).toEqual(['a2', 'a2']);
    // B sets it back to b1, the value A was sent two rounds ago: an edit of B's, and A must be sent it again.
    await rename(b, 'C1', 'b1');
    expect(await round()).toEqual([1, 0]);
    expect([inCatalog('C1'), await nameAt(a, 'C1'), await nameAt(b, 'C1')]).toEqual(['b1', 'b1', 'b1']);
    // Quiet: nothing moves.
    expect(await round()).toEqual([0, 0]);
    expect(inCatalog('C2')).toBe('x');
  });
});
