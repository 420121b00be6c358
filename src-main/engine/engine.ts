// The engine: plain Node, no Electron, no HTTP server. It implements the API contract; the desktop app, the
// headless server and the CLI are thin faces over it.
import { mkdirSync } from 'node:fs';
import { ApiInputError, type MethodResult, type ParsedInput, type SyncAgentApi } from '../../src-shared/api.js';
import type { SourceConfig, SyncflowConfig } from '../../src-shared/config.js';
import type { Product, Progress, SyncRun } from '../../src-shared/domain.js';
import { SYNCFLOW_VERSION } from '../../src-shared/version.js';
import { claimDataDir, describeHolder, type AgentKind, type AgentLock, type DataDirClaim } from './agentLock.js';
import { CacheWarmer } from './cache/cacheWarmer.js';
import { RecordCache } from './cache/recordCache.js';
import { loadConfig } from './config/loadConfig.js';
import { createSecretResolver, type Keychain } from './config/secrets.js';
import { dropConnectorsUsing, type SecretRef } from './config/secretRefs.js';
import { createConnector } from './connectors/registry.js';
import type { Connector } from './connectors/types.js';
import { EngineEvents } from './events.js';
import { createLogger, type Logger } from './logging/logger.js';
import { AlertFeed } from './metrics/alertFeed.js';
import { AlertMonitor } from './metrics/alerts.js';
import { NextRuns } from './scheduler/nextRun.js';
import { liveSources, queueState, sourceStatuses } from './metrics/agentStatus.js';
import { composeStatus, type LiveStatus } from './metrics/statusParts.js';
import { agentHealth } from './metrics/health.js';
import { isOperatorTrigger, JobQueue, type Job } from './queue/jobQueue.js';
import { SqlitePauseStore, SqliteQueueStore } from './queue/queueStore.js';
import { createScheduler, startWebhooks, type AgentContext } from './scheduler/agentServices.js';
import { watchFileSources, type FileWatches } from './scheduler/fileWatch.js';
import { scheduleProblems, type Scheduler } from './scheduler/scheduler.js';
import type { WebhookServer } from './webhooks/webhookServer.js';
import { WebhookEvents } from './webhooks/webhookEvents.js';
import { checkSegment } from './segments/segments.js';
import { ConfigError } from './config/configError.js';
import { applyNotificationPatch, writeNotificationSettings } from './config/notificationStore.js';
import { recordFailedStart, recordSkipped, runSync, type PipelineDeps } from './pipeline/syncPipeline.js';
import { priorityOf, runRequest, runSignal, type SyncOptions } from './queue/runRequest.js';
import { CircuitBreaker, settleBreaker } from './resilience/circuitBreaker.js';
import { AgentConditions } from './resilience/agentConditions.js';
import { interfaceProbe, type NetworkProbe } from './resilience/networkState.js';
import type { Sleep } from './resilience/retryPolicy.js';
import { CatalogStore } from './store/catalogStore.js';
import { RecordStore } from './store/recordStore.js';
import { catalogPath, openDatabase, type Db } from './store/database.js';
import { RunStore } from './store/runStore.js';
import { UsageStore } from './store/usageStore.js';
import { ReviewStore } from './store/reviewStore.js';
import { OpsService } from './ops/opsService.js';
import { CatalogHub } from './hub/catalogHub.js';
import { conflictAlerts, HubService } from './hub/hubService.js';
import { Settings } from './ops/settings.js';
import { reconcileSources } from './ops/reload.js';
import { TargetService } from './targets/targetService.js';
import { DemoApiHandle, type DemoLauncher } from './connectors/demoApi.js';
import { runInDependencyOrder } from './scheduler/dependencyOrder.js';

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
  /** Backoff waits (tests: resolve at once, record the delays). */
  sleep?: Sleep;
  /** Clock of breakers, schedules and alerts (tests: a controllable one). */
  now?: () => number;
  /** The desktop's keychain store for credentials entered in Settings; without it they go to <dataDir>/secrets. */
  storeSecret?: (name: string, value: string) => void;
  /** Long-lived agents (serve, desktop, a CLI sync) take the data dir's lock (agentLock.ts); throws if it is held. */
  agent?: AgentKind;
  /**
   * The engine host (src-main/host) holds the data dir's lock for this engine, which runs in its worker: no lock
   * is taken here, and runs left `running` (by a worker that died) are closed with this reason.
   */
  hostedRecovery?: { reason?: string };
  /** Whether the machine looks connected (default: a non-loopback interface has an address). */
  networkProbe?: NetworkProbe;
  /** Starts the bundled demo API for `kind: demo` sources; given by the composition root (the engine has no demo code). */
  demo?: DemoLauncher;
}

