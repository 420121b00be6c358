// Cache warming on a real engine and SQLite file: what operators opened most is in the cache on the first read
// after a restart and after a sync that changed it, and the warming's reads do not count as operators' hits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

describe('cache warming', () => {
  const tmp = tempDir();
  let source: FaultySource;
  let engine: Engine | undefined;
  const open = (cache: Record<string, unknown> = {}) =>
    Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({ sources: [faultySourceConfig('erp', source.url)], cache, syncOnStart: false }),
    });
  const hitsAndMisses = async () => {
    const { hits, misses } = (await engine!.getStatus({})).cache;
    return { hits, misses };
  };

  beforeAll(async () => {
    source = await startFaultySource(120);
  });
  afterAll(async () => {
    await engine?.close();
    await source.close();
    tmp.cleanup();
  });

  it('loads the most opened products and most used searches at start: the first read is a hit', async () => {
    engine = await open();
    expect((await engine.syncNow({ full: false }))[0]!.counts.created).toBe(120);
    for (let i = 0; i < 3; i++) await engine.getProduct({ id: 'R000007' });
    await engine.getProduct({ id: 'R000042' });
    await engine.search({ query: 'válvula 11', filters: {}, limit: 20, facets: false });
    await engine.close(); // the counts are written on close

    engine = await open();
    const warming = (await engine.getStatus({})).cache.warming;
    expect(warming).toMatchObject({ loaded: { products: 2, searches: 1 }, complete: true, hitRatioAfter: null });

    const before = await hitsAndMisses();
    expect((await engine.getProduct({ id: 'R000007' }))?.name).toBe('Válvula 7 v1');
    expect(await engine.search({ query: 'válvula 11', filters: {}, limit: 20, facets: false })).toMatchObject({
      total: expect.any(Number),
    });
    expect(await hitsAndMisses()).toEqual({ hits: before.hits + 2, misses: before.misses });
    await engine.getProduct({ id: 'R000099' }); // never opened before: not warmed
    expect(await hitsAndMisses()).toEqual({ hits: before.hits + 2, misses: before.misses + 1 });
    expect((await engine.getStatus({})).cache.warming?.hitRatioAfter).toBeCloseTo(2 / 3);
  });

  it('warms again after a sync that changed what it holds: the first read is a hit with the new value', async () => {
    const edited = { ...fakeRecord(7, 2), name: 'Válvula 7 editada' };
    source.records.set(edited.id, edited);
    const [run] = await engine!.syncNow({ full: false });
    expect(run!.counts.updated).toBe(1);
    const before = await hitsAndMisses();
    expect((await engine!.getProduct({ id: 'R000007' }))?.name).toBe('Válvula 7 editada');
    expect(await hitsAndMisses()).toEqual({ hits: before.hits + 1, misses: before.misses });
  });

  it('does nothing when turned off', async () => {
    await engine!.close();
    engine = await open({ warm: false });
    expect((await engine.getStatus({})).cache.warming).toBeNull();
    const before = await hitsAndMisses();
    await engine.getProduct({ id: 'R000007' });
    expect(await hitsAndMisses()).toEqual({ hits: before.hits, misses: before.misses + 1 });
  });
});
