// Ploomes product families and groups as entities of their own, synced before the products that reference them:
// a scheduled cycle runs families, then groups, then products (dependsOn); products carry familyId/groupId and the
// category tree reads the families' and groups' names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { families, groups, PLOOMES_KEY, startPloomesApi, type PloomesApi } from '../fixtures/ploomesApi.js';
import { tempDir } from '../helpers/tmp.js';

describe('Ploomes families and groups', () => {
  let api: PloomesApi;
  let engine: Engine;
  const tmp = tempDir();
  const clock = { now: Date.parse('2026-03-02T01:59:30Z') };
  const finished: SyncRun[] = [];

  beforeAll(async () => {
    api = await startPloomesApi();
    process.env.SYNCFLOW_TEST_PLOOMES_FAM_KEY = PLOOMES_KEY;
    const common = { kind: 'ploomes', baseUrl: api.url, apiKey: '${env:SYNCFLOW_TEST_PLOOMES_FAM_KEY}' };
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      now: () => clock.now,
      config: syncflowConfig.parse({
        syncOnStart: false,
        sources: [
          { name: 'ploomes', ...common, dependsOn: ['ploomes-families', 'ploomes-groups'] },
          { name: 'ploomes-groups', ...common, entity: 'groups', dependsOn: ['ploomes-families'] },
          { name: 'ploomes-families', ...common, entity: 'families', schedule: { cron: '0 2 * * *', timezone: 'UTC' } },
        ],
      }),
    });
    engine.events.on('runFinished', (r) => finished.push(r));
    await engine.startAgent({ tickMs: 0 });
  });
  afterAll(async () => {
    await engine?.close();
    await api?.close();
    tmp.cleanup();
  });

  it('the nightly cycle syncs families, then groups, then products', async () => {
    clock.now = Date.parse('2026-03-02T02:00:10Z');
    await engine.tick();
    expect(finished.map((r) => [r.source, r.status])).toEqual([
      ['ploomes-families', 'succeeded'],
      ['ploomes-groups', 'succeeded'],
      ['ploomes', 'succeeded'],
    ]);
    const paths = api.requests.map((r) => r.url.pathname);
    expect(paths.indexOf('/Products@Groups')).toBeGreaterThan(paths.indexOf('/Products@Families'));
    expect(paths.indexOf('/Products')).toBeGreaterThan(paths.lastIndexOf('/Products@Groups'));
  });

  it('families and groups are records; products reference them and the tree uses their names', async () => {
    const fams = await engine.searchRecords({ entity: 'families', query: '', limit: 50 });
    expect(fams.items.map((r) => r.data['name']).sort()).toEqual(families.map((f) => f.Name).sort());
    const grp = await engine.getRecord({ entity: 'groups', id: '21' });
    expect(grp?.data).toMatchObject({ name: 'Locação de compressores', familyId: '2' });
    const rental = [...engine.exportProducts()].find((p) => p.code === 'CIA_LOC_0000')!;
    expect(rental.customFields).toMatchObject({ familyId: '2', groupId: '21' });
    const tree = await engine.listCategories({});
    const names = new Map(families.map((f) => [f.Name, groups.filter((g) => g.FamilyId === f.Id).map((g) => g.Name)]));
    for (const node of tree) {
      expect(names.has(node.name)).toBe(true);
      expect(node.children.map((c) => c.name)).toEqual(names.get(node.name));
    }
    expect(tree.find((n) => n.name === 'Locação')?.count).toBe(95);
  });
});
