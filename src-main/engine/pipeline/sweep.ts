// Step 3 of a full sync: the sweep. Live records the pass did not see are delete candidates; their absence is
// proven (deleteProof.ts) before any is tombstoned, and a sweep that would delete too much stops for review.
import type { RunStatus } from '../../../src-shared/domain.js';
import { applyDeleteFeed, confirmByIds, proofMethod } from './deleteProof.js';
import { massDeleteReason } from './fullSyncDeletes.js';
import type { CommitPage } from './pageCommit.js';
import { relist } from './pagePass.js';
import type { SyncRunState } from './runPlan.js';
import { capCursor } from './watermark.js';
import type { DeletePlan } from './fullSyncDeletes.js';
import { inSegment } from '../segments/segments.js';

/**
 * A segment's candidates are only its own records: live records of the source it did not see that belong to it by
 * their stored values. Everything else is outside this run.
 */
function segmentPlan(s: SyncRunState, seenAreLive = false): DeletePlan {
  const plan = s.deletes.plan(s.name, s.passId, seenAreLive && !s.segment, s.checkpointKey);
  const seg = s.segment;
  if (!seg) return plan;
  const missingIds = plan.missingIds.filter((id) => {
    const p = s.deps.catalog.get(id);
    return p !== null && p.source === s.name && inSegment(seg.config, p);
  });
  return { live: s.segmentSeen + missingIds.length, seen: plan.seen, missing: missingIds.length, missingIds };
}

const maxShareOf = (s: SyncRunState): number => s.req.source.massDeleteThreshold ?? s.req.maxDeleteShare ?? 0.2;

/**
 * Whether every id the pass saw is a live record of the source: one listing from the start, nothing quarantined or
 * confirmed by id (a failed proof was one). Then as many seen as live means nothing is missing, known without the
 * anti-join over every record (0.2 s of CPU per 200,000 products, in every full re-sync).
 */
const seenAreLive = (s: SyncRunState): boolean =>
  s.plan.startOffset === 0 && s.counts.quarantined === 0 && s.listings === 1 && !s.confirmed;

/** Checks the pass's candidates before any is deleted; the mass-delete guard goes first. */
export async function proveDeletes(s: SyncRunState, commitPage: CommitPage): Promise<void> {
  const { deps, req, name, counts } = s;
  // Asking by id loads what comes back as products; other entities prove by listing again.
  const byId = proofMethod(s.connector, s.resumedListing);
  // Stryker disable next-line StringLiteral: any method but listing and byIds relists.
  const method = byId === 'byIds' && !s.isProducts ? 'relist' : byId;
  if (method === 'listing') return;
  // Before anything is confirmed, as the sweep does: a pass that saw as many as are live has no candidates, known
  // without the anti-join (1.5 s of a 1M full re-sync's engine thread, profiled, which ran it here in every one).
  const candidates = segmentPlan(s, seenAreLive(s));
  if (candidates.missing === 0 || (!req.allowMassDelete && massDeleteReason(candidates, maxShareOf(s)))) return;
  s.confirmed = true;
  if (method === 'byIds') {
    s.provenBy = 'by asking the source for each by id';
    deps.log.info(`asking the source for the ${candidates.missing} record(s) the pass did not see before deleting them`, s.ctx);
    const onRetry = (why: string, wait: number) => (s.retries++, deps.log.warn(`retry of the by-id check in ${wait} ms after ${why}`, s.ctx));
    const retry = { policy: s.retry, sleep: s.sleep, onRetry };
    const target = { source: name, seenKey: s.checkpointKey, connector: s.connector, runId: s.runId, passId: s.passId, retry, ...(req.signal ? { signal: req.signal } : {}) };
    const r = await confirmByIds(deps, target, s.deletes, candidates.missingIds, counts, s.now());
    s.proofFailed = r.failed;
    if (r.note) s.notes.push(r.note);
  } else {
    // Absent from two listings is the proof, whether this pass already listed twice (it saw fewer than the source
    // reported) or lists once more now.
    s.provenBy = 'by absence from two listings';
    if (s.listings >= 2) return;
    deps.log.info(`listing once more to confirm the ${candidates.missing} record(s) the pass did not see`, s.ctx);
    // A record found unchanged twice is one unchanged record.
    const { unchanged } = counts;
    await relist(s, commitPage);
    counts.unchanged = unchanged;
    s.notes.push(`listed the source twice to confirm ${candidates.missing} delete candidate(s)`);
  }
}

