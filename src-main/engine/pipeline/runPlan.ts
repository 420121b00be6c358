// Step 1 of a sync run (syncPipeline.ts): choose the strategy from the request and the checkpoint, open the run,
// and gather the state the later steps share (counts, cursor, watermark, paging position).
import type { SourceConfig } from '../../../src-shared/config.js';
import type { Progress, RunCounts, RunTrigger, SyncStrategy } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import type { Connector } from '../connectors/types.js';
import type { Logger } from '../logging/logger.js';
import { realSleep, type RetryPolicy, type Sleep } from '../resilience/retryPolicy.js';
import type { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { RecordStore } from '../store/recordStore.js';
import type { ReviewStore } from '../store/reviewStore.js';
import type { Checkpoint, RunStore } from '../store/runStore.js';
import { FullSyncDeletes } from './fullSyncDeletes.js';
import { rawReader } from './rawRecords.js';
import { RunExplainer } from './runExplainer.js';
import { newShiftWatch, type ShiftWatch } from './incrementalShift.js';

export interface PipelineDeps {
  db: Db;
  catalog: CatalogStore;
  /** Entities other than products (customers, invoices, …). */
  records?: RecordStore;
  runs: RunStore;
  /** Open quarantine entries and deletes held for review (ops/problems.ts). */
  reviews?: ReviewStore;
  cache: { invalidate(keys: Iterable<string>): void };
  log: Logger;
  onProgress: (p: Progress) => void;
  now?: () => Date;
  /** Backoff waits; tests pass one that records the delay and resolves at once. */
  sleep?: Sleep;
  random?: () => number;
}

export interface RunRequest {
  source: SourceConfig;
  connector: Connector;
  trigger: RunTrigger;
  full: boolean;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Share of the source's records a full sync may delete before it stops for review. */
  maxDeleteShare?: number;
  /** The operator has looked and wants the deletes applied anyway. */
  allowMassDelete?: boolean;
  /** Compute what would change, write nothing (one outer transaction, rolled back). */
  dryRun?: boolean;
  /** Specific records to refresh (a change notification named them). */
  ids?: string[];
}

/** At most this many ids are fetched one by one; more are cheaper as an incremental sync. */
export const REALTIME_MAX_IDS = 10;

const noRetry: RetryPolicy = { maxRetries: 0, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface Plan {
  strategy: SyncStrategy;
  reason: string;
  startOffset: number;
}

export function chooseStrategy(
  req: { full: boolean; incrementalCapable: boolean; staleReason?: string | null; ids?: string[]; fetchByIds?: boolean },
  checkpoint: Checkpoint | null,
): Plan {
  const ids = req.ids?.length ?? 0;
  if (ids > 0 && ids <= REALTIME_MAX_IDS && req.fetchByIds && !req.full) {
    return { strategy: 'realtime', reason: `${ids} record(s) named by a change notification`, startOffset: 0 };
  }
  // Why named records are not fetched one by one, so the run says it.
  const why = ids === 0 || req.full ? '' : ids > REALTIME_MAX_IDS ? `${ids} ids (more than ${REALTIME_MAX_IDS}); ` : 'the connector cannot fetch by id; ';
  if (checkpoint?.fullOffset != null && checkpoint.fullOffset > 0) {
    return { strategy: 'full', reason: `${why}resuming an interrupted full sync at record ${checkpoint.fullOffset}`, startOffset: checkpoint.fullOffset };
  }
  if (req.full) return { strategy: 'full', reason: 'full sync requested', startOffset: 0 };
  if (!req.incrementalCapable) return { strategy: 'full', reason: `${why}the source has no incremental cursor`, startOffset: 0 };
  if (!checkpoint?.cursor) return { strategy: 'full', reason: `${why}no previous successful sync of this source`, startOffset: 0 };
  // The connector knows when its cursor is too old to trust (incremental.maxAge).
  if (req.staleReason) return { strategy: 'full', reason: `${why}${req.staleReason}`, startOffset: 0 };
  return { strategy: 'incremental', reason: `${why}changes since ${checkpoint.cursor}`, startOffset: 0 };
}

/** What the steps of one run share. Mutable: each step advances the counts, the cursor and the paging position. */
export interface SyncRunState {
  deps: PipelineDeps;
  req: RunRequest;
  name: string;
  entity: string;
  isProducts: boolean;
  connector: Connector;
  checkpoint: Checkpoint | null;
  plan: Plan;
  full: boolean;
  dryRun: boolean;
  runId: number;
  ctx: { source: string; runId: number };
  now: () => string;
  sleep: Sleep;
  retry: RetryPolicy;
  deletes: FullSyncDeletes;
  /** A resumed pass keeps the id of the run that started it, so the ids the crashed process saw still count. */
  passId: number;
  localStart: string;
  /** When this run (or the pass it resumes) began; set from the first page's vendor clock. */
  watermark: string | null;
  notes: string[];
  counts: RunCounts;
  traffic: () => { requests: number; bytes: number };
  pages: number;
  retries: number;
  cursor: string | null;
  /** An initial load skips the search and browse indexes and builds them once at the end. */
  bulk: boolean;
  /** Whether the pass remembers the ids it saw (to delete the others). */
  trackSeen: boolean;
  rawRecords: ReturnType<typeof rawReader> | null;
  /** Keyset paging: the last key committed, where a retry or a resumed pass continues. */
  lastKey: string | null;
  /** Records quarantined earlier that load now close their entries; most sources have none, and pay nothing. */
  resolveQuarantined: boolean;
  lastTotal: number | null;
  fetchedInRun: number;
  /** Listings of the whole result set this run made, and whether one skipped ahead by count (resume, retry). */
  listings: number;
  resumedListing: boolean;
  proofFailed: string | null;
  confirmed: boolean;
  provenBy: string;
  /** Why the run went as it did, recorded with it at the end (runExplainer.ts). */
  explain: RunExplainer;
  /** Whether the current pass's listing may have shifted under it (incrementalShift.ts). */
  shift: ShiftWatch;
}

/** Chooses the strategy, records the run as started and returns the state the other steps share. */
export function planRun(deps: PipelineDeps, req: RunRequest): SyncRunState {
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const { db, catalog, runs, log } = deps;
  const name = req.source.name;
  const dryRun = req.dryRun ?? false;
  const connector = req.connector;
  const checkpoint = runs.checkpoint(name);
  const staleReason = checkpoint?.cursor ? (connector.fullSyncReason?.(checkpoint.cursor, deps.now?.() ?? new Date()) ?? null) : null;
  const plan = chooseStrategy(
    {
      full: req.full,
      incrementalCapable: connector.capabilities.incremental,
      staleReason,
      ...(req.ids ? { ids: req.ids } : {}),
      fetchByIds: Boolean(connector.capabilities.fetchByIds && connector.fetchByIds),
    },
    checkpoint,
  );
  const reason = dryRun ? `dry run, nothing written: ${plan.reason}` : plan.reason;
  const run = runs.start(name, req.trigger, plan.strategy, reason, now());
  const ctx = { source: name, runId: run.id };
  log.info(`sync started: ${plan.strategy} (${reason})`, ctx);
  const sleep = deps.sleep ?? realSleep;
  const retry = req.retry ?? noRetry;
  // The source's pace records this run's refusals, waits and changes from here.
  connector.pacer?.beginRun({ sleep, policy: retry, ...(deps.random ? { random: deps.random } : {}) });

  const full = plan.strategy === 'full';
  const deletes = new FullSyncDeletes(db);
  const resumed = plan.startOffset > 0;
  const passId = resumed ? (checkpoint?.fullRunId ?? run.id) : run.id;
  // The connector counts all its traffic; one run per source at a time, so the difference is this run's.
  const trafficAtStart = { requests: connector.traffic?.requests ?? 0, bytes: connector.traffic?.bytes ?? 0 };
  const entity = req.source.entity;
  const isProducts = entity === 'products';
  if (!isProducts && !deps.records) throw new Error(`no record store for entity "${entity}"`);
  // A few records a webhook created before the first listing do not make the load row by row.
  const bulk = isProducts && full && !dryRun && (!catalog.hasAny(name) || catalog.fts.stale || !runs.hasListed(name));
  return {
    deps, req, name, entity, isProducts, connector, checkpoint, plan, full, dryRun,
    runId: run.id,
    ctx,
    now,
    sleep,
    retry,
    deletes,
    passId,
    localStart: now(),
    watermark: resumed ? (checkpoint?.fullWatermark ?? null) : null,
    notes: [],
    counts: emptyCounts(),
    traffic: () => ({
      requests: (connector.traffic?.requests ?? 0) - trafficAtStart.requests,
      bytes: (connector.traffic?.bytes ?? 0) - trafficAtStart.bytes,
    }),
    pages: 0,
    retries: 0,
    cursor: checkpoint?.cursor ?? null,
    bulk,
    // A pass that started on an empty catalog cannot delete anything, so it does not pay for remembering what it
    // saw; a resumed pass keeps the choice its first run made.
    trackSeen: full && isProducts && (resumed ? deletes.seenCount(name, passId) > 0 : !bulk),
    // Products come as record bytes where the connector can split pages: unchanged ones are found by hash.
    rawRecords: isProducts ? rawReader(connector.mapping, name) : null,
    lastKey: resumed ? (checkpoint?.fullKey ?? null) : null,
    resolveQuarantined: deps.reviews !== undefined && deps.reviews.openCount(name) > 0,
    lastTotal: null,
    fetchedInRun: plan.startOffset,
    listings: 0,
    resumedListing: false,
    proofFailed: null,
    confirmed: false,
    provenBy: 'by absence from a listing that cannot skip records',
    explain: new RunExplainer(plan.strategy, reason),
    shift: newShiftWatch(),
  };
}
