// The Problems screen's engine side: retry quarantined records against the current config, dismiss them, and
// decide a full sync's deletes held for review. Each retry or approved delete is recorded as a run, so the
// history shows who changed the catalog, and waits for a run of the same source to end first.
import type { MappingConfig } from '../../../src-shared/config.js';
import type { SyncRun } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import type { DeleteReview, RetryOutcome, RetryResult } from '../../../src-shared/opsTypes.js';
import { ApiInputError } from '../../../src-shared/api.js';
import { classifyError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { prepareProduct, recordChecksum } from '../pipeline/checksum.js';
import { mapProduct, mapRecord } from '../pipeline/mapping.js';
import { MappingError } from '../pipeline/mappingError.js';
import type { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { RecordStore } from '../store/recordStore.js';
import type { ReviewStore } from '../store/reviewStore.js';
import type { RunStore } from '../store/runStore.js';

export interface ProblemsHost {
  db: Db;
  runs: RunStore;
  reviews: ReviewStore;
  catalog: CatalogStore;
  records: RecordStore;
  cache: { invalidate(keys: Iterable<string>): void };
  log: Logger;
  now: () => string;
  /** The source's entity and mapping as the current config declares them; null when it is no longer configured. */
  sourceOf: (name: string) => Promise<{ entity: string; mapping: MappingConfig } | null>;
  /** Resolves when the source has no run going (the one running now, if any, has ended). */
  idle: (source: string) => Promise<void>;
  finished: (run: SyncRun) => void;
}

export class Problems {
  constructor(private readonly h: ProblemsHost) {}

  /** Re-validates the given open entries (or every open one, of one source or all) and loads those that pass. */
  async retry(ids: number[] | 'all', source?: string): Promise<RetryResult> {
    const { reviews } = this.h;
    const chosen = ids === 'all' ? reviews.openIds(source) : ids;
    const items = chosen.map((id) => {
      const item = reviews.get(id);
      if (!item) throw new ApiInputError('retryQuarantined', [`ids: no quarantine entry ${id}`]);
      return item;
    });
    const bySource = new Map<string, typeof items>();
    for (const it of items) bySource.set(it.source, [...(bySource.get(it.source) ?? []), it]);
    const outcomes: RetryOutcome[] = [];
    let last: SyncRun | null = null;
    for (const [name, group] of bySource) {
      const target = await this.h.sourceOf(name).catch((err: unknown) => {
        const e = classifyError(err);
        for (const it of group)
          outcomes.push({ id: it.id, recordKey: it.recordKey, loaded: false, rule: 'source', reason: e.message });
        return undefined;
      });
      if (target === undefined) continue;
      if (target === null) {
        for (const it of group)
          outcomes.push({
            id: it.id,
            recordKey: it.recordKey,
            loaded: false,
            rule: 'source',
            reason: `source "${name}" is no longer configured`,
          });
        continue;
      }
      await this.h.idle(name);
      last = this.retrySource(name, target, group, outcomes);
    }
    return { run: last, outcomes };
  }

  private retrySource(
    name: string,
    target: { entity: string; mapping: MappingConfig },
    group: { id: number; recordKey: string | null; payload: unknown }[],
    outcomes: RetryOutcome[],
  ): SyncRun {
    const { runs, reviews, catalog, records, log } = this.h;
    const at = this.h.now();
    const run = runs.start(
      name,
      'manual',
      'realtime',
      `retry of ${group.length} quarantined record(s) against the current config`,
      at,
    );
    const counts = emptyCounts();
    counts.fetched = group.length;
    let changed: string[] = [];
    this.h.db.transaction(() => {
      for (const it of group) {
        try {
          if (target.entity === 'products') {
            const p = mapProduct(it.payload, target.mapping, name);
            const r = catalog.applyPage([prepareProduct(p)], run.id, at);
            counts.created += r.created;
            counts.updated += r.updated;
            counts.unchanged += r.unchanged;
            changed = changed.concat(r.changedIds);
          } else {
            const m = mapRecord(it.payload, target.mapping, name);
            const r = records.applyPage(target.entity, [{ ...m, checksum: recordChecksum(m.data) }], run.id, at);
            counts.created += r.created;
            counts.updated += r.updated;
            counts.unchanged += r.unchanged;
          }
          reviews.close(it.id, 'resolved', at);
          outcomes.push({ id: it.id, recordKey: it.recordKey, loaded: true });
        } catch (err) {
          if (!(err instanceof MappingError)) throw err;
          counts.quarantined++;
          reviews.refail(it.id, err.rule, err.message, at);
          outcomes.push({ id: it.id, recordKey: it.recordKey, loaded: false, rule: err.rule, reason: err.message });
        }
      }
    })();
    this.h.cache.invalidate(changed);
    const done = runs.finish(run.id, 'succeeded', 1, counts, this.h.now(), null);
    log.info(
      `retried ${group.length} quarantined record(s): ${group.length - counts.quarantined} loaded, ${counts.quarantined} still failing`,
      { source: name, runId: run.id },
    );
    this.h.finished(done);
    return done;
  }

  dismiss(ids: number[]): number {
    const at = this.h.now();
    let n = 0;
    for (const id of ids) {
      if (!this.h.reviews.get(id)) throw new ApiInputError('dismissQuarantined', [`ids: no quarantine entry ${id}`]);
      this.h.reviews.close(id, 'dismissed', at);
      n++;
    }
    if (n > 0) this.h.log.info(`dismissed ${n} quarantined record(s)`);
    return n;
  }

  private pending(method: string, runId: number): DeleteReview {
    const review = this.h.reviews.reviews({ runId, limit: 0 })[0];
    if (!review) throw new ApiInputError(method, [`runId: run ${runId} holds no deletes for review`]);
    if (review.status !== 'pending')
      throw new ApiInputError(method, [`runId: the deletes of run ${runId} were already ${review.status}`]);
    return review;
  }

  /** Tombstones what the review listed and is still live and untouched since; recorded as a run of the source. */
  async approve(runId: number): Promise<{ run: SyncRun; review: DeleteReview }> {
    const held = this.pending('approveDeletes', runId);
    await this.h.idle(held.source);
    const review = this.pending('approveDeletes', runId); // decided or superseded while waiting?
    const { runs, reviews, catalog, log } = this.h;
    const at = this.h.now();
    const run = runs.start(review.source, 'manual', 'full', `deletes held by run ${runId} approved by an operator`, at);
    let deleted: string[] = [];
    this.h.db.transaction(() => {
      deleted = catalog.markDeleted(reviews.deletableIds(runId, review.source, review.createdAt), run.id, at, review.source);
      reviews.decide(runId, 'approved', at, run.id);
    })();
    this.h.cache.invalidate(deleted);
    const counts = { ...emptyCounts(), deleted: deleted.length };
    const done = runs.finish(run.id, 'succeeded', 0, counts, this.h.now(), null);
    log.info(
      `approved the deletes held by run ${runId}: ${deleted.length} of ${review.missing} deleted (the rest came back or are gone already)`,
      { source: review.source, runId: run.id },
    );
    this.h.finished(done);
    return { run: done, review: this.h.reviews.reviews({ runId, limit: 0 })[0]! };
  }

  reject(runId: number): DeleteReview {
    const review = this.pending('rejectDeletes', runId);
    this.h.reviews.decide(runId, 'rejected', this.h.now(), null);
    this.h.log.info(`rejected the deletes held by run ${runId}; the ${review.missing} records stay`, {
      source: review.source,
    });
    return this.h.reviews.reviews({ runId, limit: 0 })[0]!;
  }
}
