// The engine: plain Node, no Electron, no HTTP server. It implements the API contract; the desktop app, the
// headless server and the CLI are thin faces over it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiInputError, type MethodResult, type ParsedInput, type SyncAgentApi } from '../../src-shared/api.js';
import type { SourceConfig, SyncflowConfig } from '../../src-shared/config.js';
import type { Product, Progress, RunTrigger, SourceStatus, SyncRun } from '../../src-shared/domain.js';
import { SYNCFLOW_VERSION } from '../../src-shared/version.js';
import { startDemoServer, type DemoServer } from '../demo/demoServer.js';
import { RecordCache } from './cache/recordCache.js';
import { loadConfig } from './config/loadConfig.js';
import { createSecretResolver, type Keychain } from './config/secrets.js';
import { createConnector } from './connectors/registry.js';
import type { Connector } from './connectors/types.js';
import { EngineEvents } from './events.js';
import { createLogger, type Logger } from './logging/logger.js';
import { recordFailedStart, runSync } from './pipeline/syncPipeline.js';
import { CatalogStore } from './store/catalogStore.js';
import { openDatabase, type Db } from './store/database.js';
import { RunStore } from './store/runStore.js';

export interface EngineOptions {
  dataDir: string;
  /** Explicit config file; otherwise SYNCFLOW_CONFIG, then <dataDir>/syncflow.yaml, then the bundled demo. */
  configPath?: string;
  /** An already-parsed configuration (tests, embedding); wins over configPath. */
  config?: SyncflowConfig;
  /** Secret store of the desktop face (OS keychain through safeStorage). */
  keychain?: Keychain;
  /** Write logs to <dataDir>/logs (default true). */
  fileLogs?: boolean;
}

interface SourceEntry {
  config: SourceConfig;
  /** Where it sits in the config, for error messages. */
  where: string;
  /** Built on first sync, so status, search and export need neither secrets nor the network. */
  connector?: Connector;
}

export class Engine implements SyncAgentApi {
  private readonly running = new Map<string, { promise: Promise<SyncRun>; abort: AbortController }>();
  private readonly progress = new Map<string, Progress>();
  private closed = false;

  private constructor(
    readonly events: EngineEvents,
    readonly dataDir: string,
    readonly config: SyncflowConfig,
    readonly configFile: string | null,
    private readonly db: Db,
    readonly catalog: CatalogStore,
    readonly runs: RunStore,
    private readonly cache: RecordCache<Product>,
    readonly log: Logger,
    private readonly sources: Map<string, SourceEntry>,
    private readonly keychain: Keychain | undefined,
  ) {}

  private demo: DemoServer | null = null;
  private demoStarting: Promise<DemoServer> | null = null;

  static async open(opts: EngineOptions): Promise<Engine> {
    mkdirSync(opts.dataDir, { recursive: true });
    const loaded = opts.config ? { config: opts.config, file: null } : loadConfig(opts.dataDir, opts.configPath);
    const { config } = loaded;
    const events = new EngineEvents();
    const log = createLogger({ dataDir: opts.fileLogs === false ? null : opts.dataDir, onLine: (l) => events.emit('log', l) });
    const db = openDatabase(join(opts.dataDir, 'catalog.db'));
    try {
      const runs = new RunStore(db);
      const abandoned = runs.closeAbandoned(new Date().toISOString());
      if (abandoned > 0) log.warn(`${abandoned} run(s) were interrupted by a crash or kill; their sources resume from the last checkpoint`);
      const sources = new Map<string, SourceEntry>();
      config.sources.forEach((source, i) => sources.set(source.name, { config: source, where: `sources[${i}]` }));
      const cache = new RecordCache<Product>({ max: config.cache.maxEntries, ttlMs: config.cache.productTtlSeconds * 1000 });
      const engine = new Engine(events, opts.dataDir, config, loaded.file, db, new CatalogStore(db), runs, cache, log, sources, opts.keychain);
      return engine;
    } catch (err) {
      db.close();
      log.close();
      throw err;
    }
  }

  /** The bundled demo API, started on first use when a demo source is configured. */
  async demoServer(): Promise<DemoServer | null> {
    const source = this.config.sources.find((s) => s.kind === 'demo');
    if (!source || source.kind !== 'demo') return null;
    if (this.demo) return this.demo;
    this.demoStarting ??= startDemoServer({ size: source.size, mutationsPerMinute: source.mutationsPerMinute }).then((d) => {
      this.demo = d;
      this.log.info(`demo source "${source.name}" serving ${d.size} products at ${d.url}`);
      return d;
    });
    return this.demoStarting;
  }