export type { SyncOptions } from './queue/runRequest.js';

const HEADLESS_SECRETS = 'secrets are stored by the desktop app (OS keychain); a headless agent reads ${env:NAME} references';

interface SourceEntry {
  config: SourceConfig;
  /** Where it sits in the config, for error messages. */
  where: string;
  /** Built on first sync, so status, search and export need neither secrets nor the network. */
  connector?: Connector;
  breaker: CircuitBreaker;
}

export class Engine implements SyncAgentApi {
  private readonly running = new Map<string, { promise: Promise<SyncRun>; abort: AbortController; automatic: boolean }>();
  private readonly progress = new Map<string, Progress>();
  private closed = false;
  readonly queue: JobQueue;
  private readonly alerts: AlertMonitor;
  private readonly alertFeed: AlertFeed;
  private readonly nextRuns = new NextRuns();
  private scheduler: Scheduler | null = null;
  /** Customers, invoices and any other entity a config declares. */
  readonly records: RecordStore;
  /** Open quarantine entries and deletes held for review. */
  readonly reviews: ReviewStore;
  private readonly ops: OpsService;
  /** Several sources into one catalog: match rules, conflict policies, pins (hub/). */
  readonly hub: CatalogHub;
  private readonly hubApi: HubService;
  private readonly settings: Settings;
  private storeSecret: ((name: string, value: string) => void) | undefined;
  private webhooks: WebhookServer | null = null;
  private readonly webhookEvents = new WebhookEvents();
  private fileWatches: FileWatches | null = null;
  private agentTimer: NodeJS.Timeout | null = null;
  private agentLock: AgentLock | null = null;
  /** What operators look at (the cache warmer's input); the host's reader reports its reads here too. */
  readonly usage: UsageStore;
  private readonly warmer: CacheWarmer | null;
  /** Offline and sleep: automatic runs wait (resilience/agentConditions.ts). */
  readonly conditions: AgentConditions;
  /** Outward sync (targets/targetService.ts). */
  readonly targets: TargetService;

  private constructor(
    readonly events: EngineEvents,
    readonly dataDir: string,
    /** Replaced by a reload (Settings → save); a run in flight keeps the one it started with. */
    public config: SyncflowConfig,
    public configFile: string | null,
    private readonly db: Db,
    readonly catalog: CatalogStore,
    readonly runs: RunStore,
    private readonly cache: RecordCache<Product>,
    readonly log: Logger,
    private readonly sources: Map<string, SourceEntry>,
    private readonly keychain: Keychain | undefined,
    private readonly sleep: Sleep | undefined,
    private readonly clock: () => number,
    networkProbe: NetworkProbe,
  ) {
    this.records = new RecordStore(db);
    const isoNow = () => new Date(this.clock()).toISOString();
    let onConflicts = (_open: number) => {};
    this.hub = new CatalogHub(db, catalog, this.records, {
      rules: () => this.config.catalog,
      onConflicts: (open) => onConflicts(open),
      invalidate: (ids) => cache.invalidate(ids),
    });
    onConflicts = conflictAlerts(() => this.alertFeed, isoNow, this.hub.links.openConflicts());
    this.hubApi = new HubService({ db, hub: this.hub, cache, now: isoNow });
    this.usage = new UsageStore(db);
    this.targets = new TargetService({ db, catalog, records: this.records, runs, log, events, config: () => this.config, resolve: createSecretResolver(keychain),
      clock, sleep, sync: async (source) => (await this.sync({ source, trigger: 'manual' }))[0] ?? null,
      linked: {
        holds: (s, source) => this.hub.linkedHolds(s.entity, s.holder, s.id, s.record, source),
        received: (s, source, at) => this.hub.linkedReceived(s.entity, s.holder, s.id, s.record, source, at),
      } });
    const { warm, warmProducts, warmSearches, warmBudgetMs } = config.cache;
    this.warmer = warm
      ? new CacheWarmer(
          { usage: this.usage, stats: () => cache.stats(), quietly: (fn) => cache.quietly(fn), product: (id) => this.cachedProduct(id), search: (i) => this.cachedSearch(i) },
          { products: warmProducts, searches: warmSearches, budgetMs: warmBudgetMs },
          clock,
        )
      : null;
    this.reviews = new ReviewStore(db);
    this.ops = new OpsService({
      db, runs, reviews: this.reviews, catalog, records: this.records, cache, log,
      now: () => new Date(this.clock()).toISOString(),
      sourceOf: async (name) => {
        const entry = this.sources.get(name);
        return entry ? { entity: entry.config.entity, mapping: (await this.connectorFor(entry)).mapping } : null;
      },
      idle: async (name) => {
        for (let r = this.running.get(name); r; r = this.running.get(name)) await r.promise.catch(() => undefined);
      },
      finished: (run) => this.events.emit('runFinished', run),
      checkSource: (method, source) => this.checkSource(method, source),
    });
    this.settings = new Settings({
      dataDir, db, log, keychain,
      config: () => this.config,
      configFile: () => this.configFile,
      setConfigFile: (f) => (this.configFile = f),
      apply: (next) => this.applyConfig(next),
      cacheEntries: () => cache.stats().size,
      storeSecret: (name, value) => {
        if (!this.storeSecret) throw new Error('no keychain store');
        this.storeSecret(name, value);
      },
      hasKeychainStore: () => this.storeSecret !== undefined,
      secretChanged: (ref) => this.secretsChanged([ref]),
      demo: () => this.demo.get(),
    });
    this.conditions = new AgentConditions({ probe: networkProbe, now: clock, runs, log, onNetwork: (status, outageMs) => {
      events.emit('network', status);
      if (status.online) {
        this.alerts.onBackOnline(outageMs);
        this.queue.dispatch();
      }
    } });
    this.queue = new JobQueue({
      concurrency: config.queue.concurrency,
      execute: (job) => this.execute(job),
      store: new SqliteQueueStore(db),
      pauses: new SqlitePauseStore(db), // a pause from `syncflow pause` or a previous session holds
      now: clock,
      onError: (source, err) => log.error(`queued run failed to start: ${String(err)}`, { source }),
      holdAutomatic: () => this.conditions.holdAutomatic(),
      retryLater: (job, run) => this.conditions.retryLater(job, run),
    });
    const feed = (this.alertFeed = new AlertFeed(db, events, log, clock));
    this.alerts = new AlertMonitor({ ...config.alerts, now: clock, recentOutcomes: (s, n) => runs.recentOutcomes(s, n), emit: (a) => feed.raise(a), resolve: (kinds, s) => feed.resolve(kinds, s) });
  }

