// Segments and the six-hour rule against a fake Ploomes with the plan's mix (127 CIA_ services, 95 CIA_LOC_ rentals,
// Atlas Copco and Ingersoll Rand by a brand custom field, Omie-created products): each segment sync writes exactly
// its records, deletes only among them and keeps its own cursor; the whole source's cursor does not move; and an
// incremental 7 hours after the last sync becomes a full one (injected clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import type { SyncRun } from '../../src-shared/domain.js';
import { Engine } from '../../src-main/engine/engine.js';
import { BRAND_KEY, mixProducts, planMix, PLOOMES_KEY, startPloomesApi, type FakeProduct, type PloomesApi } from '../fixtures/ploomesApi.js';
import { tempDir } from '../helpers/tmp.js';

const brandMapping = { fields: { brand: `OtherProperties[FieldKey=${BRAND_KEY}].StringValue` }, customFields: {} };

async function openEngine(api: PloomesApi, clock: { now: number }, extra: Record<string, unknown> = {}) {
  const tmp = tempDir();
  process.env.SYNCFLOW_TEST_PLOOMES_SEG_KEY = PLOOMES_KEY;
  const config = syncflowConfig.parse({
    syncOnStart: false,
    sources: [{ name: 'ploomes', kind: 'ploomes', baseUrl: api.url, apiKey: '${env:SYNCFLOW_TEST_PLOOMES_SEG_KEY}', mapping: brandMapping, ...extra }],
  });
  const engine = await Engine.open({ dataDir: tmp.dir, config, fileLogs: false, now: () => clock.now });
  const sync = async (opts: { segment?: string; full?: boolean } = {}): Promise<SyncRun> =>
    (await engine.sync({ source: 'ploomes', trigger: 'cli', ...opts }))[0]!;
  return { engine, sync, close: async () => { await engine.close(); tmp.cleanup(); } };
}

const codes = async (engine: Engine) => {
  const out: string[] = [];
  for (const p of engine.exportProducts()) out.push(p.code ?? '');
  return out;
};

