// The first listing of a source is a bulk load (indexes built once at the end) even when a webhook created a record
// before it; the search index then holds every record.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRecord, faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { searchInput } from '../../src-shared/api.js';

describe('initial load after a webhook', () => {
  let source: FaultySource;
  let h: Harness;
  afterEach(async () => {
    await h.close();
    await source.close();
  });

  it('one record refreshed by id before the first sync does not keep the load off the bulk path', async () => {
    source = await startFaultySource(600);
    h = await openSource(faultySourceConfig('erp', source.url, { byIds: { param: 'ids', template: '{ids}', separator: ',' } }));
    const [hook] = await h.engine.sync({ source: 'erp', ids: [fakeRecord(5).id], trigger: 'webhook' });
    expect(hook).toMatchObject({ strategy: 'realtime', counts: { created: 1 } });
    expect(h.engine.catalog.fts.lastBuild).toBeNull();
    const first = await h.sync();
    expect(first).toMatchObject({ status: 'succeeded', strategy: 'full', counts: { created: 599, unchanged: 1 } });
    // Only a bulk load builds the search index at its end.
    expect(h.engine.catalog.fts.lastBuild).not.toBeNull();
    const found = await h.engine.search(searchInput.parse({ query: 'Válvula 432', limit: 5 }));
    expect(found.items.map((p) => p.id)).toContain(fakeRecord(432).id);
  });
});
