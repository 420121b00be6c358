// The engine's threads ship as one bundled file each (scripts/build-workers.mjs, run by `npm run build`). The built
// host started from dist/ (as `syncflow serve` and the desktop start it) runs both bundles: a sync lands and the
// reader thread answers from the same catalog. The bundles import no module of ours by path (which would not exist
// beside them), and the drivers that load on first use (got, pg, mongodb) stay out of their start.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus, SearchResult } from '../../src-shared/domain.js';
import type { EngineHost, startEngineHost as StartEngineHost } from '../../src-main/host/engineHost.js';
import { pagedShopConfig, servePagedProducts, vendorProducts, type FakeServer } from '../fixtures/httpFixture.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const hostDir = join(repoRoot, 'dist', 'main', 'src-main', 'host');
const bundles = ['engineWorker', 'readerWorker'].map((name) => ({ name, code: readFileSync(join(hostDir, `${name}.js`), 'utf8') }));

const staticImports = (code: string) => [...code.matchAll(/^import\s[^'"]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]!);
const dynamicImports = (code: string) => [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);

describe('bundled engine threads', () => {
  it.each(bundles)('$name is one file: no import of our own modules, packages only where they must stay apart', ({ code }) => {
    const imports = [...staticImports(code), ...dynamicImports(code)];
    expect(imports.filter((s) => s.startsWith('.') || s.startsWith('/'))).toEqual([]);
    const packages = new Set(staticImports(code).filter((s) => !s.startsWith('node:')));
    expect([...packages].every((p) => ['better-sqlite3', 'pino', 'node-cron'].includes(p))).toBe(true);
    // zod, yaml and lru-cache are inlined: their dozens of files were most of the module loader's start-up work.
    expect(packages.has('zod') || packages.has('yaml') || packages.has('lru-cache')).toBe(false);
  });

  it('loads got, pg and mongodb only on first use', () => {
    const engine = bundles.find((b) => b.name === 'engineWorker')!.code;
    for (const lazy of ['got', 'pg', 'mongodb']) {
      expect(staticImports(engine)).not.toContain(lazy);
      expect(dynamicImports(engine)).toContain(lazy);
    }
  });

  describe('run by the built host', () => {
    const tmp = tempDir();
    const products = vendorProducts(75);
    let api: FakeServer;
    let host: EngineHost;

    beforeAll(async () => {
      api = await servePagedProducts(products);
      const configPath = join(tmp.dir, 'syncflow.yaml');
      writeFileSync(configPath, pagedShopConfig(api.url));
      const built = (await import(pathToFileURL(join(hostDir, 'engineHost.js')).href)) as { startEngineHost: typeof StartEngineHost };
      host = await built.startEngineHost({ dataDir: join(tmp.dir, 'data'), configPath, agent: 'serve', fileLogs: false });
    });
    afterAll(async () => {
      await host?.close();
      await api?.close();
      tmp.cleanup();
    });

    it('syncs in the engine bundle and answers reads from the reader bundle', async () => {
      const [run] = await host.syncNow({ full: false });
      expect(run?.status).toBe('succeeded');
      expect(run?.counts.created).toBe(75);
      expect(await host.readerReady()).toBe(true);
      expect(((await host.getStatus({})) as AgentStatus).catalog.products).toBe(75);
      const found = (await host.search({ query: products[3]!.title, filters: {}, facets: false, limit: 5 })) as SearchResult;
      expect(found.items.map((p) => p.id)).toContain(String(products[3]!.id));
    });
  });
});