describe('Ploomes segments', () => {
  let api: PloomesApi;
  const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
  beforeAll(async () => {
    api = await startPloomesApi(mixProducts());
  });
  afterAll(async () => api?.close());

  it('each segment sync loads exactly its records, filtered by Ploomes, and leaves the source cursor alone', async () => {
    const e = await openEngine(api, clock);
    try {
      const expected: [string, number, (p: { code: string | null; brand: string | null; externalId: string | null }) => boolean, string][] = [
        ['services', planMix.services, (p) => p.code!.startsWith('CIA_') && !p.code!.startsWith('CIA_LOC_'), "startswith(Code,'CIA_') and not startswith(Code,'CIA_LOC_')"],
        ['rentals', planMix.rentals, (p) => p.code!.startsWith('CIA_LOC_'), "startswith(Code,'CIA_LOC_')"],
        ['atlas', planMix.atlas, (p) => p.brand === 'Atlas Copco', `OtherProperties/any(o: o/FieldKey eq '${BRAND_KEY}' and o/StringValue eq 'Atlas Copco')`],
        ['ingersoll', planMix.ingersoll, (p) => p.brand === 'Ingersoll Rand', `OtherProperties/any(o: o/FieldKey eq '${BRAND_KEY}' and o/StringValue eq 'Ingersoll Rand')`],
        // Atlas products created by Omie are already in: they are the segment's, unchanged.
        ['omie', planMix.omie + planMix.atlasFromOmie, (p) => p.externalId !== null, 'ExternalId ne null'],
      ];
      let total = 0;
      for (const [segment, count, belongs, filter] of expected) {
        const before = new Set(await codes(e.engine));
        api.requests.length = 0;
        const run = await e.sync({ segment });
        expect(run.status).toBe('succeeded');
        expect(run.strategyReason).toContain(`segment ${segment} (`);
        expect(run.counts.fetched).toBe(count);
        // Every page asks Ploomes for the segment (keyset pages add `Id gt <last>` to it).
        expect(api.filters().filter((f) => !f?.includes(filter))).toEqual([]);
        const added = (await codes(e.engine)).filter((c) => !before.has(c));
        expect(run.counts.created).toBe(added.length);
        total += added.length;
        for (const p of e.engine.exportProducts()) if (!before.has(p.code ?? '')) expect(belongs(p)).toBe(true);
        expect(e.engine.runs.checkpoint('ploomes')).toBeNull();
        expect(e.engine.runs.checkpoint(`ploomes#${segment}`)?.cursor).toBe('2026-03-01T10:00:00.000Z');
      }
      expect(total).toBe(planMix.services + planMix.rentals + planMix.atlas + planMix.ingersoll + planMix.omie);
      expect(e.engine.catalog.count()).toBe(total); // the 20 products in no segment were never loaded
    } finally {
      await e.close();
    }
  });

  it('a segment full sync deletes and updates only its own records and keeps the main cursor', async () => {
    const products = mixProducts();
    const own = await startPloomesApi(products);
    const e = await openEngine(own, clock);
    try {
      const first = await e.sync();
      expect(first).toMatchObject({ status: 'succeeded', strategy: 'full' });
      expect(first.counts.created).toBe(products.length);
      const main = e.engine.runs.checkpoint('ploomes');
      const service = products.find((p) => p.Code === 'CIA_SRV_0003')!;
      const rental = products.find((p) => p.Code === 'CIA_LOC_0003')!;
      const gone = (p: FakeProduct) => products.splice(products.indexOf(p), 1);
      gone(products.find((p) => p.Code === 'CIA_SRV_0004')!);
      gone(products.find((p) => p.Code === 'CIA_LOC_0004')!);
      own.touch([service.Id, rental.Id], '2026-03-02T07:00:00.000Z');

      const run = await e.sync({ segment: 'rentals', full: true });
      expect(run).toMatchObject({ status: 'succeeded', strategy: 'full' });
      expect(run.counts).toMatchObject({ fetched: planMix.rentals - 1, updated: 1, deleted: 1 });
      const byCode = (code: string) => [...e.engine.exportProducts()].find((p) => p.code === code);
      expect(byCode('CIA_LOC_0004')).toBeUndefined(); // the rental gone at Ploomes is gone here
      expect(byCode('CIA_SRV_0004')).toBeDefined(); // the service gone at Ploomes is another segment's business
      expect(byCode('CIA_LOC_0003')!.name).toBe(rental.Name);
      expect(byCode('CIA_SRV_0003')!.name).not.toBe(service.Name);
      expect(e.engine.runs.checkpoint('ploomes')).toEqual(main);
      expect(e.engine.runs.checkpoint('ploomes#rentals')?.cursor).toBe('2026-03-02T07:00:00.000Z');

      // The next whole-source incremental starts from the main cursor, so it still sees the changed service.
      clock.now += 3_600_000;
      const next = await e.sync();
      expect(next.strategy).toBe('incremental');
      expect(byCode('CIA_SRV_0003')!.name).toBe(service.Name);
    } finally {
      await e.close();
      await own.close();
    }
  });

  it('a segment the vendor cannot filter is filtered by the engine', async () => {
    const e = await openEngine(api, clock, {
      mapping: { fields: { brand: { path: `OtherProperties[FieldKey=${BRAND_KEY}].StringValue`, transform: 'uppercase' } }, customFields: {} },
      segments: { atlas: { where: [{ field: 'brand', equals: 'ATLAS COPCO' }] } },
    });
    try {
      api.requests.length = 0;
      const run = await e.sync({ segment: 'atlas' });
      expect(run.strategyReason).toContain('filtered here');
      expect(api.filters().some((f) => f?.includes('OtherProperties'))).toBe(false);
      expect(run.counts.created).toBe(planMix.atlas);
      expect([...e.engine.exportProducts()].every((p) => p.brand === 'ATLAS COPCO')).toBe(true);
      await expect(e.engine.syncNow({ source: 'ploomes', full: false, segment: 'rentals' })).rejects.toThrow(/has no segment "rentals"; it has atlas/);
      await expect(e.engine.syncNow({ full: false, segment: 'atlas' })).rejects.toThrow(/segment: name the source/);
    } finally {
      await e.close();
    }
  });

  it('the six-hour rule: incremental within 6 hours of the last sync, full after the clock moves 7 hours', async () => {
    const e = await openEngine(api, clock);
    try {
      expect((await e.sync()).strategy).toBe('full');
      clock.now += 2 * 3_600_000;
      const soon = await e.sync();
      expect(soon.strategy).toBe('incremental');
      expect(soon.strategyReason).toContain('within incrementalMaxAgeHours 6');
      clock.now += 7 * 3_600_000;
      const late = await e.sync();
      expect(late.strategy).toBe('full');
      expect(late.strategyReason).toMatch(/was 7 h ago, more than incrementalMaxAgeHours 6/);
      // The rule holds per segment too: its own last sync decides.
      expect((await e.sync({ segment: 'rentals' })).strategy).toBe('full');
      clock.now += 3_600_000;
      expect((await e.sync({ segment: 'rentals' })).strategy).toBe('incremental');
      clock.now += 7 * 3_600_000;
      expect((await e.sync({ segment: 'rentals' })).strategyReason).toMatch(/segment rentals .*more than incrementalMaxAgeHours 6/);
    } finally {
      await e.close();
    }
  });
});