  private demo!: DemoApiHandle;
  /** Runs a dead process or worker left `running`, closed as failed by open() (ops/resumeInterrupted.ts). */
  interrupted: SyncRun[] = [];

  static async open(opts: EngineOptions): Promise<Engine> {
    mkdirSync(opts.dataDir, { recursive: true });
    const loaded = opts.config ? { config: opts.config, file: null } : loadConfig(opts.dataDir, opts.configPath);
    const { config } = loaded;
    const events = new EngineEvents();
    const log = createLogger({
      dataDir: opts.fileLogs === false ? null : opts.dataDir,
      onLine: (l) => events.emit('log', l),
      level: config.logging.level,
      rotation: config.logging,
    });
    const db = openDatabase(catalogPath(opts.dataDir));
    let claim: DataDirClaim | undefined;
    try {
      claim = opts.hostedRecovery
        ? { lock: null, holder: null, recover: true, startedBefore: null }
        : claimDataDir(opts.dataDir, opts.agent); // recovery only by the lock holder, or when no agent is live
      const from = claim.lock?.tookOverFrom;
      if (from) log.warn(`took over the agent lock of a process that is gone (${describeHolder(from)})`);
      const runs = new RunStore(db);
      const abandoned = claim.recover ? runs.closeAbandoned(new Date().toISOString(), claim.startedBefore, opts.hostedRecovery?.reason) : [];
      if (abandoned.length > 0) log.warn(`${abandoned.length} run(s) were interrupted by a crash or kill; their sources resume from the last checkpoint`);
      const sources = new Map<string, SourceEntry>();
      const { breakerThreshold, breakerCooldownMs } = config.resilience;
      const problems = scheduleProblems(config.sources);
      if (problems.length > 0) throw new ConfigError(problems, loaded.file ?? undefined);
      config.sources.forEach((source, i) =>
        sources.set(source.name, {
          config: source,
          where: `sources[${i}]`,
          breaker: new CircuitBreaker(breakerThreshold, breakerCooldownMs, opts.now),
        }),
      );
      const cache = new RecordCache<Product>({
        max: config.cache.maxEntries,
        ttlMs: config.cache.productTtlSeconds * 1000,
        categoryTtlMs: config.cache.categoryTtlSeconds * 1000,
      });
      const engine = new Engine(events, opts.dataDir, config, loaded.file, db, new CatalogStore(db), runs, cache, log, sources, opts.keychain, opts.sleep, opts.now ?? Date.now, opts.networkProbe ?? interfaceProbe);
      engine.agentLock = claim.lock;
      engine.interrupted = abandoned;
      engine.demo = new DemoApiHandle(opts.demo, () => engine.config.sources, log);
      engine.storeSecret = opts.storeSecret;
      // A bulk load cut short by a crash left the search and browse indexes to build. If a full sync will resume
      // it, that sync builds them when it ends (or fails); otherwise build them now, before serving.
      const resumable = config.sources.some((s) => (runs.checkpoint(s.name)?.fullOffset ?? 0) > 0);
      if (claim.recover && !resumable && (await engine.catalog.recover())) {
        log.warn('rebuilt the search index left incomplete by an interrupted bulk load');
      }
      await engine.warmCache();
      return engine;
    } catch (err) {
      db.close();
      log.close();
      claim?.lock?.release();
      throw err;
    }
  }

