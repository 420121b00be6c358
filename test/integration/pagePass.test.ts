// A listing pass over real HTTP: a page that fails is fetched again from the last committed page (said in the run's
// explanation with cause, wait and position), progress is reported per committed page, the incremental cursor is
// the newest change loaded (not the last one read), and a changed product is served fresh after its page commits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';
import { openSource } from '../fixtures/engineHarness.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress } from '../../src-shared/domain.js';

const incremental = { cursorField: 'updatedAt', in: 'query', param: 'since', template: '{cursor}', format: 'iso' };

describe('a listing pass', () => {
  let source: FaultySource;
  let engine: Engine;
  let tmp: ReturnType<typeof tempDir>;
  const delays: number[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    delays.length = 0;
    source = await startFaultySource(200, 'P');
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        sources: [faultySourceConfig('erp', source.url, { incremental })],
        resilience: { maxRetries: 2 },
        syncOnStart: false,
      }),
      sleep: async (ms) => void delays.push(ms),
    });
  });
  afterEach(async () => {
    await engine.close();
    await source.close();
    tmp.cleanup();
  });

  it('retries a failed page from the last committed one; the explanation lists each retry with its position', async () => {
    const progress: { pages: number; fetched: number; total: number | null }[] = [];
    engine.events.on('progress', (p) => {
      if (p.phase === 'fetching') progress.push({ pages: p.pages, fetched: p.fetched, total: p.total ?? null });
    });
    source.faults.push({ kind: 'ok' }, { kind: 'reset' }, { kind: 'ok' }, { kind: 'malformed' }, { kind: 'ok' }, { kind: 'ok' });
    const [run] = await engine.syncNow({ full: true });
    expect(run).toMatchObject({ status: 'succeeded', retries: 2, pages: 4, counts: { fetched: 200, created: 200 } });
    expect(source.requests).toBe(6);
    expect(delays).toHaveLength(2);
    const explained = engine.runs.explanation(run!.id)!;
    expect(explained.retries.map((r) => [r.fromRecord, r.waitMs])).toEqual([
      [50, delays[0]],
      [100, delays[1]],
    ]);
    for (const r of explained.retries) expect(r.cause).toMatch(/^\[\w[\w-]*\] ./);
    expect(progress).toEqual([
      { pages: 1, fetched: 50, total: 200 },
      { pages: 2, fetched: 100, total: 200 },
      { pages: 3, fetched: 150, total: 200 },
      { pages: 4, fetched: 200, total: 200 },
    ]);
    expect(engine.catalog.count('erp')).toBe(200);
  });

  it('fails with the last error once a page has failed more often than the retries allow, keeping the committed pages', async () => {
    source.faults.push({ kind: 'ok' }, { kind: 'reset' }, { kind: 'reset' }, { kind: 'status', status: 502 });
    const [run] = await engine.syncNow({ full: true });
    expect(run).toMatchObject({ status: 'failed', retries: 2, counts: { created: 50 } });
    expect(engine.runs.checkpoint('erp')).toMatchObject({ fullOffset: 50 });
    expect(engine.catalog.count('erp')).toBe(50);
  });

  it('the incremental cursor is the newest change loaded, not the last record read; a changed product is served fresh', async () => {
    await engine.syncNow({ full: true });
    const early = fakeRecord(100, 3, 'P'); // newest change, read first (ids in order)
    const late = fakeRecord(150, 2, 'P');
    expect((await engine.getProduct({ id: early.id }))!.name).toBe(fakeRecord(100, 1, 'P').name); // cached now
    source.records.set(early.id, early);
    source.records.set(late.id, late);
    const [inc] = await engine.syncNow({ full: false });
    // Only the changes since the cursor: the two edits and record 200, at the cursor itself (the filter is `>=`).
    expect(inc).toMatchObject({ strategy: 'incremental', counts: { fetched: 3, updated: 2 } });
    expect(engine.runs.checkpoint('erp')!.cursor).toBe(early.updatedAt);
    expect((await engine.getProduct({ id: early.id }))!.name).toBe(early.name);
    // Nothing changed since: the next incremental reads from that cursor and updates nothing.
    const [again] = await engine.syncNow({ full: false });
    expect(again).toMatchObject({ strategy: 'incremental', counts: { updated: 0, created: 0 } });
    expect(engine.runs.checkpoint('erp')!.cursor).toBe(early.updatedAt);
  });
});

describe('a pass resumed part-way without a key', () => {
  const files = tempDir();
  afterEach(() => files.cleanup());

  it('skipped records by count, so it proves a delete by reading the source again', async () => {
    const path = join(files.dir, 'items.csv');
    const rows = (ids: number[]) => `sku,title\n${ids.map((n) => `S${n},Peça ${n}`).join('\n')}\n`;
    const all = Array.from({ length: 30 }, (_, i) => i + 1);
    writeFileSync(path, rows(all));
    const h = await openSource({ name: 'sheet', kind: 'file', path, pageSize: 10, mapping: { fields: { id: 'sku', name: 'title' } } });
    try {
      expect((await h.sync(true)).counts.created).toBe(30);
      writeFileSync(path, rows(all.filter((n) => n !== 25)));
      // Cancelled once its first page is committed; the next full sync resumes after those 10 lines.
      const stop = (p: Progress) => void (p.phase === 'fetching' && h.engine.cancelSync({}));
      const off = h.engine.events.on('progress', stop);
      expect((await h.sync(true)).status).toBe('cancelled');
      off();
      const run = await h.sync(true);
      expect(run.strategyReason).toMatch(/resuming an interrupted full sync at record 10/);
      expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
      expect(run.notes).toContain('listed the source twice to confirm 1 delete candidate(s)');
      expect(h.engine.catalog.count('sheet')).toBe(29);
    } finally {
      await h.close();
    }
  });
});
