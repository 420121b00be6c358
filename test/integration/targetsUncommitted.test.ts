// A push whose write reached the target but whose batch never committed (the agent killed, or the answer lost),
// then the record deleted in the catalog: the next push must still delete it at the target. Found by the chaos
// soak's push kills: the ledger did not know the target might hold the record, so its delete counted as "never
// seen" and was skipped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startFakeTarget } from '../chaos/fakeTarget.js';
import { tempDir } from '../helpers/tmp.js';

describe('a push that wrote but never committed', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('sends the delete of a record it may have delivered', async () => {
    const target = await startFakeTarget();
    const file = join(tmp.dir, 'products.json');
    const products = (ids: string[]) => JSON.stringify(ids.map((id) => ({ id, code: `C-${id}`, name: `Produto ${id}` })));
    const ids = Array.from({ length: 10 }, (_, i) => `P${i}`);
    writeFileSync(file, products(ids));
    const config = syncflowConfig.parse({
      syncOnStart: false,
      sources: [{ name: 'erp-products', kind: 'file', path: file, format: 'json', mapping: { fields: { id: 'id', code: 'code', name: 'name' } } }],
      targets: [{ name: 'shop', kind: 'rest', baseUrl: target.url, path: '/products', batchSize: 10, timeoutMs: 300, maxRetries: 0, pushAfterSync: false }],
    });
    const engine = await Engine.open({ dataDir: join(tmp.dir, 'data'), config, fileLogs: false });
    try {
      await engine.syncNow({ full: true });
      // The second write is applied at the target, but its answer never comes: the push fails, nothing commits.
      target.holdAt(2, true, () => undefined);
      const [failed] = await engine.pushTargets({ targets: ['shop'] });
      target.release();
      expect(failed).toMatchObject({ status: 'failed' });
      expect([...target.records.keys()].sort()).toEqual(['P0', 'P1']);
      expect((await engine.listTargets({}))[0]).toMatchObject({ offset: 0 });

      // (One of ten: under the mass-delete guard.)
      writeFileSync(file, products(ids.filter((id) => id !== 'P1')));
      const [sync] = await engine.syncNow({ full: true });
      expect(sync).toMatchObject({ counts: { deleted: 1 } });
      const [pushed] = await engine.pushTargets({ targets: ['shop'] });
      expect(pushed).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
      expect([...target.records.keys()].sort()).toEqual(ids.filter((id) => id !== 'P1'));
      expect((await engine.listTargets({}))[0]).toMatchObject({ lag: 0 });
      // The re-sent P0 changed nothing at the target; no version was applied twice.
      expect([...target.applied.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await engine.close();
      await target.close();
    }
  });
});