  private async connectorFor(entry: SourceEntry): Promise<Connector> {
    if (entry.connector) return entry.connector;
    const demo = entry.config.kind === 'demo' ? await this.demo.get() : null;
    entry.connector = createConnector(entry.config, {
      resolveSecret: createSecretResolver(this.keychain),
      where: entry.where,
      db: this.db,
      ...(demo ? { demo: { url: demo.url, userKey: demo.userKey } } : {}),
    });
    return entry.connector;
  }

  /** Secrets were set or replaced: sources that use them resolve anew at their next run (one in flight keeps its own). */
  secretsChanged(changed: readonly SecretRef[]): string[] {
    const dropped = dropConnectorsUsing(this.sources, changed);
    if (dropped.length > 0) this.log.info(`new secret value(s) for ${dropped.join(', ')}: used from the next run`);
    return dropped;
  }

  /** Every live product, streamed in id order (export). */
  exportProducts(): Iterable<Product> {
    return this.catalog.iterate();
  }

  /** Entities the configuration declares, products first. */
  entityNames(): string[] {
    return [...new Set(['products', ...this.config.sources.map((s) => s.entity)])];
  }

  /** The fields a declared entity's sources map (export columns). */
  entityFields(entity: string): string[] {
    const fields = new Set<string>();
    for (const s of this.config.sources) {
      if (s.entity !== entity || !('mapping' in s) || !s.mapping) continue;
      for (const f of [...Object.keys(s.mapping.fields), ...Object.keys(s.mapping.customFields)]) {
        if (f !== 'id' && f !== 'sourceUpdatedAt') fields.add(f);
      }
    }
    return [...fields].sort();
  }

  sourceNames(): string[] {
    return [...this.sources.keys()];
  }

  /** Sources that run on their own (`enabled: false` ones only by name). */
  enabledSources(): string[] {
    return [...this.sources.values()].filter((e) => e.config.enabled !== false).map((e) => e.config.name);
  }

  /** Syncs one source, or every source, through the queue; a request for a source already queued or running joins it. */
  async sync(opts: SyncOptions): Promise<SyncRun[]> {
    if (this.closed) throw new Error('the engine is closed');
    const names = opts.source ? [opts.source] : this.enabledSources();
    for (const n of names) {
      if (!this.sources.has(n)) {
        throw new ApiInputError('syncNow', [`source: unknown source "${n}"; configured: ${this.sourceNames().join(', ')}`]);
      }
    }
    if (opts.segment) checkSegment(opts.source, opts.segment, (n) => this.sources.get(n)?.config);
    const trigger = opts.trigger ?? 'manual';
    const enqueue = (source: string) =>
      this.queue.enqueue({
        source,
        priority: opts.priority ?? priorityOf(trigger, opts.urgency),
        trigger,
        ...(opts.urgency ? { urgency: opts.urgency } : {}),
        ...(opts.segment ? { segment: opts.segment } : {}),
        full: opts.full ?? false,
        ...(opts.ids ? { ids: opts.ids } : {}),
        options: { dryRun: opts.dryRun ?? false, allowMassDelete: opts.allowMassDelete ?? false },
      });
    // Several sources run parents first, like a scheduled cycle; a dependent of a parent that did not succeed is skipped.
    const runs = await runInDependencyOrder(names, {
      parentsOf: (n) => this.sources.get(n)?.config.dependsOn ?? [],
      run: enqueue,
      skip: (n, failed) => {
        const run = recordSkipped(this.runs, this.log, n, trigger, `${failed.join(', ')} did not succeed in this sync`, 'a parent source did not succeed');
        this.events.emit('runFinished', run);
        return run;
      },
    });
    return names.flatMap((n) => runs.get(n) ?? []);
  }

