// Reads off the write queue: the contract's read methods (`read: true`) are answered by the host's reader thread
// while the engine's thread is held inside a write transaction (a test hook blocks it), showing the last committed
// state; after a sync commits, every read method answers exactly what the engine itself answers.
import { BroadcastChannel } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readMethodNames, type ApiMethodName } from '../../src-shared/api.js';
import type { AgentStatus, Product, SearchResult } from '../../src-shared/domain.js';
import { startEngineHost, type EngineHost } from '../../src-main/host/engineHost.js';
import { startHttpBridge } from '../../src-main/server/httpBridge.js';
import { tsWorker } from '../../src-main/host/paths.js';
import { pagedShopConfig, servePagedProducts, vendorProducts, type FakeServer } from '../fixtures/httpFixture.js';
import { tempDir } from '../helpers/tmp.js';

const holdChannel = 'syncflow-test-engine-hold';
const products = vendorProducts(120);

/** What getStatus reads from the database and the engine's live part; cache counters differ by design. */
const statusParts = (s: AgentStatus) => ({ sources: s.sources, catalog: s.catalog, running: s.running, queue: s.metrics?.queue, runs: s.metrics?.sources });

describe('engine host reader thread', () => {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  const configPath = join(tmp.dir, 'syncflow.yaml');
  let api: FakeServer;
  let host: EngineHost;

  beforeAll(async () => {
    api = await servePagedProducts(products);
    writeFileSync(configPath, pagedShopConfig(api.url));
    const entry = tsWorker(fileURLToPath(new URL('../fixtures/holdingEngineWorker.ts', import.meta.url)), fileURLToPath(import.meta.url));
    host = await startEngineHost({ dataDir, configPath, agent: 'serve', fileLogs: false, workerEntry: entry });
    await host.syncNow({ full: false });
  });
  afterAll(async () => {
    await host?.close();
    await api?.close();
    tmp.cleanup();
  });

  /** The engine's thread blocked inside an open write transaction until `release()`. */
  async function holdEngine() {
    const gate = new SharedArrayBuffer(4);
    const channel = new BroadcastChannel(holdChannel);
    const next = () => new Promise<string>((resolve) => (channel.onmessage = (e) => resolve(String((e as { data: unknown }).data))));
    const holding = next();
    channel.postMessage({ file: join(dataDir, 'catalog.db'), gate });
    expect(await holding).toBe('holding');
    return {
      async release() {
        const released = next();
        Atomics.store(new Int32Array(gate), 0, 1);
        Atomics.notify(new Int32Array(gate), 0);
        expect(await released).toBe('released');
        channel.close();
      },
    };
  }

  it('answers reads while the engine thread holds a write transaction, from the last committed state', async () => {
    expect(await host.readerReady()).toBe(true);
    const query = { query: 'produto', filters: {}, facets: true, limit: 20 };
    const before = (await host.search(query)) as SearchResult;
    const first = (await host.getProduct({ id: '1' }))!;
    const categories = await host.listCategories({});
    expect(first.name).toBe('Produto 1');

    const hold = await holdEngine();
    let engineAnswered = false;
    const engineCall = host.callEngine('getHealth', {}).then(() => (engineAnswered = true));
    // Each of these would queue behind the blocked engine thread; the reader answers them.
    expect(await host.search(query)).toEqual(before);
    expect(await host.getProduct({ id: '1' })).toEqual(first); // the uncommitted rename is not visible
    expect(((await host.getStatus({})) as AgentStatus).catalog.products).toBe(120);
    expect(await host.listCategories({})).toEqual(categories);
    expect((await host.listRuns({ limit: 5 })).map((r) => r.status)).toEqual(['succeeded']);
    expect(engineAnswered).toBe(false);
    await hold.release();
    await engineCall;
    expect(engineAnswered).toBe(true);
  });

  it('after a sync commits, every read method answers what the engine answers (its cache is not stale)', async () => {
    const query = { query: 'produto', filters: {}, facets: true, limit: 20 };
    const cached = (await host.search(query)) as SearchResult;
    for (const p of products.slice(0, 30)) p.title = `Produto renomeado ${p.id}`;
    products.splice(100); // the last 20 are gone at the source
    const [run] = await host.syncNow({ full: true });
    expect(run?.status).toBe('succeeded');

    const after = (await host.search(query)) as SearchResult;
    expect(after).not.toEqual(cached);
    expect(after).toEqual(await host.callEngine('search', query));
    expect(((await host.getProduct({ id: '1' })) as Product).name).toBe('Produto renomeado 1');
    expect(await host.getProduct({ id: '120' })).toBeNull();

    // Every method flagged read in the contract, through the reader and through the engine.
    const inputs: { [M in (typeof readMethodNames)[number]]: unknown } = {
      getStatus: {},
      search: { query: 'renomeado', facets: true, sort: 'name', order: 'desc' },
      getProduct: { id: '2' },
      getProductByCode: { code: 'SKU-0003' },
      listVariants: { parentId: '1' },
      listCategories: {},
      productHistory: { id: '1' },
      searchRecords: { entity: 'customers' },
      getRecord: { entity: 'customers', id: '1' },
      listRuns: { limit: 10 },
    };
    for (const method of readMethodNames) {
      const input = inputs[method];
      const viaReader = await (host[method as ApiMethodName] as (i: unknown) => Promise<unknown>)(input);
      const viaEngine = await host.callEngine(method, input);
      if (method === 'getStatus') expect(statusParts(viaReader as AgentStatus), method).toEqual(statusParts(viaEngine as AgentStatus));
      else expect(viaReader, method).toEqual(viaEngine);
    }
    expect(((await host.getStatus({})) as AgentStatus).catalog.products).toBe(100);
  });

  it('a reader thread that dies starts again, handed its boot at once; meanwhile the engine answers the reads', async () => {
    expect(await host.readerReady()).toBe(true);
    const first = host.readerThread!;
    await first.terminate();
    expect(((await host.getStatus({})) as AgentStatus).catalog.products).toBe(100);
    // The restart waits a second (readerThread.ts): polled, with a bound, rather than slept on.
    await vi.waitFor(
      () => {
        if (!host.readerThread || host.readerThread === first) throw new Error('not started again yet');
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(await host.readerReady()).toBe(true);
    // The new thread answers with the engine's thread held: it opened the catalog without waiting for a boot message.
    const hold = await holdEngine();
    expect(((await host.getStatus({})) as AgentStatus).catalog.products).toBe(100);
    expect((await host.listRuns({ limit: 5 })).length).toBe(2);
    await hold.release();
  });

  it("serve's bridge relays bodies unchecked: the reader thread and the worker refuse bad ones, naming the field", async () => {
    const bridge = await startHttpBridge(host, { token: 't', staticDir: null, engineValidates: true });
    const post = async (method: string, body: unknown) => {
      const res = await fetch(`${bridge.url}/api/${method}`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { issues?: string[] }; result?: unknown } };
    };
    try {
      // A read (answered by the reader thread) and a write (by the engine's worker), each with a bad field.
      const read = await post('search', { query: 'x', limit: 9999 });
      expect(read.status).toBe(400);
      expect(read.body.error?.issues?.join()).toMatch(/^limit: /);
      const write = await post('syncNow', { full: 'yes' });
      expect(write.status).toBe(400);
      expect(write.body.error?.issues?.join()).toMatch(/^full: /);
      const unknownField = await post('getStatus', { extra: 1 });
      expect(unknownField.status).toBe(400);
      // Defaults still apply where the input is parsed: limit 50 when absent.
      const ok = await post('search', { query: '' });
      expect(ok.status).toBe(200);
      expect((ok.body.result as SearchResult).items.length).toBe(50);
    } finally {
      await bridge.close();
    }
  });
});
