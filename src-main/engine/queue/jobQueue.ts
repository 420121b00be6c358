// The one job queue every sync goes through: priorities (realtime > manual > scheduled > backfill), at most one run
// per source, coalescing of requests for the same source, bounded global concurrency, pause/resume (all or one
// source, optionally until a time) and persistence of queued jobs so they survive a restart.
import type { RunTrigger, SyncRun } from '../../../src-shared/domain.js';

export type Priority = 'realtime' | 'manual' | 'scheduled' | 'backfill';
export const priorityRank: Record<Priority, number> = { realtime: 0, manual: 1, scheduled: 2, backfill: 3 };

export interface JobOptions {
  dryRun?: boolean;
  allowMassDelete?: boolean;
}

export interface JobRequest {
  source: string;
  priority: Priority;
  trigger: RunTrigger;
  full?: boolean;
  /** Specific records to refresh (realtime); absent means the whole source. */
  ids?: string[];
  options?: JobOptions;
}

export interface Job extends JobRequest {
  /** Row id in the persisted queue, when persisted. */
  id: number | null;
  seq: number;
}

/** Where queued jobs live between restarts (the queued_jobs table); optional so tests can run without it. */
export interface QueueStore {
  insert(job: JobRequest): number;
  update(id: number, job: JobRequest): void;
  remove(id: number): void;
  load(): (JobRequest & { id: number })[];
}

interface Waiter {
  resolve: (run: SyncRun) => void;
  reject: (err: unknown) => void;
}

interface Entry {
  job: Job;
  waiters: Waiter[];
}

export interface QueueSnapshot {
  queued: { source: string; priority: Priority; ids: number | null }[];
  running: string[];
  paused: { all: boolean; allUntil: string | null; sources: { source: string; until: string | null }[] };
}

/** Merges a request into a queued job: the higher priority wins, full wins, whole-source wins over ids. */
export function coalesce(a: JobRequest, b: JobRequest): JobRequest {
  const first = priorityRank[b.priority] < priorityRank[a.priority] ? b : a;
  const ids = a.ids && b.ids ? [...new Set([...a.ids, ...b.ids])] : undefined;
  return {
    source: a.source,
    priority: first.priority,
    trigger: first.trigger,
    full: Boolean(a.full || b.full),
    ...(ids ? { ids } : {}),
    options: { ...a.options, ...b.options },
  };
}

export class JobQueue {
  private readonly queued = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<SyncRun>>();
  private seq = 0;
  private stopped = false;
  private pausedAll: { until: number | null } | null = null;
  private readonly pausedSources = new Map<string, { until: number | null }>();