  /** Runs one queued job (the queue guarantees one per source at a time). */
  private execute(job: Job): Promise<SyncRun> {
    const name = job.source;
    const entry = this.sources.get(name);
    if (!entry) return Promise.resolve(recordFailedStart(this.runs, this.log, name, job.trigger, new Error(`source "${name}" is no longer configured`)));
    if (job.options?.dryRun && this.running.size > 0) {
      // A dry run holds one transaction open to roll it back; another source's pages would be rolled back with it.
      return Promise.reject(new ApiInputError('syncNow', ['dryRun: wait until the running syncs finish']));
    }
    const trigger = job.trigger;
    if (!entry.breaker.tryAcquire()) {
      const b = entry.breaker.snapshot();
      const run = recordSkipped(this.runs, this.log, name, trigger,
        `circuit breaker open after ${b.consecutiveFailures} consecutive failed runs; next attempt after ${b.openUntil}`);
      this.events.emit('runFinished', run);
      return Promise.resolve(run);
    }
    const abort = new AbortController();
    const signal = runSignal(abort.signal, this.config.resilience.runDeadlineMs);
    const deps: PipelineDeps = {
      db: this.db,
      catalog: this.catalog,
      records: this.records,
      hub: this.hub,
      runs: this.runs,
      reviews: this.reviews,
      cache: this.cache,
      log: this.log,
      onProgress: (p) => {
        this.progress.set(name, p);
        this.events.emit('progress', p);
      },
      ...(this.sleep ? { sleep: this.sleep } : {}),
      now: () => new Date(this.clock()),
      inbound: (source, entity) => this.targets.inboundCheck(source, entity),
    };
    const promise = this.connectorFor(entry).then(
      (connector) => runSync(deps, runRequest(this.config, entry.config, connector, job, signal)),
      (err: unknown) => recordFailedStart(this.runs, this.log, name, trigger, err),
    ).then((run) => this.conditions.settle(run)).then((run) => {
      settleBreaker(entry.breaker, run.status);
      return run;
    }).finally(() => {
      this.running.delete(name);
      this.progress.delete(name);
    });
    this.running.set(name, { promise, abort, automatic: !isOperatorTrigger(trigger) });
    void promise.then((run) => {
      this.events.emit('runFinished', run);
      this.alerts.onRun(run);
      if (run.status === 'succeeded') void this.pruneChangeFeed();
      this.targets.afterSync(run, entry.config.entity);
      const { created, updated, deleted } = run.counts;
      if (run.status === 'succeeded' && created + updated + deleted > 0 && !this.closed) this.warmer?.warm();
    });
    return promise;
  }

  /**
   * Starts unattended operation (serve, desktop): restores queued jobs of the previous process, the schedules,
   * the webhook receiver. CLI one-shots never call it, so `status` or `search` never start a sync.
   */
  async startAgent(opts: { tickMs?: number } = {}): Promise<void> {
    if (this.scheduler) return;
    const restored = this.queue.restore();
    if (restored > 0) this.log.info(`${restored} queued job(s) from the previous session restored`);
    await this.startServices();
    const interval = opts.tickMs ?? 15_000;
    if (interval > 0) {
      this.agentTimer = setInterval(() => void this.tick(), interval);
      this.agentTimer.unref();
    }
  }

  /** Schedules, webhook receiver and file watches over the enabled sources of the current config. */
  private async startServices(): Promise<void> {
    const ctx: AgentContext = {
      config: { ...this.config, sources: this.config.sources.filter((s) => s.enabled !== false) },
      runs: this.runs,
      log: this.log,
      clock: this.clock,
      keychain: this.keychain,
      enqueue: (job) => this.queue.enqueue(job),
      webhookEvents: this.webhookEvents,
      skipped: (source, why) =>
        this.events.emit('runFinished', recordSkipped(this.runs, this.log, source, 'schedule', why, 'a parent source did not succeed')),
    };
    this.scheduler = createScheduler(ctx);
    this.targets.start();
    this.webhooks = await startWebhooks(ctx);
    this.fileWatches = watchFileSources({ config: ctx.config, log: this.log, enqueue: ctx.enqueue });
  }

