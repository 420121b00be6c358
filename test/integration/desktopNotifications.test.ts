// Desktop notifications against the real engine emitting its own alerts (a real HTTP source that fails): one
// notification per failed run, the Nth failure in a row says so instead of adding a second one, switches and mute
// from the config hold. Only Electron is mocked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const shown = vi.hoisted(() => [] as { title: string; body: string }[]);
vi.mock('electron', () => ({
  Notification: class {
    static isSupported = () => true;
    constructor(private readonly opts: { title: string; body: string }) {}
    on() {}
    show() {
      shown.push(this.opts);
    }
  },
}));

import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { createNotifier, type Notifier } from '../../src-main/desktop/notify.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { tempDir } from '../helpers/tmp.js';

describe('desktop notifications from the real engine', () => {
  let source: FaultySource;
  let tmp: ReturnType<typeof tempDir>;
  let engine: Engine;
  let notifier: Notifier;

  beforeEach(async () => {
    shown.length = 0;
    tmp = tempDir();
    source = await startFaultySource(10);
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        resilience: { maxRetries: 2, breakerThreshold: 10 },
        alerts: { consecutiveFailures: 3, staleAfterHours: 0, errorRate: { threshold: 0.5, windowRuns: 4, minRuns: 2 } },
        sources: [faultySourceConfig('erp', source.url)],
      }),
      sleep: async () => {},
      networkProbe: async () => true,
    });
    notifier = createNotifier({ engine, open: () => {}, gatherMs: 60_000 });
  });
  afterEach(async () => {
    notifier.dispose();
    await engine.close();
    await source.close();
    tmp.cleanup();
  });

  const failOnce = async () => {
    source.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const [run] = await engine.syncNow({ full: false });
    expect(run!.status).toBe('failed');
    await notifier.flush();
  };

  it('three failed runs (each after its retries): three notifications, the third says it keeps failing', async () => {
    await failOnce();
    await failOnce();
    await failOnce();
    expect(source.requests).toBe(9); // each run tried three times before failing
    expect(shown.map((n) => n.title)).toEqual(['Sync of erp failed', 'Sync of erp failed', 'erp keeps failing']);
    expect(shown[2]!.body).toMatch(/3 syncs in a row have failed/);
  });

  it('kind switches and the global mute from the settings hold', async () => {
    await engine.setNotificationSettings({ kinds: { 'run-failed': false } });
    await failOnce();
    expect(shown).toEqual([]);
    await engine.setNotificationSettings({ kinds: { 'run-failed': true }, mute: true });
    await failOnce();
    expect(shown).toEqual([]);
    expect((await engine.getNotificationSettings({})).mute).toBe(true);
  });
});
