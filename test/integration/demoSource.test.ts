// The demo vendor API is handed to the engine by its composition root; an engine given none says so in a failed run.
import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig, syncflowConfig } from '../../src-shared/config.js';
import { startDemoServer } from '../../src-main/demo/demoServer.js';
import { Engine } from '../../src-main/engine/engine.js';
import { tempDir } from '../helpers/tmp.js';

describe('demo source handed to the engine', () => {
  const dirs: { cleanup(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

  it('syncs the demo through the launcher the composition root passes in, and closes it with the engine', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    let closed = 0;
    const engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({ sources: [{ name: 'demo', kind: 'demo', size: 40 }] }),
      demo: async (o) => {
        const d = await startDemoServer({ size: o.size, mutationsPerMinute: o.mutationsPerMinute });
        return { ...d, close: () => d.close().then(() => void closed++) };
      },
    });
    const [run] = await engine.sync({ trigger: 'manual' });
    expect(run!.status).toBe('succeeded');
    expect(run!.counts.created).toBe(40);
    await engine.close();
    expect(closed).toBe(1);
  });

  it('without a launcher a demo source fails its run with a message that names the fix', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const engine = await Engine.open({ dataDir: tmp.dir, fileLogs: false, config: demoConfig() });
    try {
      const [run] = await engine.sync({ trigger: 'manual' });
      expect(run!.status).toBe('failed');
      expect(run!.error?.message).toMatch(/kind: demo.*not given.*syncflow serve/);
    } finally {
      await engine.close();
    }
  });
});