  /**
   * Applies a new configuration without a restart (Settings → save): sources added, removed or changed, schedules,
   * webhooks and file watches. Runs in flight finish on the old config. Queue concurrency, cache sizes, logging and
   * alert thresholds take effect at the next start.
   */
  async applyConfig(next: SyncflowConfig): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    const { breakerThreshold, breakerCooldownMs } = next.resilience;
    const diff = reconcileSources(this.sources, next, (config, where, old) => ({
      config,
      where,
      breaker: old?.breaker ?? new CircuitBreaker(breakerThreshold, breakerCooldownMs, this.clock),
    }));
    this.config = next;
    if (this.scheduler) {
      // The old scheduler's cycles in flight end on their own; waiting for them would hold the save for a whole run.
      void this.scheduler.stop();
      this.fileWatches?.close();
      await this.webhooks?.close();
      await this.startServices();
    }
    return diff;
  }

  /**
   * One beat of the agent: due schedules, pauses that ended or were changed by `syncflow pause`/`resume`, stale
   * data, queue backlog. Resolves when the cycle it started ends.
   */
  async tick(): Promise<void> {
    await this.conditions.network.recheck();
    this.queue.reloadPauses();
    this.queue.dispatch();
    this.alerts.checkStale((s) => this.runs.lastSuccess(s)?.finishedAt ?? null, this.sourceNames());
    this.alerts.checkBacklog(this.queue.backlog());
    await this.scheduler?.tick();
  }

  get webhookUrl(): string | null {
    return this.webhooks?.url ?? null;
  }

  async getStatus(_input: ParsedInput<'getStatus'>): Promise<MethodResult<'getStatus'>> {
    return composeStatus(this.liveStatus(), this.runs, this.catalog.count(), this.clock());
  }

  /** The part of getStatus only this engine's memory holds (metrics/statusParts.ts); the host's reader adds the rest. */
  liveStatus(): LiveStatus {
    const next = (c: SourceConfig) => (c.schedule ? this.nextRuns.next(c.schedule.cron, c.schedule.timezone, this.clock()) : null);
    const cache = this.cache.stats();
    return {
      version: SYNCFLOW_VERSION,
      dataDir: this.dataDir,
      demo: this.config.sources.some((s) => s.kind === 'demo'),
      sources: liveSources(this.sources.values(), (n) => this.running.has(n), next),
      cache: { ...cache, warming: this.warmer?.report() ?? null },
      running: [...this.progress.values()],
      queue: queueState(this.queue),
      webhookUrl: this.webhookUrl,
      webhooks: { url: this.webhookUrl, publicUrl: this.config.webhooks.publicUrl ?? null, sources: this.webhookEvents.list() },
      network: this.conditions.network.status(),
      suspended: this.conditions.suspended,
      conflicts: { open: this.hub.links.openConflicts() },
    };
  }

  async getHealth(_input: ParsedInput<'getHealth'>): Promise<MethodResult<'getHealth'>> {
    const statuses = sourceStatuses(this.sources.values(), this.runs, (n) => this.running.has(n));
    const rules = { staleAfterHours: this.config.alerts.staleAfterHours, breakerThreshold: this.config.resilience.breakerThreshold };
    return agentHealth(statuses, this.runs, rules, this.clock());
  }

  async reportSystemState(input: ParsedInput<'reportSystemState'>): Promise<MethodResult<'reportSystemState'>> {
    if (input.suspended === true) {
      this.conditions.suspend(() => {
        const automatic = [...this.running.entries()].filter(([, r]) => r.automatic);
        for (const r of this.running.values()) r.abort.abort(); // each stops after committing its current page
        return automatic.map(([name]) => name);
      });
    }
    const network = input.online === undefined ? this.conditions.network.status() : await this.conditions.network.hint(input.online);
    if (input.suspended === false) {
      this.conditions.wake();
      this.tick().catch((err: unknown) => this.log.error(`tick after wake failed: ${String(err)}`)); // missed schedules fire once
    }
    return network;
  }

  async getNotificationSettings(_input: ParsedInput<'getNotificationSettings'>): Promise<MethodResult<'getNotificationSettings'>> {
    return this.config.notifications;
  }

  async setNotificationSettings(input: ParsedInput<'setNotificationSettings'>): Promise<MethodResult<'setNotificationSettings'>> {
    const next = applyNotificationPatch(this.config.notifications, input);
    if (this.configFile) writeNotificationSettings(this.configFile, next);
    this.config.notifications = next;
    return next;
  }

  async listSecrets(_input: ParsedInput<'listSecrets'>): Promise<MethodResult<'listSecrets'>> {
    return { available: false, backend: 'none', weak: false, secrets: [] };
  }

  async setSecret(_input: ParsedInput<'setSecret'>): Promise<MethodResult<'setSecret'>> {
    throw new Error(HEADLESS_SECRETS);
  }

  async deleteSecret(_input: ParsedInput<'deleteSecret'>): Promise<MethodResult<'deleteSecret'>> {
    throw new Error(HEADLESS_SECRETS);
  }

  async getUpdateFeed(_input: ParsedInput<'getUpdateFeed'>): Promise<MethodResult<'getUpdateFeed'>> {
    return this.config.updates.feed ?? null;
  }

  async pauseSync(input: ParsedInput<'pauseSync'>): Promise<MethodResult<'pauseSync'>> {
    this.checkSource('pauseSync', input.source);
    this.queue.pause(input.source, input.until ? Date.parse(input.until) : undefined);
    this.log.info(`paused ${input.source ?? 'all sources'}${input.until ? ` until ${input.until}` : ''}`);
    return queueState(this.queue);
  }

  async resumeSync(input: ParsedInput<'resumeSync'>): Promise<MethodResult<'resumeSync'>> {
    this.checkSource('resumeSync', input.source);
    this.queue.resume(input.source);
    this.log.info(`resumed ${input.source ?? 'all sources'}`);
    return queueState(this.queue);
  }

  private checkSource(method: string, source: string | undefined): void {
    if (source && !this.sources.has(source)) throw new ApiInputError(method, [`source: unknown source "${source}"`]);
  }

  async syncNow(input: ParsedInput<'syncNow'>): Promise<MethodResult<'syncNow'>> {
    return this.sync({ ...(input.source ? { source: input.source } : {}), full: input.full, trigger: 'manual', ...(input.urgency ? { urgency: input.urgency } : {}), ...(input.segment ? { segment: input.segment } : {}) });
  }

  async search(input: ParsedInput<'search'>): Promise<MethodResult<'search'>> {
    if (!input.cursor) this.usage.note('search', JSON.stringify(input));
    return this.cachedSearch(input);
  }

  private cachedSearch(input: ParsedInput<'search'>) {
    // Pages are cached per catalog version: any committed change makes the next identical search recompute.
    return this.cache.derived(`search:${JSON.stringify(input)}`, this.catalog.version, () => this.catalog.search(input));
  }

  async getProduct(input: ParsedInput<'getProduct'>): Promise<MethodResult<'getProduct'>> {
    this.usage.note('product', input.id);
    return input.source ? this.hub.decorate('products', this.catalog.get(input.id, input.source)) : this.cachedProduct(input.id);
  }

  private cachedProduct(id: string) {
    return this.cache.get(id, (key) => this.hub.decorate('products', this.catalog.get(key)));
  }

  async getProductByCode(input: ParsedInput<'getProductByCode'>): Promise<MethodResult<'getProductByCode'>> {
    return this.catalog.getByCode(input.code);
  }

  async listVariants(input: ParsedInput<'listVariants'>): Promise<MethodResult<'listVariants'>> {
    return this.catalog.variants(input.parentId);
  }

  async listCategories(_input: ParsedInput<'listCategories'>): Promise<MethodResult<'listCategories'>> {
    return this.cache.derived('cat:tree', this.catalog.version, () => this.catalog.categories(), { category: true });
  }

  async listEntities(_input: ParsedInput<'listEntities'>): Promise<MethodResult<'listEntities'>> {
    const counts = new Map(this.records.entities().map((e) => [e.entity, e.count]));
    return this.entityNames().map((entity) => ({
      entity,
      count: entity === 'products' ? this.catalog.count() : (counts.get(entity) ?? 0),
    }));
  }

  async searchRecords(input: ParsedInput<'searchRecords'>): Promise<MethodResult<'searchRecords'>> {
    return this.records.searchPage(input);
  }

  async getRecord(input: ParsedInput<'getRecord'>): Promise<MethodResult<'getRecord'>> {
    return this.hub.decorate(input.entity, this.records.get(input.entity, input.id, input.source));
  }

  async productHistory(input: ParsedInput<'productHistory'>): Promise<MethodResult<'productHistory'>> {
    // By id alone: the history of the product that id shows (another source's record of the id is another record).
    const source = input.source ?? this.catalog.get(input.id)?.source;
    return this.catalog
      .changes({ recordId: input.id, limit: input.limit, ...(source ? { source } : {}), ...(input.since ? { since: input.since } : {}) })
      .map(({ seq, op, runId, at, changes, origin, version }) => ({ seq, op, runId, at, changes, origin, version }));
  }

  /** Drops change-feed entries past the configured retention, a slice at a time between turns of the event loop. */
  async pruneChangeFeed(): Promise<number> {
    // Never past what a target has yet to read (targetService.ts).
    const before = this.targets.pruneBefore(new Date(this.clock() - this.config.changeFeedRetentionDays * 86_400_000).toISOString());
    const removed = await this.catalog.pruneChanges(before);
    if (removed > 0) this.log.info(`pruned ${removed} change-feed entries older than ${before}`);
    return removed;
  }

  /** Fills the cache with what the UI asks for first (the category tree, the first catalog page), then with what
   * operators looked at most (cacheWarmer.ts). */
  async warmCache(): Promise<void> {
    await this.listCategories({});
    this.cachedSearch({ query: '', filters: {}, limit: 50, facets: false });
    const report = this.warmer?.warm();
    if (report) this.log.debug(`cache warmed: ${report.loaded.products} products, ${report.loaded.searches} searches in ${report.durationMs} ms`);
  }

  async listAlerts(input: ParsedInput<'listAlerts'>): Promise<MethodResult<'listAlerts'>> {
    return this.alertFeed.list(input);
  }

  async listRuns(input: ParsedInput<'listRuns'>): Promise<MethodResult<'listRuns'>> {
    return this.runs.list(input);
  }

  async cancelSync(input: ParsedInput<'cancelSync'>): Promise<MethodResult<'cancelSync'>> {
    const targets = [...this.running.entries()].filter(([name]) => !input.source || name === input.source);
    for (const [, r] of targets) r.abort.abort();
    // Resolves once the runs have ended: the pipeline stops between pages and got aborts the request in flight.
    await Promise.allSettled(targets.map(([, r]) => r.promise));
    return { cancelled: targets.map(([name]) => name) };
  }

  async tailLogs(input: ParsedInput<'tailLogs'>): Promise<MethodResult<'tailLogs'>> {
    return this.log.tail(input.limit, input.afterSeq);
  }

  // Problems, run detail and logs of the operator screens (ops/opsService.ts).
  listQuarantine = (i: ParsedInput<'listQuarantine'>) => this.ops.listQuarantine(i);
  retryQuarantined = (i: ParsedInput<'retryQuarantined'>) => this.ops.retryQuarantined(i);
  dismissQuarantined = (i: ParsedInput<'dismissQuarantined'>) => this.ops.dismissQuarantined(i);
  listDeleteReviews = (i: ParsedInput<'listDeleteReviews'>) => this.ops.listDeleteReviews(i);
  approveDeletes = (i: ParsedInput<'approveDeletes'>) => this.ops.approveDeletes(i);
  rejectDeletes = (i: ParsedInput<'rejectDeletes'>) => this.ops.rejectDeletes(i);
  getRun = (i: ParsedInput<'getRun'>) => this.ops.getRun(i);
  queryLogs = (i: ParsedInput<'queryLogs'>) => this.ops.queryLogs(i);
  // Conflicts, pins and provenance of the catalog hub (hub/hubService.ts).
  listConflicts = (i: ParsedInput<'listConflicts'>) => this.hubApi.listConflicts(i);
  resolveConflict = (i: ParsedInput<'resolveConflict'>) => this.hubApi.resolveConflict(i);
  pinField = (i: ParsedInput<'pinField'>) => this.hubApi.pinField(i);
  unpinField = (i: ParsedInput<'unpinField'>) => this.hubApi.unpinField(i);
  getProvenance = (i: ParsedInput<'getProvenance'>) => this.hubApi.getProvenance(i);
  // Settings (ops/settings.ts).
  getConfig = async (_i: ParsedInput<'getConfig'>) => this.settings.getConfig();
  updateConfig = (i: ParsedInput<'updateConfig'>) => this.settings.updateConfig(i);
  testSource = (i: ParsedInput<'testSource'>) => this.settings.testSource(i);
  previewSchedule = async (i: ParsedInput<'previewSchedule'>) => this.settings.previewSchedule(i);
  storeCredential = async (i: ParsedInput<'storeCredential'>) => this.settings.storeCredential(i);
  // Targets (targets/targetService.ts).
  listTargets = async (_i: ParsedInput<'listTargets'>) => this.targets.list();
  pushTargets = (i: ParsedInput<'pushTargets'>) => this.targets.push(i.targets, 'manual');
  syncEntity = (i: ParsedInput<'syncEntity'>) => this.targets.syncEntity(i);

  /** Stops running syncs (their committed pages stay), the demo API and the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.agentTimer) clearInterval(this.agentTimer);
    this.fileWatches?.close();
    await this.webhooks?.close();
    this.queue.stop(); // nothing new starts; queued jobs stay persisted for the next start
    for (const r of this.running.values()) r.abort.abort();
    await this.scheduler?.stop();
    await Promise.allSettled([...this.running.values()].map((r) => r.promise));
    await this.targets.close();
    await this.demo.close();
    // Database sources hold connection pools.
    await Promise.allSettled([...this.sources.values()].map((e) => e.connector?.close?.()));
    await this.catalog.close();
    this.usage.flush(new Date(this.clock()).toISOString());
    this.db.close();
    this.log.close();
    this.agentLock?.release();
  }
}