  private async connectorFor(entry: SourceEntry): Promise<Connector> {
    if (entry.connector) return entry.connector;
    const demo = entry.config.kind === 'demo' ? await this.demoServer() : null;
    entry.connector = createConnector(entry.config, {
      resolveSecret: createSecretResolver(this.keychain),
      where: entry.where,
      ...(demo ? { demo: { url: demo.url, userKey: demo.userKey } } : {}),
    });
    return entry.connector;
  }

  /** Every live product, streamed in id order (export). */
  exportProducts(): Iterable<Product> {
    return this.catalog.iterate();
  }

  sourceNames(): string[] {
    return [...this.sources.keys()];
  }

  /** Syncs one source, or every source in config order; a request for a source already syncing joins that run. */
  async sync(opts: { source?: string; full?: boolean; trigger?: RunTrigger }): Promise<SyncRun[]> {
    if (this.closed) throw new Error('the engine is closed');
    const names = opts.source ? [opts.source] : this.sourceNames();
    for (const n of names) {
      if (!this.sources.has(n)) {
        throw new ApiInputError('syncNow', [`source: unknown source "${n}"; configured: ${this.sourceNames().join(', ')}`]);
      }
    }
    const results: SyncRun[] = [];
    // One source after another: they share one SQLite writer, and sequential runs keep the UI's progress readable.
    for (const n of names) results.push(await this.syncSource(n, opts.full ?? false, opts.trigger ?? 'manual'));
    return results;
  }

  private syncSource(name: string, full: boolean, trigger: RunTrigger): Promise<SyncRun> {
    const existing = this.running.get(name);
    if (existing) return existing.promise;
    const entry = this.sources.get(name)!;
    const abort = new AbortController();
    const promise = this.connectorFor(entry).then((connector) => runSync(
      {
        db: this.db,
        catalog: this.catalog,
        runs: this.runs,
        cache: this.cache,
        log: this.log,
        onProgress: (p) => {
          this.progress.set(name, p);
          this.events.emit('progress', p);
        },
      },
      { source: entry.config, connector, trigger, full, signal: abort.signal },
    ), (err: unknown) => recordFailedStart(this.runs, this.log, name, trigger, err)).finally(() => {
      this.running.delete(name);
      this.progress.delete(name);
    });
    this.running.set(name, { promise, abort });
    void promise.then((run) => this.events.emit('runFinished', run));
    return promise;
  }

  async getStatus(_input: ParsedInput<'getStatus'>): Promise<MethodResult<'getStatus'>> {
    const sources: SourceStatus[] = [...this.sources.values()].map(({ config }) => {
      const lastRun = this.runs.list({ source: config.name, limit: 1 })[0] ?? null;
      const lastSuccess = this.runs.lastSuccess(config.name);
      return {
        name: config.name,
        kind: config.kind,
        entity: config.entity,
        state: this.running.has(config.name) ? 'syncing' : lastRun?.status === 'failed' ? 'error' : 'idle',
        lastRun,
        lastSuccessAt: lastSuccess?.finishedAt ?? null,
      };
    });
    return {
      version: SYNCFLOW_VERSION,
      dataDir: this.dataDir,
      demo: this.config.sources.some((s) => s.kind === 'demo'),
      sources,
      catalog: { products: this.catalog.count() },
      cache: this.cache.stats(),
      running: [...this.progress.values()],
    };
  }

  async syncNow(input: ParsedInput<'syncNow'>): Promise<MethodResult<'syncNow'>> {
    return this.sync({ ...(input.source ? { source: input.source } : {}), full: input.full, trigger: 'manual' });
  }

  async search(input: ParsedInput<'search'>): Promise<MethodResult<'search'>> {
    return this.catalog.search(input);
  }

  async getProduct(input: ParsedInput<'getProduct'>): Promise<MethodResult<'getProduct'>> {
    return this.cache.get(input.id, (id) => this.catalog.get(id));
  }

  async listRuns(input: ParsedInput<'listRuns'>): Promise<MethodResult<'listRuns'>> {
    return this.runs.list({ limit: input.limit, ...(input.source ? { source: input.source } : {}) });
  }

  async tailLogs(input: ParsedInput<'tailLogs'>): Promise<MethodResult<'tailLogs'>> {
    return this.log.tail(input.limit, input.afterSeq);
  }

  /** Stops running syncs (their committed pages stay), the demo API and the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.running.values()) r.abort.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.promise));
    await (this.demoStarting ?? Promise.resolve(null)).then((d) => d?.close(), () => undefined);
    this.db.close();
    this.log.close();
  }
}
