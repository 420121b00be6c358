// getStatus in two parts, so a reader thread can answer it while the engine's thread is busy committing a page:
// the live part (what is only in the engine's memory: running syncs, breakers, queue, cache, network) is small and
// pushed by the engine to its host whenever it may have changed; the stored part (last runs, metrics window,
// product total) is read from any connection. The engine's own getStatus composes the same two, so both agree.
import type { AgentMetrics, AgentStatus } from '../../../src-shared/domain.js';
import type { RunStore } from '../store/runStore.js';
import { withRunHistory, type LiveSource } from './agentStatus.js';
import { hitRatio, METRICS_WINDOW_HOURS, sourceMetrics } from './runMetrics.js';

export type LiveStatus = Omit<AgentStatus, 'sources' | 'catalog' | 'metrics' | 'engine'> & {
  sources: LiveSource[];
  queue: AgentMetrics['queue'];
};

export function composeStatus(live: LiveStatus, runs: RunStore, products: number, now: number): AgentStatus {
  const { sources, queue, ...rest } = live;
  const window = runs.finishedSince(new Date(now - METRICS_WINDOW_HOURS * 3_600_000).toISOString());
  return {
    ...rest,
    sources: withRunHistory(sources, runs),
    catalog: { products },
    metrics: {
      windowHours: METRICS_WINDOW_HOURS,
      sources: sources.map((s) => sourceMetrics(s.name, window, runs.lastSuccess(s.name), now)),
      queue,
      cacheHitRatio: hitRatio(live.cache),
    },
  };
}
