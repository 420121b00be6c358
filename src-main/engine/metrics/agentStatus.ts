// The per-source part of status (state, last run, breaker) and the queue block; metrics/statusParts.ts composes them.
import type { SourceConfig } from '../../../src-shared/config.js';
import type { AgentMetrics, SourceStatus } from '../../../src-shared/domain.js';
import type { JobQueue } from '../queue/jobQueue.js';
import type { CircuitBreaker } from '../resilience/circuitBreaker.js';
import type { RunStore } from '../store/runStore.js';
import { segmentList } from '../segments/segments.js';

/** What a source's status holds that is not in the database: whether it runs, its breaker, its schedule, segments. */
export type LiveSource = Omit<SourceStatus, 'state' | 'lastRun' | 'lastSuccessAt'> & { running: boolean };

export function liveSources(
  entries: Iterable<{ config: SourceConfig; breaker: CircuitBreaker }>,
  isRunning: (source: string) => boolean,
  nextRunAt: (config: SourceConfig) => string | null = () => null,
): LiveSource[] {
  return [...entries].map(({ config, breaker }) => ({
    name: config.name,
    kind: config.kind,
    entity: config.entity,
    running: isRunning(config.name),
    breaker: breaker.snapshot(),
    nextRunAt: nextRunAt(config),
    segments: segmentList([config]).map(({ name, label, describe }) => ({ name, label, describe })),
  }));
}

/** The live part completed from the run history (any connection: the engine's, or a reader's). */
export function withRunHistory(live: readonly LiveSource[], runs: RunStore): SourceStatus[] {
  return live.map(({ running, ...source }) => {
    const lastRun = runs.list({ source: source.name, limit: 1 })[0] ?? null;
    return {
      ...source,
      state: running ? 'syncing' : lastRun?.status === 'failed' ? 'error' : 'idle',
      lastRun,
      lastSuccessAt: runs.lastSuccess(source.name)?.finishedAt ?? null,
    };
  });
}

export function sourceStatuses(
  entries: Iterable<{ config: SourceConfig; breaker: CircuitBreaker }>,
  runs: RunStore,
  isRunning: (source: string) => boolean,
  nextRunAt: (config: SourceConfig) => string | null = () => null,
): SourceStatus[] {
  return withRunHistory(liveSources(entries, isRunning, nextRunAt), runs);
}

export function queueState(queue: JobQueue): AgentMetrics['queue'] {
  const q = queue.snapshot();
  const { oldest } = queue.backlog();
  return { depth: q.queued.length, running: q.running, queued: [...new Set(q.queued.map((j) => j.source))], paused: q.paused, oldestWaitSeconds: oldest ? Math.round(oldest.waitMs / 1000) : null };
}
