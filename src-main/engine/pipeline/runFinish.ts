// Last step of a sync run: record its outcome (succeeded, needs review, failed, cancelled) with counts, retries,
// traffic and notes. Also the runs that never got to a plan: a failed start, a skip (breaker open, parent failed).
import type { RunStatus, RunTrigger, SyncRun } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import { classifyError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { RunStore } from '../store/runStore.js';
import { RunExplainer } from './runExplainer.js';
import type { SyncRunState } from './runPlan.js';

export function finishRun(s: SyncRunState, outcome: { status: RunStatus; error: { class: 'validation'; message: string } | null }): SyncRun {
  const { deps, name, counts, retries } = s;
  if (s.full && s.passId !== s.runId) {
    // The run that finishes a resumed pass says what the whole pass did, not only its own share.
    deps.runs.progress(s.runId, s.pages, counts);
    const t = deps.runs.passTotals(name, s.passId, s.runId);
    s.notes.push(`the full pass (runs ${s.passId}–${s.runId}) fetched ${t.fetched}, created ${t.created}, updated ${t.updated}, deleted ${t.deleted}`);
  }
  if (s.dryRun) deps.db.exec('ROLLBACK');
  const done = deps.runs.finish(s.runId, outcome.status, s.pages, counts, s.now(), outcome.error, finishExtra(s));
  deps.log.info(
    `sync ${outcome.status} in ${done.durationMs} ms: ${counts.fetched} fetched, ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.deleted} deleted, ${counts.quarantined} quarantined, ${retries} retries`,
    s.ctx,
  );
  return done;
}

/** A run that threw: what it committed stays, the run is recorded failed (or cancelled, or timed out). */
export async function failRun(s: SyncRunState, err: unknown): Promise<SyncRun> {
  const { deps, req } = s;
  const { db, log } = deps;
  if (s.dryRun && db.inTransaction) db.exec('ROLLBACK');
  // Keep what was loaded searchable; the next run resumes row by row.
  if (s.bulk) await deps.catalog.finishBulk().catch((e: unknown) => log.warn(`search index not rebuilt: ${String(e)}`, s.ctx));
  const error = classifyError(err);
  const reasonTimeout = req.signal?.aborted && req.signal.reason instanceof Error && req.signal.reason.name === 'TimeoutError';
  const finalError = reasonTimeout ? { class: 'timeout' as const, message: 'the run exceeded its deadline' } : error;
  const status = finalError.class === 'cancelled' ? 'cancelled' : 'failed';
  log.error(`sync ${status}: [${finalError.class}] ${finalError.message}`, s.ctx);
  return deps.runs.finish(s.runId, status, s.pages, s.counts, s.now(), finalError, finishExtra(s));
}

/** What a finished run records besides its counts: retries (the pacer's re-sends included), notes, traffic, why. */
function finishExtra(s: SyncRunState) {
  const pace = s.connector.pacer?.explain() ?? null;
  if (!s.full && s.counts.deleted > 0) {
    const how = s.plan.strategy === 'realtime' ? 'not returned when the source was asked for them by id' : "listed by the source's delete feed";
    s.explain.deletes({ count: s.counts.deleted, proof: how });
  }
  const explanation = s.explain.build(s.deps.runs, s.runId, pace);
  return { retries: s.retries + RunExplainer.paceRetries(pace), dryRun: s.dryRun, notes: s.notes, explanation, ...s.traffic() };
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
