// The engine worker killed mid-sync, twice: once terminated by its host, once by an uncaught error thrown inside
// it. Each time the host side hears it, a new worker starts, the interrupted run is closed as failed and announced
// (runFinished), and the new worker resumes it from its checkpoint by itself. The final catalog equals the source
// record by record, each created once.
import { BroadcastChannel } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState, SyncRun } from '../../src-shared/domain.js';
import { startEngineHost, type EngineHost } from '../../src-main/host/engineHost.js';
import { tsWorker } from '../../src-main/host/paths.js';
import { send, serve, vendorProducts, type FakeServer } from '../fixtures/httpFixture.js';
import { tempDir } from '../helpers/tmp.js';

/** The channel faultyEngineWorker.ts listens on (not imported: importing it would start a worker here). */
const faultChannel = 'syncflow-test-engine-fault';
const SIZE = 600;
const PAGE = 50;
const products = vendorProducts(SIZE);

/** A page-number vendor that holds the first request for each page in `holdPages` until the test releases it. */
function gatedVendor(holdPages: number[]) {
  const waiting = new Map<number, (res: ServerResponse) => void>();
  const held = new Map(holdPages.map((p) => [p, new Promise<ServerResponse>((resolve) => waiting.set(p, resolve))]));
  const start = serve((req, _body, res) => {
    const page = Number(req.url.searchParams.get('page') ?? 0);
    const take = waiting.get(page);
    if (take) {
      waiting.delete(page);
      take(res); // answered (or dropped) by the test
      return;
    }
    send(res, 200, { items: products.slice(page * PAGE, (page + 1) * PAGE), total: SIZE });
  });
  return { start, held: (page: number) => held.get(page)! };
}

describe('engine host supervision', () => {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  const configPath = join(tmp.dir, 'syncflow.yaml');
  const vendor = gatedVendor([4, 8]);
  let api: FakeServer;
  let host: EngineHost;
  const states: EngineState[] = [];
  const finished: SyncRun[] = [];

  beforeAll(async () => {
    api = await vendor.start;
    writeFileSync(
      configPath,
      [
        'syncOnStart: false',
        'sources:',
        '  - name: paged',
        '    kind: rest',
        `    baseUrl: "${api.url}"`,
        '    path: /api/products',
        '    recordSelector: items',
        `    pagination: { type: page, pageParam: page, sizeParam: size, pageSize: ${PAGE}, firstPage: 0, totalPath: total }`,
        '    mapping:',
        '      fields:',
        '        id: { path: id, transform: string }',
        '        code: sku',
        '        name: { path: title, transform: trim }',
        '        price: { path: price, transform: { name: number, locale: pt-BR } }',
        '        sourceUpdatedAt: updated_at',
        '',
      ].join('\n'),
    );
    const entry = tsWorker(fileURLToPath(new URL('../fixtures/faultyEngineWorker.ts', import.meta.url)), fileURLToPath(import.meta.url));
    host = await startEngineHost({ dataDir, configPath, agent: 'serve', fileLogs: false, workerEntry: entry, restart: { initialMs: 10 } });
    host.events.on('engineState', (s) => states.push(s));
    host.events.on('runFinished', (r) => finished.push(r));
  });
  afterAll(async () => {
    await host?.close();
    await api?.close();
    tmp.cleanup();
  });

  const restarted = (restarts: number) =>
    new Promise<void>((resolve) => {
      const off = host.events.on('engineState', (s) => {
        if (s.state === 'ready' && s.restarts === restarts) {
          off();
          resolve();
        }
      });
    });

  /** The next runFinished event with this status. */
  const nextFinished = (status: SyncRun['status']) =>
    new Promise<SyncRun>((resolve) => {
      const off = host.events.on('runFinished', (r) => {
        if (r.status === status) {
          off();
          resolve(r);
        }
      });
    });

  it('terminated, then crashed by an uncaught error, mid-sync: restarts, announces and resumes by itself, ends with an exact copy', async () => {
    // 1. Terminated by the host while page 4 is in flight.
    const first = host.syncNow({ full: false }).catch((e: unknown) => e);
    const page4 = await vendor.held(4);
    const back1 = restarted(1);
    const closed1 = nextFinished('failed');
    await host.worker!.terminate();
    expect(String(await first)).toContain('engine worker died: exited with code 1');
    page4.destroy();
    await back1;
    // The restarted worker announces the run the dead one left, closed as failed.
    expect((await closed1).error?.message).toMatch(/^engine worker died: exited with code 1;/);

    // 2. Nobody asks: the new worker resumes from the checkpoint; an uncaught error inside it kills it at page 8.
    const page8 = await vendor.held(8);
    const back2 = restarted(2);
    const closed2 = nextFinished('failed');
    const done = nextFinished('succeeded');
    const channel = new BroadcastChannel(faultChannel);
    channel.postMessage('injected fault');
    channel.close();
    page8.destroy();
    await back2;
    expect((await closed2).error?.message).toMatch(/^engine worker died: Error: injected fault;/);

    // 3. Resumed again by the next worker, the run finishes.
    const last = await done;
    expect(last.status).toBe('succeeded');
    expect(last.trigger).toBe('manual');
    expect(last.strategyReason).toMatch(/resuming an interrupted full sync at record \d+/);
    const resumedAt = Number(/at record (\d+)/.exec(last.strategyReason ?? '')![1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(last.counts.fetched).toBe(SIZE - resumedAt);
    expect(finished.map((r) => r.status)).toEqual(['failed', 'failed', 'succeeded']);

    expect(states.map((s) => `${s.state}:${s.restarts}`)).toEqual([
      'restarting:1', 'starting:1', 'ready:1', 'restarting:2', 'starting:2', 'ready:2',
    ]);
    expect(states[3]?.reason).toBe('Error: injected fault');
    const runs = await host.listRuns({ limit: 10 });
    expect(runs.map((r) => r.status).reverse()).toEqual(['failed', 'failed', 'succeeded']);
    expect(runs[2]?.error?.message).toMatch(/^engine worker died: exited with code 1; the next run resumes from its checkpoint/);
    expect(runs[1]?.error?.message).toMatch(/^engine worker died: Error: injected fault;/);
    // The second run started where the first had committed, not from zero.
    expect(runs[1]?.strategyReason).toMatch(/resuming an interrupted full sync at record [1-9]/);

    const db = new Database(join(dataDir, 'catalog.db'), { readonly: true });
    try {
      const rows = db.prepare<[], { id: string; code: string; name: string; price: number }>('SELECT id, code, name, price FROM products ORDER BY CAST(id AS INTEGER)').all();
      // "1.000,50" (pt-BR) is 1000.5.
      const price = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));
      expect(rows).toEqual(products.map((p) => ({ id: String(p.id), code: p.sku, name: p.title.trim(), price: price(p.price) })));
      const feed = db
        .prepare<[], { n: number; ids: number }>(
          `SELECT count(*) AS n, count(DISTINCT id) AS ids FROM (
             SELECT record_id AS id FROM change_feed WHERE op = 'created' AND record_id != ''
             UNION ALL
             SELECT p.id FROM change_feed f JOIN products p ON p.rowid BETWEEN f.first_rowid AND f.last_rowid
             WHERE f.op = 'created' AND f.record_id = '')`,
        )
        .get();
      expect(feed).toEqual({ n: SIZE, ids: SIZE });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);
});
