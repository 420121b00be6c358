// The per-source part of status (state, last run, breaker) and the metrics block, from the run history.
import type { SourceConfig } from '../../../src-shared/config.js';
import type { AgentMetrics, SourceStatus } from '../../../src-shared/domain.js';
import type { JobQueue } from '../queue/jobQueue.js';
import type { CircuitBreaker } from '../resilience/circuitBreaker.js';
import type { RunStore } from '../store/runStore.js';
import { hitRatio, METRICS_WINDOW_HOURS, sourceMetrics } from './runMetrics.js';
import { segmentList } from '../segments/segments.js';

export function sourceStatuses(
  entries: Iterable<{ config: SourceConfig; breaker: CircuitBreaker }>,
  runs: RunStore,
  isRunning: (source: string) => boolean,
  nextRunAt: (config: SourceConfig) => string | null = () => null,
): SourceStatus[] {
  return [...entries].map(({ config, breaker }) => {
    const lastRun = runs.list({ source: config.name, limit: 1 })[0] ?? null;
    return {
      name: config.name,
      kind: config.kind,
      entity: config.entity,
      state: isRunning(config.name) ? 'syncing' : lastRun?.status === 'failed' ? 'error' : 'idle',
      lastRun,
      lastSuccessAt: runs.lastSuccess(config.name)?.finishedAt ?? null,
      breaker: breaker.snapshot(),
      nextRunAt: nextRunAt(config),
      segments: segmentList([config]).map(({ name, label, describe }) => ({ name, label, describe })),
    };
  });
}

export function queueState(queue: JobQueue): AgentMetrics['queue'] {
  const q = queue.snapshot();
  const { oldest } = queue.backlog();
  return { depth: q.queued.length, running: q.running, queued: [...new Set(q.queued.map((j) => j.source))], paused: q.paused, oldestWaitSeconds: oldest ? Math.round(oldest.waitMs / 1000) : null };
}

export function agentMetrics(
  sources: string[],
  runs: RunStore,
  queue: JobQueue,
  cache: { hits: number; misses: number },
  now: number,
): AgentMetrics {
  const window = runs.finishedSince(new Date(now - METRICS_WINDOW_HOURS * 3_600_000).toISOString());
  return {
    windowHours: METRICS_WINDOW_HOURS,
    sources: sources.map((s) => sourceMetrics(s, window, runs.lastSuccess(s), now)),
    queue: queueState(queue),
    cacheHitRatio: hitRatio(cache),
  };
}
