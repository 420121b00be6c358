// The V8 heap tuning (src-main/engine/heapTuning.ts) is process-wide, so it runs in a fresh Node process (the built
// modules, as serve runs them), never in the test runner's: a worker started before the engine host and one started
// after it report their isolate's heap limit, which includes the young generation the tuning caps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// A script file, not `--input-type=module -e`: workers inherit the process's execArgv, and the engine worker's
// entry is a file.
function runModule(dir: string, source: string) {
  const script = join(dir, 'probe.mjs');
  writeFileSync(script, source);
  return runNode([script]);
}

const workerLimit = `
  const { Worker } = await import('node:worker_threads');
  const workerLimit = () => new Promise((resolve, reject) => {
    const w = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)", { eval: true });
    w.once('error', reject);
    w.once('message', (limit) => { resolve(limit); void w.terminate(); });
  });
  const dist = new URL('./dist/main/src-main/', 'file://' + process.cwd() + '/');
`;

describe('engine heap tuning', () => {
  it('caps the young generation of the isolates started after the engine host, and tuning twice changes nothing', async () => {
    const tmp = tempDir();
    try {
      const dataDir = join(tmp.dir, 'data');
      mkdirSync(dataDir);
      const r = await runModule(tmp.dir, `
        ${workerLimit}
        const before = await workerLimit();
        const { startEngineHost } = await import(new URL('host/engineHost.js', dist).href);
        const host = await startEngineHost({ dataDir: ${JSON.stringify(dataDir)}, agent: 'serve', fileLogs: false });
        const after = await workerLimit();
        const { tuneEngineHeap, MAX_SEMI_SPACE_MB } = await import(new URL('engine/heapTuning.js', dist).href);
        tuneEngineHeap();
        const again = await workerLimit();
        await host.close();
        process.stdout.write(JSON.stringify({ before, after, again, semiMb: MAX_SEMI_SPACE_MB }));
      `);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { before: number; after: number; again: number; semiMb: number };
      expect(out.semiMb).toBeGreaterThan(0);
      expect(out.after).toBeLessThan(out.before);
      expect(out.again).toBe(out.after);
    } finally {
      tmp.cleanup();
    }
  });
});
