// One sync run: pick the strategy, stream pages from the connector, map, quarantine what cannot load, and commit
// each page with the source's checkpoint in one transaction, so a crash resumes from the last committed page.
// Transient failures are retried from the last committed position; a full pass ends by tombstoning what the
// source no longer has once its absence is proven (deleteProof.ts), unless that would delete too much
// (needs_review). The incremental cursor never passes the time the run (or resumed pass) began: what changed while
// it read is read again by the next incremental.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { SourceConfig } from '../../../src-shared/config.js';
import type { Progress, RunCounts, RunStatus, RunTrigger, SyncRun, SyncStrategy } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import type { Connector, SourcePage } from '../connectors/types.js';
import { classifyError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { realSleep, retryDelay, type RetryPolicy, type Sleep } from '../resilience/retryPolicy.js';
import type { CatalogStore, PreparedProduct } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { Checkpoint, RunStore } from '../store/runStore.js';
import { FullSyncDeletes, massDeleteReason } from './fullSyncDeletes.js';
import { prepareProduct, recordChecksum } from './checksum.js';
import { MappingError, mapProduct, mapRecord, sourceKey } from './mapping.js';
import { parseRecord, rawReader } from './rawRecords.js';
import type { PreparedRecord, RecordStore } from '../store/recordStore.js';
import { byIdRefusal, refreshByIds } from './realtimeSync.js';
import { applyDeleteFeed, confirmByIds, proofMethod } from './deleteProof.js';
import { capCursor, passWatermark } from './watermark.js';
import type { ReviewStore } from '../store/reviewStore.js';

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

export function chooseStrategy(
  req: { full: boolean; incrementalCapable: boolean; staleReason?: string | null; ids?: string[]; fetchByIds?: boolean },
  checkpoint: Checkpoint | null,
): { strategy: SyncStrategy; reason: string; startOffset: number } {
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

export async function runSync(deps: PipelineDeps, req: RunRequest): Promise<SyncRun> {
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const sleep = deps.sleep ?? realSleep;
  const retry = req.retry ?? noRetry;
  const { db, catalog, runs, log } = deps;
  const name = req.source.name;
  const dryRun = req.dryRun ?? false;
  const checkpoint = runs.checkpoint(name);
  const staleReason = checkpoint?.cursor ? (req.connector.fullSyncReason?.(checkpoint.cursor, deps.now?.() ?? new Date()) ?? null) : null;
  const connector = req.connector;
  let plan = chooseStrategy(
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

  const full = plan.strategy === 'full';
  const deletes = new FullSyncDeletes(db);
  // A resumed pass keeps the id of the run that started it, so the ids the crashed process saw still count.
  const passId = plan.startOffset > 0 ? (checkpoint?.fullRunId ?? run.id) : run.id;
  const localStart = now();
  // When this run (or the pass it resumes) began; set from the first page's vendor clock.
  let watermark = plan.startOffset > 0 ? (checkpoint?.fullWatermark ?? null) : null;
  const notes: string[] = [];
  const counts: RunCounts = emptyCounts();
  // The connector counts all its traffic; one run per source at a time, so the difference is this run's.
  const trafficAtStart = { requests: connector.traffic?.requests ?? 0, bytes: connector.traffic?.bytes ?? 0 };
  const traffic = () => ({
    requests: (connector.traffic?.requests ?? 0) - trafficAtStart.requests,
    bytes: (connector.traffic?.bytes ?? 0) - trafficAtStart.bytes,
  });
  let pages = 0;
  let retries = 0;
  let cursor = checkpoint?.cursor ?? null;
  const entity = req.source.entity;
  const isProducts = entity === 'products';
  const recordStore = deps.records;
  if (!isProducts && !recordStore) throw new Error(`no record store for entity "${entity}"`);
  // An initial load (or the resumption of one) skips the search and browse indexes and builds them once at the end.
  // A few records a webhook created before the first listing do not make the load row by row.
  let bulk = isProducts && full && !dryRun && (!catalog.hasAny(name) || catalog.fts.stale || !runs.hasListed(name));
  // A pass that started on an empty catalog cannot delete anything, so it does not pay for remembering what it saw;
  // a resumed pass keeps the choice its first run made.
  const trackSeen = full && isProducts && (plan.startOffset > 0 ? deletes.seenCount(name, passId) > 0 : !bulk);
  // Products come as record bytes where the connector can split pages: unchanged ones are found by hash.
  const rawRecords = isProducts ? rawReader(req.connector.mapping, name) : null;
  // Keyset paging: the last key committed, where a retry or a resumed pass continues.
  let lastKey = plan.startOffset > 0 ? (checkpoint?.fullKey ?? null) : null;
  // Records quarantined earlier that load now close their entries; most sources have none, and pay nothing.
  const reviews = deps.reviews;
  const resolveQuarantined = reviews !== undefined && reviews.openCount(name) > 0;
  const commitPage = db.transaction((page: SourcePage, pageEnd: number, at: string) => {
    const prepared: PreparedProduct[] = [];
    const preparedRecords: PreparedRecord[] = [];
    const seen: string[] = [];
    const failed = new Set<string>();
    let records = page.records;
    let hashes: string[] | null = null;
    if (page.raw && rawRecords) {
      const bytes = page.records as Buffer[];
      const all = bytes.map((b) => rawRecords.hash(b));
      // An initial load has nothing to compare with (and a repeated record is caught by applyPage).
      const keys = bulk ? [] : bytes.map((b) => rawRecords.key(b));
      const stored = bulk ? null : catalog.rawHashesByIds(keys.filter((k): k is string => k !== undefined));
      records = [];
      hashes = [];
      for (let i = 0; i < bytes.length; i++) {
        const key = keys[i];
        if (key !== undefined && stored?.get(key) === all[i]) {
          counts.unchanged++;
          seen.push(key);
          continue;
        }
        records.push(parseRecord(bytes[i]!));
        hashes.push(all[i]!);
      }
    }
    for (let i = 0; i < records.length; i++) {
      const raw = records[i];
      let mapped: { id: string; sourceUpdatedAt: string | null };
      try {
        if (isProducts) {
          const p = mapProduct(raw, req.connector.mapping, name);
          const item = prepareProduct(p);
          if (hashes) item.rawHash = hashes[i]!;
          prepared.push(item);
          mapped = p;
        } else {
          const r = mapRecord(raw, req.connector.mapping, name);
          preparedRecords.push({ ...r, checksum: recordChecksum(r.data) });
          mapped = r;
        }
      } catch (err) {
        if (!(err instanceof MappingError)) throw err;
        const key = sourceKey(raw, req.connector.mapping);
        runs.quarantine(name, run.id, key, err.rule, err.message, raw, at);
        counts.quarantined++;
        if (key !== null && resolveQuarantined) failed.add(key);
        // Still in the source: a record that fails validation is quarantined, not deleted from the catalog.
        if (key !== null) seen.push(key);
        continue;
      }
      seen.push(mapped.id);
      if (plan.strategy === 'incremental' && mapped.sourceUpdatedAt && (!cursor || mapped.sourceUpdatedAt > cursor)) {
        cursor = mapped.sourceUpdatedAt;
      }
    }
    const written = isProducts
      ? catalog.applyPage(prepared, run.id, at, { deferIndex: bulk })
      : recordStore!.applyPage(entity, preparedRecords, run.id, at);
    if (resolveQuarantined) reviews.resolveKeys(name, seen.filter((k) => !failed.has(k)), at);
    counts.created += written.created;
    counts.updated += written.updated;
    counts.unchanged += written.unchanged;
    const changed = written.changedIds;
    if (trackSeen) deletes.markSeen(name, seen, passId);
    pages++;
    runs.saveCheckpoint({
      source: name,
      cursor: capCursor(cursor, watermark),
      fullOffset: full ? pageEnd : null,
      fullRunId: full ? passId : null,
      fullWatermark: full ? watermark : null,
      fullKey: full ? (page.lastKey ?? lastKey) : null,
      updatedAt: at,
    });
    runs.progress(run.id, pages, counts, traffic());
    return changed;
  });

  let lastTotal: number | null = null;
  let fetchedInRun = plan.startOffset;
  // Listings of the whole result set this run made, and whether one skipped ahead by count (resume, retry).
  let listings = 0;
  let resumedListing = false;
  /** Streams the result set from `start`, retrying transient failures from the last committed page. */
  const pass = async (start: number): Promise<void> => {
    let position = start;
    let attempt = 0;
    if (start === 0) lastKey = null;
    for (;;) {
      // Restarting part-way without a key skips records by count: that listing proves no delete.
      if (position > 0 && lastKey === null) resumedListing = true;
      try {
        for await (const page of req.connector.pages({
          strategy: plan.strategy === 'incremental' ? 'incremental' : 'full',
          cursor: checkpoint?.cursor ?? null,
          startOffset: position,
          startKey: position > 0 ? lastKey : null,
          ...(req.signal ? { signal: req.signal } : {}),
          raw: isProducts,
        })) {
          req.signal?.throwIfAborted();
          watermark ??= passWatermark(localStart, page.vendorTime);
          if (page.note && !notes.includes(page.note)) notes.push(page.note);
          counts.fetched += page.records.length;
          fetchedInRun += page.records.length;
          lastTotal = page.total;
          position = page.offset + page.records.length;
          const changed = commitPage(page, position, now());
          if (page.lastKey) lastKey = page.lastKey;
          if (bulk) catalog.pageCommitted();
          attempt = 0;
          // Only after the commit: a reader between commit and invalidation would otherwise cache the old version.
          if (!dryRun) deps.cache.invalidate(changed);
          deps.onProgress({ runId: run.id, source: name, phase: 'fetching', pages, fetched: fetchedInRun, total: page.total });
          // Prefetched pages resolve as microtasks; without a turn of the event loop between them IPC, timers and
          // the UI would wait for several pages in a row.
          await yieldToLoop();
        }
        listings++;
        return;
      } catch (err) {
        if (req.signal?.aborted) throw err;
        const wait = retryDelay(err, attempt, retry, { now: Date.now(), ...(deps.random ? { random: deps.random } : {}) });
        if (wait === null) throw err;
        attempt++;
        retries++;
        const e = classifyError(err);
        log.warn(`retry ${attempt}/${retry.maxRetries} in ${wait} ms from record ${position} after [${e.class}] ${e.message}`, ctx);
        await sleep(wait, req.signal);
      }
    }
  };

  let proofFailed: string | null = null;
  let confirmed = false;
  let provenBy = 'by absence from a listing that cannot skip records';
  /** Checks the pass's candidates before any is deleted (deleteProof.ts); the mass-delete guard goes first. */
  const proveDeletes = async (): Promise<void> => {
    const method = proofMethod(connector, resumedListing);
    if (method === 'listing') return;
    const candidates = deletes.plan(name, passId);
    const maxShare = req.source.massDeleteThreshold ?? req.maxDeleteShare ?? 0.2;
    if (candidates.missing === 0 || (!req.allowMassDelete && massDeleteReason(candidates, maxShare))) return;
    confirmed = true;
    if (method === 'byIds') {
      provenBy = 'by asking the source for each by id';
      log.info(`asking the source for the ${candidates.missing} record(s) the pass did not see before deleting them`, ctx);
      const target = { source: name, connector, runId: run.id, passId, ...(req.signal ? { signal: req.signal } : {}) };
      const r = await confirmByIds(deps, target, deletes, candidates.missingIds, counts, now());
      proofFailed = r.failed;
      if (r.note) notes.push(r.note);
    } else if (listings < 2) {
      provenBy = 'by absence from two listings';
      log.info(`listing once more to confirm the ${candidates.missing} record(s) the pass did not see`, ctx);
      // A record found unchanged twice is one unchanged record.
      const unchanged = counts.unchanged;
      await pass(0);
      counts.unchanged = unchanged;
      notes.push(`listed the source twice to confirm ${candidates.missing} delete candidate(s)`);
    }
  };

  /** Ends a full pass: deletes what the source no longer has, or stops for review when that is too much. */
  const finishFull = (): { status: RunStatus; error: { class: 'validation'; message: string } | null } => {
    const maxShare = req.source.massDeleteThreshold ?? req.maxDeleteShare ?? 0.2;
    const seenAreLive = plan.startOffset === 0 && counts.quarantined === 0 && !proofFailed && listings === 1 && !confirmed;
    const deletePlan = trackSeen ? deletes.plan(name, passId, seenAreLive) : { live: 0, seen: 0, missing: 0, missingIds: [] };
    const total: number | null = lastTotal;
    // Offset paging over a changing source can skip records; deleting them would be wrong, so keep them.
    const incomplete = proofFailed !== null || (trackSeen && total !== null && deletePlan.seen < total);
    const review = incomplete || req.allowMassDelete ? null : massDeleteReason(deletePlan, maxShare);
    const at = now();
    const max = db
      .prepare<[string], { m: string | null }>(
        isProducts
          ? 'SELECT max(source_updated_at) AS m FROM products WHERE source = ? AND deleted_at IS NULL'
          : 'SELECT max(source_updated_at) AS m FROM records WHERE source = ?',
      )
      .get(name)?.m;
    let deleted: string[] = [];
    db.transaction(() => {
      if (trackSeen && !incomplete && !review) deleted = catalog.markDeleted(deletePlan.missingIds, run.id, at);
      // The list is kept so an operator can approve it from the app; a pass that decided on its own supersedes it.
      if (review) reviews?.holdDeletes({ runId: run.id, source: name, reason: review, live: deletePlan.live, ids: deletePlan.missingIds, at });
      else if (!incomplete) reviews?.supersede(name, at);
      deletes.clear(name);
      // The newest update time now in the catalog is where the next incremental sync starts.
      runs.saveCheckpoint({ source: name, cursor: capCursor(max ?? cursor, watermark), fullOffset: null, fullRunId: null, updatedAt: at });
    })();
    counts.deleted = deleted.length;
    if (!dryRun) deps.cache.invalidate(deleted);
    if (incomplete) {
      const why = proofFailed ?? `the pass saw ${deletePlan.seen} of ${total} records the source reports`;
      notes.push(`deletes skipped: ${why}`);
      log.warn(`${why}; deletes skipped`, ctx);
    } else if (deleted.length > 0) notes.push(`${deleted.length} delete(s) proven ${provenBy}`);
    if (review) {
      log.warn(`needs review: ${review}`, ctx);
      return { status: 'needs_review', error: { class: 'validation', message: review } };
    }
    return { status: 'succeeded', error: null };
  };

  if (dryRun) db.exec('BEGIN');
  try {
    if (plan.strategy === 'realtime') {
      const byIds = connector as Connector & { fetchByIds(ids: string[], signal?: AbortSignal): Promise<unknown[]> };
      const target = { source: name, connector: byIds, ids: req.ids ?? [], runId: run.id, ...(req.signal ? { signal: req.signal } : {}) };
      try {
        await refreshByIds(deps, target, counts, now());
        pages = 1;
      } catch (err) {
        // A source that refuses the by-id query still has its changes: an incremental sync picks them up.
        const refused = byIdRefusal(err);
        if (!refused || !connector.capabilities.incremental || !checkpoint?.cursor) throw err;
        plan = { strategy: 'incremental', reason: `${refused}; an incremental sync instead: changes since ${checkpoint.cursor}`, startOffset: 0 };
        runs.restrategize(run.id, plan.strategy, plan.reason);
        log.warn(plan.reason, ctx);
      }
    }
    if (full && plan.startOffset === 0) db.transaction(() => deletes.clear(name))();
    if (plan.strategy !== 'realtime') await pass(plan.startOffset);
    if (bulk) {
      // Build the indexes now: the counts below need them (a million-row scan without would hold the event loop),
      // and a second pass, if any, keeps them current row by row.
      await catalog.finishBulk();
      bulk = false;
      const built = catalog.fts.lastBuild;
      if (built?.fallback) log.warn(`search index rebuilt after the load; the one built alongside was dropped: ${built.fallback}`, ctx);
    }
    // Records shifted across pages while paging are fetched by one more pass (unchanged ones are skipped by checksum).
    const total: number | null = lastTotal;
    const seenCount = trackSeen ? deletes.seenCount(name, passId) : (isProducts ? catalog.count(name) : recordStore!.count(entity)) + counts.quarantined;
    if (full && total !== null && seenCount < total) {
      log.info(`saw fewer records than the source reports (${total}); paging once more`, ctx);
      await pass(0);
    }
    if (full && trackSeen) await proveDeletes();
    if (plan.strategy === 'incremental' && isProducts && checkpoint?.cursor) {
      const target = { source: name, connector, runId: run.id, since: checkpoint.cursor, dryRun, ...(req.signal ? { signal: req.signal } : {}) };
      const note = await applyDeleteFeed(deps, target, counts, now);
      if (note) notes.push(note);
    }
    const outcome = full ? finishFull() : { status: 'succeeded' as const, error: null };
    if (full && passId !== run.id) {
      // The run that finishes a resumed pass says what the whole pass did, not only its own share.
      runs.progress(run.id, pages, counts);
      const t = runs.passTotals(name, passId, run.id);
      notes.push(`the full pass (runs ${passId}–${run.id}) fetched ${t.fetched}, created ${t.created}, updated ${t.updated}, deleted ${t.deleted}`);
    }
    if (dryRun) db.exec('ROLLBACK');
    const done = runs.finish(run.id, outcome.status, pages, counts, now(), outcome.error, { retries, dryRun, notes, ...traffic() });
    log.info(
      `sync ${outcome.status} in ${done.durationMs} ms: ${counts.fetched} fetched, ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.deleted} deleted, ${counts.quarantined} quarantined, ${retries} retries`,
      ctx,
    );
    return done;
  } catch (err) {
    if (dryRun && db.inTransaction) db.exec('ROLLBACK');
    // Keep what was loaded searchable; the next run resumes row by row.
    if (bulk) await catalog.finishBulk().catch((e: unknown) => log.warn(`search index not rebuilt: ${String(e)}`, ctx));
    const error = classifyError(err);
    const reasonTimeout = req.signal?.aborted && req.signal.reason instanceof Error && req.signal.reason.name === 'TimeoutError';
    const finalError = reasonTimeout ? { class: 'timeout' as const, message: 'the run exceeded its deadline' } : error;
    const status = finalError.class === 'cancelled' ? 'cancelled' : 'failed';
    log.error(`sync ${status}: [${finalError.class}] ${finalError.message}`, ctx);
    return runs.finish(run.id, status, pages, counts, now(), finalError, { retries, dryRun, notes, ...traffic() });
  }
}

/** A source that could not even start (bad secret reference, demo API down) still leaves a failed run behind. */
export function recordFailedStart(runs: RunStore, log: Logger, source: string, trigger: RunTrigger, err: unknown): SyncRun {
  const error = classifyError(err);
  const at = new Date().toISOString();
  const run = runs.start(source, trigger, 'full', 'could not start', at);
  log.error(`sync failed before it started: [${error.class}] ${error.message}`, { source, runId: run.id });
  return runs.finish(run.id, 'failed', 0, emptyCounts(), at, error);
}

/** A run refused (open circuit breaker, a parent that failed): recorded as skipped, never as a silent success. */
export function recordSkipped(runs: RunStore, log: Logger, source: string, trigger: RunTrigger, why: string, reason = 'circuit breaker open'): SyncRun {
  const at = new Date().toISOString();
  const run = runs.start(source, trigger, 'full', reason, at);
  log.warn(`sync skipped: ${why}`, { source, runId: run.id });
  return runs.finish(run.id, 'skipped', 0, emptyCounts(), at, { class: 'unknown', message: why });
}
