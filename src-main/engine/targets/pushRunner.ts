// One push run of one target: read the change feed from the target's offset a batch at a time, keep what the
// target takes (filter, echo suppression), write it with retry and backoff, then commit the ledger and the offset
// together. A failed batch leaves the offset where it was, so the next run sends it again (at-least-once; the
// writers make a re-send a no-op). A record the target refuses on its own is quarantined and the batch goes on.
import type { RunCounts, RunTrigger, SyncRun } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import type { TargetConfig } from '../../../src-shared/targetSchemas.js';
import { retryAfterOf } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter, realSleep, type RetryPolicy, type Sleep } from '../resilience/retryPolicy.js';
import type { RunStore } from '../store/runStore.js';
import type { ChangeReader, RecordState } from './changeReader.js';
import { decide, type LinkedSystems } from './decide.js';
import { classifyTargetError, isTargetRetryable } from './targetErrors.js';
import type { TargetStore } from './targetStore.js';
import type { TargetWriter, WriteResult } from './writers/types.js';

export interface PushDeps {
  store: TargetStore;
  reader: ChangeReader;
  runs: RunStore;
  log: Logger;
  policy: RetryPolicy;
  sleep?: Sleep;
  now: () => Date;
  /** Every live record of an entity, for snapshot targets. */
  all: (entity: string) => Iterable<RecordState>;
  linked?: LinkedSystems | undefined;
}

export async function runPush(deps: PushDeps, target: TargetConfig, writer: TargetWriter, trigger: RunTrigger, signal: AbortSignal): Promise<SyncRun> {
  const { store, reader, runs, log } = deps;
  const iso = () => deps.now().toISOString();
  const from = store.offset(target.name);
  const run = runs.start(target.name, trigger, 'push', `change feed after #${from}`, iso());
  const counts: RunCounts = emptyCounts();
  let pages = 0;
  let retries = 0;
  let sent = 0;
  const write = async (batch: RecordState[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await writer.write(batch, signal);
      } catch (err) {
        const wait = retryWait(err, attempt, { ...deps.policy, maxRetries: target.maxRetries ?? deps.policy.maxRetries });
        if (wait === null || signal.aborted) throw err;
        retries++;
        log.warn(`target ${target.name}: ${classifyTargetError(err).message}; retrying in ${wait} ms`, { source: target.name, runId: run.id });
        await (deps.sleep ?? realSleep)(wait, signal);
      }
    }
  };
  try {
    for (;;) {
      signal.throwIfAborted();
      const batch = reader.read(store.offset(target.name), target.batchSize);
      if (batch.read === 0) break;
      counts.fetched += batch.read;
      const ledger: { entity: string; id: string; hash: string; version: number }[] = [];
      const toSend: RecordState[] = [];
      for (const s of batch.records) {
        const verdict = decide(s, target, store, deps.linked);
        if (verdict === 'send') toSend.push(s);
        else if (verdict !== 'other' && verdict !== 'superseded') counts.unchanged++;
        // The linked system gave us this content: it holds it, so the same content coming back is no change.
        if (verdict === 'echo') ledger.push({ entity: s.entity, id: s.id, hash: s.hash, version: s.version });
      }
      store.sending(target.name, toSend);
      const delivered = await deliver(toSend, write, (s, err) => {
        counts.failed++;
        runs.quarantine(target.name, run.id, s.id, 'target', classifyTargetError(err).message, s.record ?? { deleted: true }, iso());
      });
      for (const s of delivered.sent) {
        // The target holds this state now, whether it took it or had it already.
        ledger.push({ entity: s.entity, id: s.id, hash: s.hash, version: s.version });
        // One outcome per record: what the target had already is skipped, not also sent.
        if (delivered.unchanged.has(s.id)) counts.unchanged++;
        else if (s.deleted) counts.deleted++;
        else counts.updated++;
      }
      sent += delivered.sent.length - delivered.unchanged.size;
      pages++;
      const at = iso();
      store.commit(target.name, batch.lastSeq, ledger, at, () => {
        // A two-way link: the system now holds what it was sent, so its next read is compared with that.
        // (A deleted record has no content to hold: received() passes over it.)
        if (deps.linked && target.source) for (const s of delivered.sent) deps.linked.received(s, target.source, at);
        runs.progress(run.id, pages, counts);
      });
    }
    // After a push that read changes (sent or not): a batch that sent something is one of the pages.
    if (writer.snapshot && pages > 0) await writer.snapshot(() => deps.all(target.entity), signal);
    const done = runs.finish(run.id, 'succeeded', pages, counts, iso(), null, { retries });
    log.info(`target ${target.name}: pushed ${sent}, skipped ${counts.unchanged}, failed ${counts.failed}`, { source: target.name, runId: run.id });
    return done;
  } catch (err) {
    const error = signal.aborted ? { class: 'cancelled' as const, message: 'cancelled' } : classifyTargetError(err);
    log.error(`target ${target.name}: push failed (${error.class}): ${error.message}`, { source: target.name, runId: run.id });
    return runs.finish(run.id, signal.aborted ? 'cancelled' : 'failed', pages, counts, iso(), error, { retries });
  }
}

/**
 * Writes a batch; when the target refuses it for good (4xx-like), record by record, so one bad record is
 * quarantined instead of holding the target back. If every record fails alone too, the target is the problem: the
 * error fails the run and nothing is quarantined.
 */
async function deliver(
  batch: RecordState[],
  write: (b: RecordState[]) => Promise<WriteResult>,
  quarantine: (s: RecordState, err: unknown) => void,
): Promise<{ sent: RecordState[]; unchanged: Set<string> }> {
  if (batch.length === 0) return { sent: [], unchanged: new Set() };
  try {
    const r = await write(batch);
    return { sent: batch, unchanged: new Set(r.unchanged) };
  } catch (err) {
    if (isTargetRetryable(err) || batch.length === 1) throw err;
    const sent: RecordState[] = [];
    const failed: [RecordState, unknown][] = [];
    const unchanged = new Set<string>();
    for (const s of batch) {
      try {
        for (const id of (await write([s])).unchanged) unchanged.add(id);
        sent.push(s);
      } catch (one) {
        if (isTargetRetryable(one)) throw one;
        failed.push([s, one]);
      }
    }
    if (sent.length === 0) throw err;
    for (const [s, e] of failed) quarantine(s, e);
    return { sent, unchanged };
  }
}

function retryWait(err: unknown, attempt: number, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxRetries || !isTargetRetryable(err)) return null;
  const asked = parseRetryAfter(retryAfterOf(err), Date.now());
  if (asked !== null) return asked > MAX_RETRY_AFTER_MS ? null : Math.max(asked, policy.baseDelayMs);
  return backoffDelay(attempt, policy);
}
