// What the dashboard says a source is doing, from the status, the queue, the network and live progress.
import type { AgentMetrics, AgentStatus, SourceStatus, SyncRun } from '../../src-shared/domain.js';

export type SourceDisplayState = 'idle' | 'queued' | 'syncing' | 'paused' | 'offline' | 'error' | 'needs_review';

export interface SourceView {
  state: SourceDisplayState;
  /** Paused: when the pause ends (null: until resumed). Offline: since when. */
  since: string | null;
  until: string | null;
}

export interface NetworkView {
  online: boolean;
  offlineSince: string | null;
  reason: string | null;
}

/** The agent's network state, once the engine reports one (older engines say nothing: online). */
export function networkOf(status: AgentStatus | null): NetworkView {
  const network = (status as { network?: NetworkView } | null)?.network;
  return network ?? { online: true, offlineSince: null, reason: null };
}

export function pauseOf(queue: AgentMetrics['queue'] | undefined, source: string): { until: string | null } | null {
  if (!queue) return null;
  if (queue.paused.all) return { until: queue.paused.allUntil };
  const own = queue.paused.sources.find((p) => p.source === source);
  return own ? { until: own.until } : null;
}

/** A run that could not reach its source (connection refused or reset, DNS, timeout). */
export function isUnreachable(run: SyncRun | null | undefined): boolean {
  return run?.status === 'failed' && (run.error?.class === 'network' || run.error?.class === 'timeout');
}

/**
 * When a source became unreachable: the start of the unbroken run of connect failures that ends with its last run
 * (from the runs at hand, newest first); null when its last run reached it.
 */
export function unreachableSince(source: SourceStatus, runs: readonly SyncRun[]): string | null {
  if (!isUnreachable(source.lastRun)) return null;
  let since = source.lastRun?.startedAt ?? null;
  for (const run of runs) {
    if (run.source !== source.name || run.status === 'skipped' || run.status === 'cancelled') continue;
    if (!isUnreachable(run)) break;
    if (since === null || run.startedAt < since) since = run.startedAt;
  }
  return since;
}

/**
 * Most pressing first: a running sync, then the agent or the source being offline, a pause, a run waiting in the
 * queue, and finally how the last run ended.
 */
export function sourceView(
  source: SourceStatus,
  ctx: {
    running: boolean;
    queued: boolean;
    queue: AgentMetrics['queue'] | undefined;
    network: NetworkView;
    /** Runs at hand, newest first, for when an unreachable source went offline. */
    runs?: readonly SyncRun[];
  },
): SourceView {
  const none = { since: null, until: null };
  if (ctx.running || source.state === 'syncing') return { state: 'syncing', ...none };
  if (!ctx.network.online) return { state: 'offline', since: ctx.network.offlineSince, until: null };
  if (isUnreachable(source.lastRun)) return { state: 'offline', since: unreachableSince(source, ctx.runs ?? []), until: null };
  const pause = pauseOf(ctx.queue, source.name);
  if (pause) return { state: 'paused', since: null, until: pause.until };
  if (ctx.queued) return { state: 'queued', ...none };
  const last = source.lastRun?.status;
  if (last === 'needs_review') return { state: 'needs_review', ...none };
  if (last === 'failed' || source.state === 'error' || source.breaker?.state === 'open') return { state: 'error', ...none };
  return { state: 'idle', ...none };
}

/** Sources with a job waiting in the queue (status.metrics.queue lists them when the engine reports it). */
export function queuedSources(queue: AgentMetrics['queue'] | undefined): ReadonlySet<string> {
  const queued = (queue as { queued?: readonly string[] } | undefined)?.queued;
  return new Set(queued ?? []);
}

/** Pause choices: ends in 30 min, in 1 h, tomorrow at 08:00 local time, or never by itself. */
export type PauseChoice = '30m' | '1h' | 'tomorrow' | 'indefinitely';
export const pauseChoices: readonly PauseChoice[] = ['30m', '1h', 'tomorrow', 'indefinitely'];

export function pauseUntil(choice: PauseChoice, now: number): string | undefined {
  switch (choice) {
    case '30m':
      return new Date(now + 30 * 60_000).toISOString();
    case '1h':
      return new Date(now + 60 * 60_000).toISOString();
    case 'tomorrow': {
      const d = new Date(now);
      d.setDate(d.getDate() + 1);
      d.setHours(8, 0, 0, 0);
      return d.toISOString();
    }
    case 'indefinitely':
      return undefined;
  }
}