export interface SweepOutcome {
  status: RunStatus;
  error: { class: 'validation'; message: string } | null;
}

/** Ends a full pass: deletes what the source no longer has, or stops for review when that is too much. */
export function sweepFull(s: SyncRunState): SweepOutcome {
  const { deps, name, counts } = s;
  const { db, catalog, runs, log } = deps;
  // Stryker disable next-line ObjectLiteral,ArrayDeclaration: a pass that tracks nothing deletes and holds nothing, whatever this empty plan holds.
  const deletePlan = s.trackSeen ? segmentPlan(s, seenAreLive(s)) : { live: 0, seen: 0, missing: 0, missingIds: [] };
  const total = s.lastTotal;
  // Offset paging over a changing source can skip records; deleting them would be wrong, so keep them.
  // Records without a key were read but cannot be among the seen ids (quarantined: a record the source still has).
  const seen = deletePlan.seen + s.keyless.most;
  const incomplete = s.proofFailed !== null || (s.trackSeen && total !== null && seen < total);
  const review = incomplete || s.req.allowMassDelete ? null : massDeleteReason(deletePlan, maxShareOf(s));
  const at = s.now();
  // Stryker disable next-line OptionalChaining: an aggregate always returns its one row (the mutant starts on this line, so the directive sits here).
  const max = db
    .prepare<[string], { m: string | null }>(
      s.isProducts
        ? 'SELECT max(source_updated_at) AS m FROM products WHERE source = ? AND deleted_at IS NULL'
        : 'SELECT max(source_updated_at) AS m FROM records WHERE source = ?',
    )
    .get(name)?.m;
  let deleted: string[] = [];
  db.transaction(() => {
    if (s.trackSeen && !incomplete && !review) {
      const ids = deletePlan.missingIds;
      deleted = deps.hub ? deps.hub.markDeleted(s.entity, name, ids, s.runId, at) : catalog.markDeleted(ids, s.runId, at, name);
    }
    // The list is kept so an operator can approve it from the app; a pass that decided on its own supersedes it.
    // Stryker disable next-line OptionalChaining: the engine always passes its review store.
    if (review) deps.reviews?.holdDeletes({ runId: s.runId, source: name, reason: review, live: deletePlan.live, ids: deletePlan.missingIds, at });
    else if (!incomplete) {
      // Stryker disable next-line OptionalChaining: as above (a directive above `else` binds to no node).
      deps.reviews?.supersede(name, at);
    }
    s.deletes.clear(s.checkpointKey);
    // The newest update time now in the catalog (of the segment's records, for a segment) is where the next
    // incremental sync starts.
    const newest = s.segment ? (s.segmentMax ?? s.checkpoint?.cursor ?? null) : max;
    runs.saveCheckpoint({ source: s.checkpointKey, cursor: capCursor(newest ?? s.cursor, s.watermark), fullOffset: null, fullRunId: null, updatedAt: at });
  })();
  counts.deleted = deleted.length;
  if (!s.dryRun) deps.cache.invalidate(deleted);
  if (incomplete) {
    const why = s.proofFailed ?? `the pass saw ${seen} of ${total} records the source reports`;
    s.notes.push(`deletes skipped: ${why}`);
    log.warn(`${why}; deletes skipped`, s.ctx);
    s.explain.deletes({ skipped: why });
  } else if (deleted.length > 0) s.notes.push(`${deleted.length} delete(s) proven ${s.provenBy}`);
  s.explain.deletes({ count: deleted.length, proof: deleted.length > 0 ? `proven ${s.provenBy}` : null, review: review || null });
  if (review) {
    log.warn(`needs review: ${review}`, s.ctx);
    return { status: 'needs_review', error: { class: 'validation', message: review } };
  }
  return { status: 'succeeded', error: null };
}

/** An incremental sync of a source with a delete feed tombstones what the feed lists since the cursor. */
export async function sweepIncremental(s: SyncRunState): Promise<void> {
  const { req, checkpoint } = s;
  // Stryker disable next-line OptionalChaining: an incremental plan always continues from a checkpoint's cursor.
  if (s.plan.strategy !== 'incremental' || !s.isProducts || !checkpoint?.cursor) return;
  const target = { source: s.name, connector: s.connector, runId: s.runId, since: checkpoint.cursor, dryRun: s.dryRun, ...(req.signal ? { signal: req.signal } : {}) };
  const note = await applyDeleteFeed(s.deps, target, s.counts, s.now);
  if (note) s.notes.push(note);
}
