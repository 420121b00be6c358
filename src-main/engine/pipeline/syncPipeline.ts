// One sync run as named steps: plan (runPlan.ts) → realtime refresh or page passes (pagePass.ts, each page committed
// with its checkpoint: pageCommit.ts) → sweep (sweep.ts: proven deletes, or the delete feed) → finish (runFinish.ts).
// A crash resumes from the last committed page; transient failures retry from it (batchLoop.ts). The incremental
// cursor never passes the time the run (or resumed pass) began: what changed while it read is read again next time;
// an incremental listing that shifted while read is read again (incrementalShift.ts).
import type { SyncRun } from '../../../src-shared/domain.js';
import type { Connector } from '../connectors/types.js';
import { pageCommitter, type CommitPage } from './pageCommit.js';
import { pagePass, relist } from './pagePass.js';
import { byIdRefusal, refreshByIds } from './realtimeSync.js';
import { planRun, type PipelineDeps, type RunRequest, type SyncRunState } from './runPlan.js';
import { failRun, finishRun } from './runFinish.js';
import { proveDeletes, sweepFull, sweepIncremental } from './sweep.js';
import { repageIfShifted } from './incrementalShift.js';

export { chooseStrategy, REALTIME_MAX_IDS, type PipelineDeps, type RunRequest } from './runPlan.js';
export { recordFailedStart, recordSkipped } from './runFinish.js';

export async function runSync(deps: PipelineDeps, req: RunRequest): Promise<SyncRun> {
  const s = planRun(deps, req);
  const commitPage = pageCommitter(s);
  if (s.dryRun) deps.db.exec('BEGIN');
  try {
    if (s.plan.strategy === 'realtime') await refreshNamed(s);
    if (s.full && s.plan.startOffset === 0) deps.db.transaction(() => s.deletes.clear(s.checkpointKey))();
    if (s.plan.strategy !== 'realtime') await pagePass(s, commitPage, s.plan.startOffset);
    await finishBulkLoad(s);
    await repageIfShort(s, commitPage);
    await repageIfShifted(s, commitPage);
    if (s.full && s.trackSeen) await proveDeletes(s, commitPage);
    await sweepIncremental(s);
    return finishRun(s, s.full ? sweepFull(s) : { status: 'succeeded', error: null });
  } catch (err) {
    return failRun(s, err);
  }
}

/** Fetches the records a change notification named; a source that refuses falls back to an incremental sync. */
async function refreshNamed(s: SyncRunState): Promise<void> {
  const { deps, req, connector, checkpoint } = s;
  const byIds = connector as Connector & { fetchByIds(ids: string[], signal?: AbortSignal): Promise<unknown[]> };
  const target = { source: s.name, connector: byIds, ids: req.ids ?? [], runId: s.runId, ...(req.signal ? { signal: req.signal } : {}) };
  try {
    await refreshByIds(deps, target, s.counts, s.now());
    s.pages = 1;
  } catch (err) {
    // A source that refuses the by-id query still has its changes: an incremental sync picks them up, or a full one
    // when there is no cursor to continue from yet.
    const refused = byIdRefusal(err);
    if (!refused) throw err;
    if (connector.capabilities.incremental && checkpoint?.cursor) {
      s.plan = { strategy: 'incremental', reason: `${refused}; an incremental sync instead: changes since ${checkpoint.cursor}`, startOffset: 0 };
    } else {
      const why = connector.capabilities.incremental ? 'no previous successful sync to continue from' : 'the source has no incremental cursor';
      s.plan = { strategy: 'full', reason: `${refused}; a full sync instead (${why})`, startOffset: 0 };
      // Nothing was remembered as seen, so this pass deletes nothing; it loads and sets the cursor.
      s.full = true;
    }
    deps.runs.restrategize(s.runId, s.plan.strategy, s.plan.reason);
    s.explain.changed(s.plan.strategy, s.plan.reason);
    deps.log.warn(s.plan.reason, s.ctx);
  }
}

/**
 * Builds the indexes an initial load skipped: the counts after it need them (a million-row scan without would hold
 * the event loop), and a second pass, if any, keeps them current row by row.
 */
async function finishBulkLoad(s: SyncRunState): Promise<void> {
  if (!s.bulk) return;
  const { catalog, log } = s.deps;
  await catalog.finishBulk();
  s.bulk = false;
  const built = catalog.fts.lastBuild;
  if (built?.fallback) log.warn(`search index rebuilt after the load; the one built alongside was dropped: ${built.fallback}`, s.ctx);
}

/** Records shifted across pages while paging are fetched by one more pass (unchanged ones are skipped by checksum). */
async function repageIfShort(s: SyncRunState, commitPage: CommitPage): Promise<void> {
  const total = s.lastTotal;
  if (!s.full || total === null) return;
  const seenCount = seenInPass(s);
  if (seenCount < total) {
    s.deps.log.info(`saw fewer records than the source reports (${total}); paging once more`, s.ctx);
    const { counts } = s;
    await relist(s, commitPage);
    // Both listings read most records (and a shifted page reads one twice): each counts once. Created and updated
    // ones once, where they happened; the rest of the records seen are the unchanged ones.
    const rest = seenInPass(s) - counts.created - counts.updated - counts.quarantined;
    counts.unchanged = Math.max(0, Math.min(counts.unchanged, rest));
  }
}

/**
 * The records the pass saw: the ids it remembered and those it read without a key, or (not remembering, on a load)
 * what it wrote and quarantined.
 */
function seenInPass(s: SyncRunState): number {
  const { catalog, records } = s.deps;
  return s.trackSeen
    ? s.deletes.seenCount(s.checkpointKey, s.passId) + s.keyless.most
    : (s.isProducts ? catalog.count(s.name) : records!.count(s.entity)) + s.counts.quarantined;
}
