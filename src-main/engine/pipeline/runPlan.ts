// Step 1 of a sync run (syncPipeline.ts): choose the strategy from the request and the checkpoint, open the run,
// and gather the state the later steps share (counts, cursor, watermark, paging position).
import type { SourceConfig } from '../../../src-shared/config.js';
import type { Progress, RunCounts, RunTrigger } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import type { Connector } from '../connectors/types.js';
import type { CatalogHub } from '../hub/catalogHub.js';
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
import { chooseStrategy, type Plan } from './strategyRules.js';
import type { Urgency } from '../../../src-shared/syncOps.js';
import { describeSegment, type SegmentConfig } from '../../../src-shared/segments.js';
import { segmentKey } from '../segments/segments.js';

export interface PipelineDeps {
  db: Db;
  catalog: CatalogStore;
  /** Entities other than products (customers, invoices, …). */
  records?: RecordStore;
  /** Every write goes through it to the entity's store: match rules, conflict policies, pins (hub/catalogHub.ts). */
  hub?: CatalogHub;
  runs: RunStore;
  /** Open quarantine entries and deletes held for review (ops/problems.ts). */
  reviews?: ReviewStore;
  cache: { invalidate(keys: Iterable<string>): void };
  log: Logger;
  onProgress: (p: Progress) => void;
  now?: () => Date;
  /** Backoff waits; tests pass one that records the delay and resolves at once. */
  sleep?: Sleep;
  /**
   * Targets linked to a source (targets/targetService.ts inboundCheck): whether an incoming record is only the copy
   * that system was last known to hold, which is no news from it and must not overwrite a newer catalog value.
   */
  inbound: (source: string, entity: string) => ((id: string, record: Record<string, unknown>) => boolean) | null;
}

export interface RunRequest {
  source: SourceConfig;
  connector: Connector;
  trigger: RunTrigger;
  full: boolean;
  /** Fires on cancel or past the run's deadline (queue/runRequest.ts): every run has one. */
  signal: AbortSignal;
  retry?: RetryPolicy;
  /** Share of the source's records a full sync may delete before it stops for review. */
  maxDeleteShare?: number;
  /** The operator has looked and wants the deletes applied anyway. */
  allowMassDelete?: boolean;
  /** Compute what would change, write nothing (one outer transaction, rolled back). */
  dryRun?: boolean;
  /** Specific records to refresh (a change notification named them). */
  ids?: string[];
  /** low | normal | critical: whether a few named records are fetched at once (strategyRules.ts). */
  urgency?: Urgency;
  /** The source's incrementalMaxAgeHours: a last sync older than this makes a full sync. */
  maxAgeHours?: number | null;
  /** Only this segment's records: its own cursor and deletes; `vendorFilter` is what the source filters itself. */
  segment?: RunSegment;
}

export interface RunSegment {
  name: string;
  config: SegmentConfig;
  vendorFilter: string | null;
}

export { chooseStrategy, REALTIME_MAX_IDS, type Plan } from './strategyRules.js';

const noRetry: RetryPolicy = { maxRetries: 0, baseDelayMs: 1000, maxDelayMs: 30_000 };

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
  /** The segment this run syncs, and where its checkpoint and seen ids are kept (`source#segment`). */
  segment: RunSegment | null;
  checkpointKey: string;
  /** Segment runs: records of the segment the pass saw, and the newest update time among them. */
  segmentSeen: number;
  segmentMax: string | null;
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
  /**
   * Records read without a key (quarantined, so never in the seen ids) on the page being committed, in the current
   * listing so far, and the most in one listing: they count as seen when the pass compares what it saw with the
   * source's total. The most in one listing, not the sum: a second listing reads them again.
   */
  keyless: { page: number; listing: number; most: number };
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
  const segment = req.segment ?? null;
  const checkpointKey = segmentKey(name, segment?.name);
  const checkpoint = runs.checkpoint(checkpointKey);
  const staleReason = checkpoint?.cursor ? (connector.fullSyncReason?.(checkpoint.cursor, deps.now?.() ?? new Date()) ?? null) : null;
  const plan = chooseStrategy(
    {
      full: req.full,
      incrementalCapable: connector.capabilities.incremental,
      staleReason,
      ...(req.ids ? { ids: req.ids } : {}),
      fetchByIds: Boolean(connector.capabilities.fetchByIds && connector.fetchByIds),
      ...(req.urgency ? { urgency: req.urgency } : {}),
      maxAgeHours: req.maxAgeHours ?? null,
      now: deps.now?.() ?? new Date(),
    },
    checkpoint,
  );
  const scope = segment
    ? `segment ${segment.name} (${describeSegment(segment.config.where)}; ${segment.vendorFilter ? 'filtered by the source' : 'filtered here'}): `
    : '';
  const reason = `${dryRun ? 'dry run, nothing written: ' : ''}${scope}${plan.reason}`;
  const run = runs.start(name, req.trigger, plan.strategy, reason, now());
  const ctx = { source: name, runId: run.id };
  log.info(`sync started: ${plan.strategy} (${reason})`, ctx);
  const sleep = deps.sleep ?? realSleep;
  const retry = req.retry ?? noRetry;
  // The source's pace records this run's refusals, waits and changes from here.
  connector.pacer?.beginRun({ sleep, policy: retry });

  const full = plan.strategy === 'full';
  const resumed = plan.startOffset > 0;
  const passId = resumed ? (checkpoint?.fullRunId ?? run.id) : run.id;
  // The connector counts all its traffic; one run per source at a time, so the difference is this run's.
  const trafficAtStart = { requests: connector.traffic?.requests ?? 0, bytes: connector.traffic?.bytes ?? 0 };
  const entity = req.source.entity;
  const isProducts = entity === 'products';
  if (!isProducts && !deps.records) throw new Error(`no record store for entity "${entity}"`);
  // Records a match rule links are merged row by row and compared after mapping.
  const merges = deps.hub?.merges(entity) ?? false;
  const deletes = new FullSyncDeletes(db, isProducts && !merges ? undefined : deps.hub?.liveIdsSql(entity));
  // A few records a webhook created before the first listing do not make the load row by row.
  // A segment never loads in bulk: it is a part of a catalog that is, or will be, whole.
  const bulk = isProducts && !merges && full && !dryRun && !segment && (!catalog.hasAny(name) || catalog.fts.stale || !runs.hasListed(name));
  return {
    deps, req, name, entity, isProducts, connector, checkpoint, plan, full, dryRun,
    segment, checkpointKey, segmentSeen: 0, segmentMax: null,
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
    trackSeen: full && (isProducts || deps.hub !== undefined) && (resumed ? deletes.seenCount(checkpointKey, passId) > 0 : !bulk),
    // Products come as record bytes where the connector can split pages: unchanged ones are found by hash.
    // A segment maps every record it gets: membership is decided on mapped values; linked records are merged after mapping.
    rawRecords: isProducts && !segment && !merges ? rawReader(connector.mapping, name) : null,
    lastKey: resumed ? (checkpoint?.fullKey ?? null) : null,
    resolveQuarantined: deps.reviews !== undefined && deps.reviews.openCount(name) > 0,
    lastTotal: null,
    fetchedInRun: plan.startOffset,
    listings: 0,
    resumedListing: false,
    keyless: { page: 0, listing: 0, most: 0 },
    proofFailed: null,
    confirmed: false,
    provenBy: 'by absence from a listing that cannot skip records',
    explain: new RunExplainer(plan.strategy, reason),
    shift: newShiftWatch(),
  };
}
