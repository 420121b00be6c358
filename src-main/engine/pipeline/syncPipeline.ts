// One sync run: pick the strategy, stream pages from the connector, map, quarantine what cannot load, and commit
// each page with the source's checkpoint in one transaction, so a crash resumes from the last committed page.
import type { SourceConfig } from '../../../src-shared/config.js';
import type { MappedProduct, Progress, RunCounts, RunTrigger, SyncRun, SyncStrategy } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import type { Connector } from '../connectors/types.js';
import { classifyError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { Checkpoint, RunStore } from '../store/runStore.js';
import { MappingError, mapProduct } from './mapping.js';

export interface PipelineDeps {
  db: Db;
  catalog: CatalogStore;
  runs: RunStore;
  cache: { invalidate(keys: Iterable<string>): void };
  log: Logger;
  onProgress: (p: Progress) => void;
  now?: () => Date;
}

export interface RunRequest {
  source: SourceConfig;
  connector: Connector;
  trigger: RunTrigger;
  full: boolean;
  signal?: AbortSignal;
}

export function chooseStrategy(
  req: { full: boolean; incrementalCapable: boolean },
  checkpoint: Checkpoint | null,
): { strategy: SyncStrategy; reason: string; startOffset: number } {
  if (checkpoint?.fullOffset != null && checkpoint.fullOffset > 0) {
    return { strategy: 'full', reason: `resuming an interrupted full sync at record ${checkpoint.fullOffset}`, startOffset: checkpoint.fullOffset };
  }
  if (req.full) return { strategy: 'full', reason: 'full sync requested', startOffset: 0 };
  if (!req.incrementalCapable) return { strategy: 'full', reason: 'the source has no incremental cursor', startOffset: 0 };
  if (!checkpoint?.cursor) return { strategy: 'full', reason: 'no previous successful sync of this source', startOffset: 0 };
  return { strategy: 'incremental', reason: `changes since ${checkpoint.cursor}`, startOffset: 0 };
}

export async function runSync(deps: PipelineDeps, req: RunRequest): Promise<SyncRun> {
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const { db, catalog, runs, log } = deps;
  const name = req.source.name;
  const checkpoint = runs.checkpoint(name);
  const plan = chooseStrategy({ full: req.full, incrementalCapable: req.connector.capabilities.incremental }, checkpoint);
  const run = runs.start(name, req.trigger, plan.strategy, plan.reason, now());
  const ctx = { source: name, runId: run.id };
  log.info(`sync started: ${plan.strategy} (${plan.reason})`, ctx);

  const counts: RunCounts = emptyCounts();
  let pages = 0;
  let cursor = checkpoint?.cursor ?? null;
  const commitPage = db.transaction((records: unknown[], pageEnd: number, at: string) => {
    const changed: string[] = [];
    for (const raw of records) {
      let mapped: MappedProduct;
      try {
        mapped = mapProduct(raw, req.connector.mapping, name);
      } catch (err) {
        if (!(err instanceof MappingError)) throw err;
        const key = (raw as Record<string, unknown> | null)?.['Id'] ?? (raw as Record<string, unknown> | null)?.['id'];
        runs.quarantine(name, run.id, key === undefined ? null : String(key), err.rule, err.message, raw, at);
        counts.quarantined++;
        continue;
      }
      const outcome = catalog.upsert(mapped, run.id, at);
      counts[outcome]++;
      if (outcome !== 'unchanged') changed.push(mapped.id);
      if (plan.strategy === 'incremental' && mapped.sourceUpdatedAt && (!cursor || mapped.sourceUpdatedAt > cursor)) {
        cursor = mapped.sourceUpdatedAt;
      }
    }
    pages++;
    runs.saveCheckpoint({
      source: name,
      cursor,
      fullOffset: plan.strategy === 'full' ? pageEnd : null,
      fullRunId: plan.strategy === 'full' ? run.id : null,
      updatedAt: at,
    });
    runs.progress(run.id, pages, counts);
    return changed;
  });

  try {
    let fetchedInRun = plan.startOffset;
    for await (const page of req.connector.pages({
      strategy: plan.strategy === 'incremental' ? 'incremental' : 'full',
      cursor: checkpoint?.cursor ?? null,
      startOffset: plan.startOffset,
      signal: req.signal,
    })) {
      req.signal?.throwIfAborted();
      counts.fetched += page.records.length;
      fetchedInRun += page.records.length;
      const changed = commitPage(page.records, page.offset + page.records.length, now());
      // Only after the commit: a reader between commit and invalidation would otherwise cache the old version.
      deps.cache.invalidate(changed);
      deps.onProgress({ runId: run.id, source: name, phase: 'fetching', pages, fetched: fetchedInRun, total: page.total });
    }
    if (plan.strategy === 'full') {
      // The newest update time now in the catalog is where the next incremental sync starts.
      const max = db
        .prepare<[string], { m: string | null }>('SELECT max(source_updated_at) AS m FROM products WHERE source = ?')
        .get(name)?.m;
      runs.saveCheckpoint({ source: name, cursor: max ?? cursor, fullOffset: null, fullRunId: null, updatedAt: now() });
    }
    const done = runs.finish(run.id, 'succeeded', pages, counts, now(), null);
    log.info(
      `sync succeeded in ${done.durationMs} ms: ${counts.fetched} fetched, ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.quarantined} quarantined`,
      ctx,
    );
    return done;
  } catch (err) {
    const error = classifyError(err);
    const status = error.class === 'cancelled' ? 'cancelled' : 'failed';
    log.error(`sync ${status}: [${error.class}] ${error.message}`, ctx);
    return runs.finish(run.id, status, pages, counts, now(), error);
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
