// A drop folder as a source: every file in it is part of the source, and a new file triggers a sync while the
// agent runs. Synchronised on the engine's own runFinished events, never on time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { tempDir } from '../helpers/tmp.js';

describe('watched folder source', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('syncs the folder when a file lands in it, reading every file of the folder', async () => {
    const folder = join(tmp.dir, 'drop');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.csv'), 'sku;titulo\nA-1;Válvula A\nA-2;Válvula B\n', 'latin1');
    const config = syncflowConfig.parse({
      syncOnStart: false,
      sources: [{
        name: 'drop', kind: 'file', path: folder, watch: true, encoding: 'latin1',
        mapping: { fields: { id: 'sku', code: 'sku', name: 'titulo' } },
      }],
    });
    const engine = await Engine.open({ dataDir: join(tmp.dir, 'data'), config });
    try {
      const [first] = await engine.syncNow({ full: false });
      expect(first).toMatchObject({ status: 'succeeded', counts: { created: 2 } });
      await engine.startAgent({ tickMs: 0 });
      const next = new Promise<SyncRun>((resolve) => {
        const off = engine.events.on('runFinished', (run) => {
          off();
          resolve(run);
        });
      });
      writeFileSync(join(folder, 'b.csv'), 'sku;titulo\nB-1;Compressor C\n', 'latin1');
      const run = await next;
      expect(run).toMatchObject({ source: 'drop', trigger: 'watch', status: 'succeeded', counts: { created: 1, unchanged: 2 } });
      expect((await engine.getProduct({ id: 'A-1' }))!.name).toBe('Válvula A');
      expect(engine.catalog.count()).toBe(3);
    } finally {
      await engine.close();
    }
  });
});
