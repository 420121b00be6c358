// The engine's targets: one writer, breaker and push at a time per target; push now, push after each sync that
// changed the catalog, push on a target's own cron; the list with offsets, lag and last runs. The engine holds one
// of these and delegates the contract's target methods to it.
import cron, { type ScheduledTask } from 'node-cron';
import type { SyncflowConfig } from '../../../src-shared/config.js';
import type { RunTrigger, SyncRun } from '../../../src-shared/domain.js';
import { pushResult, type EntitySyncResult, type PushResult, type TargetStatus } from '../../../src-shared/targetApi.js';
import type { TargetConfig } from '../../../src-shared/targetSchemas.js';
import { ApiInputError } from '../../../src-shared/api.js';
import type { SecretResolver } from '../connectors/types.js';
import type { EngineEvents } from '../events.js';
import type { Logger } from '../logging/logger.js';
import { CircuitBreaker } from '../resilience/circuitBreaker.js';
import type { Sleep } from '../resilience/retryPolicy.js';
import type { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { RecordStore } from '../store/recordStore.js';
import type { RunStore } from '../store/runStore.js';
import { ChangeReader, contentHash, liveState, productRecord, type RecordState } from './changeReader.js';
import { runPush } from './pushRunner.js';
import type { LinkedSystems } from './decide.js';
import { classifyTargetError } from './targetErrors.js';
import { TargetStore } from './targetStore.js';
import { createWriter } from './writers/registry.js';
import type { TargetWriter } from './writers/types.js';

export interface TargetDeps {
  db: Db;
  catalog: CatalogStore;
  records: RecordStore;
  runs: RunStore;
  log: Logger;
  events: EngineEvents;
  config: () => SyncflowConfig;
  resolve: SecretResolver;
  clock: () => number;
  sleep?: Sleep | undefined;
  /** Runs a sync of one source (for syncEntity). */
  sync: (source: string) => Promise<SyncRun | null>;
  /** The catalog hub's view of what a linked system holds (echo suppression of merged records). */
  linked?: LinkedSystems;
}

export class TargetService {
  readonly store: TargetStore;
  private readonly reader: ChangeReader;
  private readonly writers = new Map<string, { config: TargetConfig; writer: TargetWriter }>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly inFlight = new Map<string, Promise<SyncRun>>();
  private readonly aborts = new Set<AbortController>();
  private tasks: ScheduledTask[] = [];
  private closed = false;
  /** Pushes after syncs and on crons run in agents (serve, desktop) only; one-shot commands push when asked. */
  private agent = false;

  constructor(private readonly deps: TargetDeps) {
    this.store = new TargetStore(deps.db);
    this.reader = new ChangeReader(deps.db, deps.catalog, deps.runs);
  }

  private targets(): TargetConfig[] {
    return this.deps.config().targets;
  }

  private breaker(name: string): CircuitBreaker {
    let b = this.breakers.get(name);
    if (!b) {
      const r = this.deps.config().resilience;
      b = new CircuitBreaker(r.breakerThreshold, r.breakerCooldownMs, this.deps.clock);
      this.breakers.set(name, b);
    }
    return b;
  }

  private async writer(t: TargetConfig, where: string): Promise<TargetWriter> {
    const have = this.writers.get(t.name);
    // A reload that changed the target gets a fresh writer; the old one is closed when unused.
    if (have && JSON.stringify(have.config) === JSON.stringify(t)) return have.writer;
    if (have) void have.writer.close().catch(() => undefined);
    const writer = await createWriter(t, this.deps.resolve, where);
    this.writers.set(t.name, { config: t, writer });
    return writer;
  }

  list(): TargetStatus[] {
    return this.targets().map((t) => ({
      name: t.name,
      kind: t.kind,
      entity: t.entity,
      enabled: t.enabled !== false,
      offset: this.store.offset(t.name),
      lag: this.store.lag(t.name),
      lastRun: this.deps.runs.list({ source: t.name, limit: 1 })[0] ?? null,
      breaker: this.breaker(t.name).snapshot(),
    }));
  }

  /** Pushes the named targets (default: every enabled one), one after another; results in the same order. */
  async push(names: string[] | undefined, trigger: RunTrigger): Promise<PushResult[]> {
    const all = this.targets();
    const unknown = (names ?? []).filter((n) => !all.some((t) => t.name === n));
    if (unknown.length) {
      throw new ApiInputError('pushTargets', unknown.map((n) => `targets: unknown target "${n}"; configured: ${all.map((t) => t.name).join(', ') || 'none'}`));
    }
    const chosen = names?.length ? all.filter((t) => names.includes(t.name)) : all.filter((t) => t.enabled !== false);
    const out: PushResult[] = [];
    for (const t of chosen) out.push(await this.pushOne(t, trigger));
    return out;
  }

  private async pushOne(t: TargetConfig, trigger: RunTrigger): Promise<PushResult> {
    // A push already running covers what is waiting now; then one more picks up what arrived meanwhile.
    const running = this.inFlight.get(t.name);
    if (running) await running.catch(() => undefined);
    const where = `targets[${this.targets().indexOf(t)}]`;
    const breaker = this.breaker(t.name);
    if (!breaker.tryAcquire()) {
      const b = breaker.snapshot();
      const now = new Date(this.deps.clock()).toISOString();
      const run = this.deps.runs.start(t.name, trigger, 'push', 'circuit breaker open', now);
      const skipped = this.deps.runs.finish(run.id, 'skipped', 0, run.counts, now, null, {
        notes: [`circuit breaker open after ${b.consecutiveFailures} consecutive failed pushes; next attempt after ${b.openUntil}`],
      });
      return pushResult(t.name, skipped);
    }
    let writer: TargetWriter;
    try {
      writer = await this.writer(t, where);
    } catch (err) {
      breaker.release();
      const e = classifyTargetError(err);
      const now = new Date(this.deps.clock()).toISOString();
      const run = this.deps.runs.start(t.name, trigger, 'push', 'target could not be set up', now);
      return pushResult(t.name, this.deps.runs.finish(run.id, 'failed', 0, run.counts, now, e));
    }
    const abort = new AbortController();
    this.aborts.add(abort);
    const { runs, log, sleep } = this.deps;
    const r = this.deps.config().resilience;
    const promise = runPush(
      {
        store: this.store,
        reader: this.reader,
        runs,
        log,
        policy: { maxRetries: r.maxRetries, baseDelayMs: r.baseDelayMs, maxDelayMs: r.maxDelayMs },
        ...(sleep ? { sleep } : {}),
        now: () => new Date(this.deps.clock()),
        all: (entity) => this.liveStates(entity),
        linked: this.deps.linked,
      },
      t,
      writer,
      trigger,
      abort.signal,
    ).finally(() => {
      this.aborts.delete(abort);
      this.inFlight.delete(t.name);
    });
    this.inFlight.set(t.name, promise);
    const run = await promise;
    if (run.status === 'succeeded') breaker.onSuccess();
    else if (run.status === 'failed') breaker.onFailure();
    else breaker.release();
    this.deps.events.emit('runFinished', run);
    return pushResult(t.name, run);
  }

  private *liveStates(entity: string): Iterable<RecordState> {
    // Built from the rows being iterated: no other statement may run on the connection while one iterates.
    if (entity === 'products') for (const p of this.deps.catalog.iterate()) yield liveState(entity, p.id, productRecord(p)!, p.source, p.syncVersion);
    else for (const r of this.deps.records.iterate(entity)) yield liveState(entity, r.id, { id: r.id, ...r.data }, r.source, r.syncVersion);
  }

  /**
   * For a sync of `source`: a check that says whether an incoming record is only the copy the linked system holds
   * (its content equals what a target linked to that source is known to hold: what we last pushed there, or what it
   * gave us). Such a record is not news from that system and must not overwrite a newer catalog value (a system
   * synced before it received the last push). null when no target is linked to the source: nothing to check.
   */
  inboundCheck(source: string, entity: string): ((id: string, record: Record<string, unknown>) => boolean) | null {
    const linked = this.targets().filter((t) => t.source === source && t.entity === entity).map((t) => t.name);
    if (linked.length === 0) return null;
    return (id, record) => {
      const hash = contentHash(record);
      return linked.some((t) => this.store.ledger(t, entity, id)?.hash === hash);
    };
  }

  /** The change-feed retention cut, moved back so no entry a configured target has not read yet is pruned. */
  pruneBefore(cut: string): string {
    const targets = this.targets();
    if (targets.length === 0) return cut;
    const unread = this.store.firstUnreadAt(Math.min(...targets.map((t) => this.store.offset(t.name))));
    return unread !== null && unread < cut ? unread : cut;
  }

  /** After a sync that changed the catalog: push the targets of that entity that push after syncs. */
  afterSync(run: SyncRun, entity: string): void {
    if (!this.agent || this.closed || run.status !== 'succeeded' || run.dryRun) return;
    if (run.counts.created + run.counts.updated + run.counts.deleted === 0) return;
    const due = this.targets().filter((t) => t.enabled !== false && t.pushAfterSync && t.entity === entity).map((t) => t.name);
    if (due.length) void this.push(due, 'schedule').catch((err: unknown) => this.deps.log.error(`push after sync failed: ${String(err)}`));
  }

  /** "Sync entity E from source A to targets B and C". */
  async syncEntity(input: { entity: string; from: string; to: string[] }): Promise<EntitySyncResult> {
    const cfg = this.deps.config();
    const problems: string[] = [];
    const source = cfg.sources.find((s) => s.name === input.from);
    if (!source) problems.push(`from: unknown source "${input.from}"`);
    else if (source.entity !== input.entity) problems.push(`from: source "${input.from}" holds ${source.entity}, not ${input.entity}`);
    for (const [i, n] of input.to.entries()) {
      const t = cfg.targets.find((x) => x.name === n);
      if (!t) problems.push(`to[${i}]: unknown target "${n}"`);
      else if (t.entity !== input.entity) problems.push(`to[${i}]: target "${n}" takes ${t.entity}, not ${input.entity}`);
    }
    if (problems.length) throw new ApiInputError('syncEntity', problems);
    const sync = await this.deps.sync(input.from);
    if (sync && sync.status !== 'succeeded') return { sync, pushes: [] };
    return { sync, pushes: await this.push(input.to, 'manual') };
  }

  /** Targets with a cron of their own push on it (agents only: serve, desktop). */
  start(): void {
    this.agent = true;
    this.stopSchedules();
    for (const t of this.targets()) {
      if (!t.schedule || t.enabled === false) continue;
      const task = cron.schedule(t.schedule.cron, () => void this.push([t.name], 'schedule').catch(() => undefined), {
        ...(t.schedule.timezone ? { timezone: t.schedule.timezone } : {}),
      });
      this.tasks.push(task);
    }
  }

  private stopSchedules(): void {
    for (const task of this.tasks) void task.stop();
    this.tasks = [];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopSchedules();
    for (const a of this.aborts) a.abort();
    await Promise.allSettled([...this.inFlight.values()]);
    await Promise.allSettled([...this.writers.values()].map((w) => w.writer.close()));
    this.writers.clear();
  }
}
