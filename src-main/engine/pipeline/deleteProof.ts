// A full pass deletes a record only when its absence is proven. Live records the pass did not see are candidates;
// they are proven gone by a listing that cannot skip records (keyset, a snapshot cursor), by asking the source for
// them by id (the ones it returns are loaded, not deleted), or, where it can do neither, by a second listing that
// misses them too. A pass whose candidates cannot be checked deletes nothing and says so in its run.
import type { CatalogHub } from '../hub/catalogHub.js';
import type { RunCounts } from '../../../src-shared/domain.js';
import type { Connector } from '../connectors/types.js';
import { classifyError } from '../errors.js';
import { retryDelay, type RetryPolicy, type Sleep } from '../resilience/retryPolicy.js';
import type { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { RunStore } from '../store/runStore.js';
import type { FullSyncDeletes } from './fullSyncDeletes.js';
import { refreshByIds } from './realtimeSync.js';

/** Ids asked for in one request (an OData `Id in (…)` or SOQL `Id IN (…)` of this many stays well under URL limits). */
export const CONFIRM_BATCH = 100;

export type ProofMethod = 'listing' | 'byIds' | 'relist';

/** How this pass's candidates are proven: the listing itself, fetching them by id, or one more listing. */
export function proofMethod(connector: Connector, resumed: boolean): ProofMethod {
  // Stryker disable next-line OptionalChaining: every connector defines stableListing (the interface leaves it optional).
  if (connector.stableListing?.(resumed)) return 'listing';
  if (connector.capabilities.fetchByIds && connector.fetchByIds) return 'byIds';
  // Stryker disable next-line StringLiteral: the sweep relists for any method but listing and byIds.
  return 'relist';
}

export interface ConfirmDeps {
  db: Db;
  catalog: CatalogStore;
  hub?: CatalogHub;
  runs: RunStore;
  cache: { invalidate(keys: Iterable<string>): void };
}

/**
 * Asks the source for the candidates by id. Those it returns are loaded and marked seen (the listing skipped
 * them); the rest stay candidates, now proven. `failed`: why the proof failed (nothing may be deleted then);
 * `note`: candidates kept because the source cannot be asked for them.
 */
export async function confirmByIds(
  deps: ConfirmDeps,
  req: {
    source: string;
    /** Where the pass keeps its seen ids (the source's, or a segment's own key). */
    seenKey: string;
    connector: Connector;
    runId: number;
    passId: number;
    signal?: AbortSignal;
    /** Transient failures of a batch are retried as the pass's pages are (one reset must not cancel every delete). */
    retry: { policy: RetryPolicy; sleep: Sleep; onRetry: (why: string, waitMs: number) => void };
  },
  deletes: FullSyncDeletes,
  candidates: readonly string[],
  counts: RunCounts,
  at: string,
): Promise<{ failed: string | null; note: string | null }> {
  const connector = req.connector as Connector & { fetchByIds(ids: string[], signal?: AbortSignal): Promise<unknown[]> };
  // Stryker disable next-line OptionalChaining: only REST and Salesforce sources get here (databases list stably); both define fetchableId.
  const unfetchable = candidates.filter((id) => connector.fetchableId?.(id) === false);
  // An id the connector cannot put in a query would come back "missing" without having been asked for.
  deps.db.transaction(() => deletes.markSeen(req.seenKey, unfetchable, req.passId))();
  // Stryker disable next-line OptionalChaining: as above.
  const ask = candidates.filter((id) => connector.fetchableId?.(id) !== false);
  try {
    for (let i = 0; i < ask.length; i += CONFIRM_BATCH) {
      const ids = ask.slice(i, i + CONFIRM_BATCH);
      const target = { source: req.source, connector, ids, runId: req.runId, ...(req.signal ? { signal: req.signal } : {}) };
      const returned = await withRetry(() => refreshByIds(deps, target, counts, at, false), req.retry, req.signal);
      deps.db.transaction(() => deletes.markSeen(req.seenKey, [...returned], req.passId))();
    }
  } catch (err) {
    // Stryker disable next-line OptionalChaining: an engine run always has a signal (queue/runRequest.ts).
    req.signal?.throwIfAborted();
    const e = classifyError(err);
    return { failed: `fetching the ${ask.length} record(s) the pass did not see by id failed ([${e.class}] ${e.message})`, note: null };
  }
  const note = unfetchable.length > 0 ? `${unfetchable.length} unseen record(s) have ids the source cannot be asked for; they were kept` : null;
  return { failed: null, note };
}

async function withRetry<T>(fn: () => Promise<T>, retry: Parameters<typeof confirmByIds>[1]['retry'], signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      // Stryker disable next-line OptionalChaining: an engine run always has a signal (queue/runRequest.ts).
      signal?.throwIfAborted();
      const wait = retryDelay(err, attempt, retry.policy);
      if (wait === null) throw err;
      const e = classifyError(err);
      retry.onRetry(`[${e.class}] ${e.message}`, wait);
      await retry.sleep(wait, signal);
    }
  }
}

/**
 * An incremental sync of a source with a delete feed (Salesforce queryAll) tombstones what it lists since the
 * cursor. A feed the source refuses (no permission for queryAll) leaves the run's updates standing; the note says so.
 */
export async function applyDeleteFeed(
  deps: ConfirmDeps,
  req: { source: string; connector: Connector; runId: number; since: string; dryRun: boolean; signal?: AbortSignal },
  counts: RunCounts,
  now: () => string,
): Promise<string | null> {
  const feed = req.connector.capabilities.deletes ? req.connector.deletedSince : undefined;
  if (!feed) return null;
  let deleted = 0;
  try {
    for await (const ids of feed.call(req.connector, req.since, req.signal)) {
      const gone = deps.db.transaction(() =>
        deps.hub ? deps.hub.markDeleted('products', req.source, ids, req.runId, now()) : deps.catalog.markDeleted(ids, req.runId, now(), req.source),
      )();
      deleted += gone.length;
      if (!req.dryRun) deps.cache.invalidate(gone);
    }
  } catch (err) {
    // Stryker disable next-line OptionalChaining: an engine run always has a signal (queue/runRequest.ts).
    req.signal?.throwIfAborted();
    const e = classifyError(err);
    counts.deleted += deleted;
    return `the source's delete feed failed ([${e.class}] ${e.message}); deletes wait for the next full sync`;
  }
  counts.deleted += deleted;
  return deleted > 0 ? `${deleted} delete(s) from the source's delete feed` : null;
}