  constructor(
    private readonly opts: {
      concurrency: number;
      execute: (job: Job) => Promise<SyncRun>;
      store?: QueueStore;
      now?: () => number;
      onError?: (source: string, err: unknown) => void;
    },
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /**
   * Queues a run and resolves with it. A request for a source already queued joins that job; one for a source
   * already running joins the run, except new ids for a realtime refresh, which queue one follow-up.
   */
  enqueue(req: JobRequest): Promise<SyncRun> {
    if (this.stopped) return Promise.reject(new Error('the engine is closed'));
    const active = this.running.get(req.source);
    if (active && !(req.priority === 'realtime' && req.ids)) return active;
    return new Promise<SyncRun>((resolve, reject) => {
      const existing = this.queued.get(req.source);
      if (existing) {
        const merged = coalesce(existing.job, req);
        existing.job = { ...merged, id: existing.job.id, seq: existing.job.seq };
        if (existing.job.id !== null) this.opts.store?.update(existing.job.id, merged);
        existing.waiters.push({ resolve, reject });
      } else {
        // A dry run belongs to the operator waiting for it; after a restart nobody is.
        const id = this.opts.store && !req.options?.dryRun ? this.opts.store.insert(req) : null;
        this.queued.set(req.source, { job: { ...req, id, seq: ++this.seq }, waiters: [{ resolve, reject }] });
      }
      this.dispatch();
    });
  }

  /** Re-queues the jobs persisted by a previous process (nobody waits for them). */
  restore(): number {
    const jobs = this.opts.store?.load() ?? [];
    for (const j of jobs) {
      const { id, ...req } = j;
      if (this.queued.has(req.source)) {
        this.opts.store?.remove(id);
        continue;
      }
      this.queued.set(req.source, { job: { ...req, id, seq: ++this.seq }, waiters: [] });
    }
    this.dispatch();
    return jobs.length;
  }

  /** Holds automatic work (everything but manual runs) for all sources or one, until resumed or `until`. */
  pause(source?: string, until?: number): void {
    const p = { until: until ?? null };
    if (source) this.pausedSources.set(source, p);
    else this.pausedAll = p;
  }

  resume(source?: string): void {
    if (source) this.pausedSources.delete(source);
    else this.pausedAll = null;
    this.dispatch();
  }

  private isPaused(source: string): boolean {
    const now = this.now();
    const active = (p: { until: number | null } | null | undefined) => p != null && (p.until === null || now < p.until);
    if (this.pausedAll && !active(this.pausedAll)) this.pausedAll = null;
    const one = this.pausedSources.get(source);
    if (one && !active(one)) this.pausedSources.delete(source);
    return active(this.pausedAll) || active(this.pausedSources.get(source));
  }

  get depth(): number {
    return this.queued.size;
  }

  isRunning(source: string): boolean {
    return this.running.has(source);
  }

  /** Starts nothing more; waiting callers are told, and persisted jobs stay for the next process. */
  stop(): void {
    this.stopped = true;
    for (const { waiters } of this.queued.values()) {
      for (const w of waiters) w.reject(new Error('the engine closed before this run started; it stays queued for the next start'));
      waiters.length = 0;
    }
  }

  /** Starts the best eligible jobs while there is room; call it again when a pause may have ended. */
  dispatch(): void {
    while (!this.stopped && this.running.size < this.opts.concurrency) {
      let best: Entry | null = null;
      for (const entry of this.queued.values()) {
        const { job } = entry;
        if (this.running.has(job.source)) continue;
        if (job.priority !== 'manual' && this.isPaused(job.source)) continue;
        if (!best || priorityRank[job.priority] < priorityRank[best.job.priority] || (priorityRank[job.priority] === priorityRank[best.job.priority] && job.seq < best.job.seq)) {
          best = entry;
        }
      }
      if (!best) return;
      this.start(best);
    }
  }

  private start(entry: Entry): void {
    const { job, waiters } = entry;
    this.queued.delete(job.source);
    if (job.id !== null) this.opts.store?.remove(job.id);
    const promise = Promise.resolve().then(() => this.opts.execute(job));
    this.running.set(job.source, promise);
    promise.then(
      (run) => waiters.forEach((w) => w.resolve(run)),
      (err: unknown) => {
        if (waiters.length === 0) this.opts.onError?.(job.source, err);
        waiters.forEach((w) => w.reject(err));
      },
    ).finally(() => {
      this.running.delete(job.source);
      this.dispatch();
    });
  }

  snapshot(): QueueSnapshot {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    this.isPaused(''); // drops pauses that have ended
    return {
      queued: [...this.queued.values()]
        .sort((a, b) => priorityRank[a.job.priority] - priorityRank[b.job.priority] || a.job.seq - b.job.seq)
        .map(({ job }) => ({ source: job.source, priority: job.priority, ids: job.ids?.length ?? null })),
      running: [...this.running.keys()],
      paused: {
        all: this.pausedAll !== null,
        allUntil: iso(this.pausedAll?.until ?? null),
        sources: [...this.pausedSources.entries()].map(([source, p]) => ({ source, until: iso(p.until) })),
      },
    };
  }
}
