// The one job queue every sync goes through: priorities (critical > realtime > manual > scheduled > backfill; an
// urgency on the request picks critical or backfill), at most one run
// per source, coalescing of requests for the same source, bounded global concurrency, pause/resume (all or one
// source, optionally until a time) and persistence of queued jobs and pauses so they survive a restart.
import type { RunTrigger, SyncRun } from '../../../src-shared/domain.js';
import type { Urgency } from '../../../src-shared/syncOps.js';

export type Priority = 'critical' | 'realtime' | 'manual' | 'scheduled' | 'backfill';
// critical ranks below 0 so the ranks persisted before it existed keep their meaning.
export const priorityRank: Record<Priority, number> = { critical: -1, realtime: 0, manual: 1, scheduled: 2, backfill: 3 };
const urgencyRank: Record<Urgency, number> = { low: 0, normal: 1, critical: 2 };

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
  /** How soon it is wanted (low folds named records into an incremental); absent is normal. */
  urgency?: Urgency;
  /** One segment of the source: queued apart from the whole source, run one at a time with it. */
  segment?: string;
  options?: JobOptions;
}

export interface Job extends JobRequest {
  /** Row id in the persisted queue, when persisted. */
  id: number | null;
  seq: number;
  /** When this process queued it (the queue's clock); a job restored after a restart counts from the restore. */
  enqueuedAt: number;
}

/** Where queued jobs live between restarts (the queued_jobs table); optional so tests can run without it. */
export interface QueueStore {
  insert(job: JobRequest): number;
  update(id: number, job: JobRequest): void;
  remove(id: number): void;
  load(): (JobRequest & { id: number })[];
}

/** Runs an operator asked for (Sync now, `syncflow sync`) go ahead while paused; automatic ones wait. */
const operatorTriggers: readonly RunTrigger[] = ['manual', 'cli'];
export const isOperatorTrigger = (trigger: RunTrigger): boolean => operatorTriggers.includes(trigger);

/** Scope of a pause of every source (source names cannot contain '*'). */
export const ALL_SCOPE = '*';

/** Where pauses live (the queue_pauses table), so a pause set by the CLI or before a restart holds. */
export interface PauseStore {
  save(scope: string, until: number | null): void;
  remove(scope: string): void;
  load(): { scope: string; until: number | null }[];
}

/** Jobs waiting to start that no pause holds. */
export interface Backlog {
  waiting: number;
  oldest: { source: string; waitMs: number } | null;
}

interface Waiter {
  resolve: (run: SyncRun) => void;
  reject: (err: unknown) => void;
}

interface Entry {
  job: Job;
  waiters: Waiter[];
}

/** Where a job waits: the whole source, or one of its segments (`source#segment`). */
export const jobKey = (j: { source: string; segment?: string | undefined }): string => (j.segment ? `${j.source}#${j.segment}` : j.source);

export interface QueueSnapshot {
  queued: { source: string; priority: Priority; ids: number | null; segment?: string }[];
  running: string[];
  paused: { all: boolean; allUntil: string | null; sources: { source: string; until: string | null }[] };
}

/** Merges a request into a queued job: the higher priority wins, full wins, whole-source wins over ids. */
export function coalesce(a: JobRequest, b: JobRequest): JobRequest {
  const first = priorityRank[b.priority] < priorityRank[a.priority] ? b : a;
  const ids = a.ids && b.ids ? [...new Set([...a.ids, ...b.ids])] : undefined;
  const urgency = urgencyRank[b.urgency ?? 'normal'] > urgencyRank[a.urgency ?? 'normal'] ? b.urgency : a.urgency;
  return {
    source: a.source,
    ...(a.segment ? { segment: a.segment } : {}),
    priority: first.priority,
    trigger: first.trigger,
    full: Boolean(a.full || b.full),
    ...(ids ? { ids } : {}),
    ...(urgency ? { urgency } : {}),
    options: { ...a.options, ...b.options },
  };
}

export class JobQueue {
  private readonly queued = new Map<string, Entry>();
  /** By source (one run per source at a time, whole or segment), with the key of the job it runs. */
  private readonly running = new Map<string, { key: string; promise: Promise<SyncRun> }>();
  private seq = 0;
  private stopped = false;
  private pausedAll: { until: number | null } | null = null;
  private readonly pausedSources = new Map<string, { until: number | null }>();

  constructor(
    private readonly opts: {
      concurrency: number;
      execute: (job: Job) => Promise<SyncRun>;
      store?: QueueStore;
      pauses?: PauseStore;
      now?: () => number;
      onError?: (source: string, err: unknown) => void;
      /** Holds automatic jobs like a pause while true (the agent is offline or the machine is going to sleep). */
      holdAutomatic?: () => boolean;
      /** A run that should not count (it met the network gone): its job goes back to the queue, waiters with it. */
      retryLater?: (job: Job, run: SyncRun) => boolean;
    },
  ) {
    this.reloadPauses();
  }

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
    if (active && active.key === jobKey(req) && !(req.priority === 'realtime' && req.ids)) return active.promise;
    return new Promise<SyncRun>((resolve, reject) => {
      const existing = this.queued.get(jobKey(req));
      if (existing) {
        const merged = coalesce(existing.job, req);
        existing.job = { ...merged, id: existing.job.id, seq: existing.job.seq, enqueuedAt: existing.job.enqueuedAt };
        if (existing.job.id !== null) this.opts.store?.update(existing.job.id, merged);
        existing.waiters.push({ resolve, reject });
      } else {
        // A dry run belongs to the operator waiting for it; after a restart nobody is.
        const id = this.opts.store && !req.options?.dryRun ? this.opts.store.insert(req) : null;
        const job = { ...req, id, seq: ++this.seq, enqueuedAt: this.now() };
        this.queued.set(jobKey(req), { job, waiters: [{ resolve, reject }] });
      }
      this.dispatch();
    });
  }

  /** Re-queues the jobs persisted by a previous process (nobody waits for them). */
  restore(): number {
    const jobs = this.opts.store?.load() ?? [];
    for (const j of jobs) {
      const { id, ...req } = j;
      if (this.queued.has(jobKey(req))) {
        this.opts.store?.remove(id);
        continue;
      }
      this.queued.set(jobKey(req), { job: { ...req, id, seq: ++this.seq, enqueuedAt: this.now() }, waiters: [] });
    }
    this.dispatch();
    return jobs.length;
  }

  /**
   * Holds automatic work (schedules, webhooks, file watches, the sync at start-up; not what an operator asked for)
   * of all sources or one, until resumed or `until`.
   * Resuming all sources ends the pause of all, not the pauses of single sources.
   */
  pause(source?: string, until?: number): void {
    const p = { until: until ?? null };
    if (source) this.pausedSources.set(source, p);
    else this.pausedAll = p;
    this.opts.pauses?.save(source ?? ALL_SCOPE, p.until);
  }

  resume(source?: string): void {
    if (source) this.pausedSources.delete(source);
    else this.pausedAll = null;
    this.opts.pauses?.remove(source ?? ALL_SCOPE);
    this.dispatch();
  }

  /** Takes the pauses from the store (another process, e.g. `syncflow pause`, may have changed them). */
  reloadPauses(): void {
    if (!this.opts.pauses) return;
    this.pausedAll = null;
    this.pausedSources.clear();
    for (const { scope, until } of this.opts.pauses.load()) {
      if (scope === ALL_SCOPE) this.pausedAll = { until };
      else this.pausedSources.set(scope, { until });
    }
  }

  private held(job: Job): boolean {
    return !isOperatorTrigger(job.trigger) && (this.isPaused(job.source) || (this.opts.holdAutomatic?.() ?? false));
  }

  private isPaused(source: string): boolean {
    const now = this.now();
    const active = (p: { until: number | null } | null | undefined) => p != null && (p.until === null || now < p.until);
    if (this.pausedAll && !active(this.pausedAll)) this.expire(ALL_SCOPE);
    const one = this.pausedSources.get(source);
    if (one && !active(one)) this.expire(source);
    return active(this.pausedAll) || active(this.pausedSources.get(source));
  }

  private expire(scope: string): void {
    if (scope === ALL_SCOPE) this.pausedAll = null;
    else this.pausedSources.delete(scope);
    this.opts.pauses?.remove(scope);
  }

  /** Jobs that could start but wait for room, and the oldest of them (for the backlog alert and status). */
  backlog(): Backlog {
    const now = this.now();
    let waiting = 0;
    let oldest: Job | null = null;
    for (const { job } of this.queued.values()) {
      if (this.held(job)) continue;
      waiting++;
      if (!oldest || job.enqueuedAt < oldest.enqueuedAt) oldest = job;
    }
    return { waiting, oldest: oldest ? { source: oldest.source, waitMs: Math.max(0, now - oldest.enqueuedAt) } : null };
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
        if (this.held(job)) continue;
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
    this.queued.delete(jobKey(job));
    if (job.id !== null) this.opts.store?.remove(job.id);
    const promise = Promise.resolve().then(() => this.opts.execute(job));
    this.running.set(job.source, { key: jobKey(job), promise });
    promise.then(
      (run) => {
        if (!this.stopped && !isOperatorTrigger(job.trigger) && this.opts.retryLater?.(job, run)) this.requeue(entry);
        else waiters.forEach((w) => w.resolve(run));
      },
      (err: unknown) => {
        if (waiters.length === 0) this.opts.onError?.(job.source, err);
        waiters.forEach((w) => w.reject(err));
      },
    ).finally(() => {
      this.running.delete(job.source);
      this.dispatch();
    });
  }

  /** Puts a started job back (merged with one queued since), persisted again, its waiters still waiting. */
  private requeue(entry: Entry): void {
    const { id: _id, seq: _seq, enqueuedAt: _at, ...req } = entry.job;
    const existing = this.queued.get(jobKey(req));
    if (existing) {
      const merged = coalesce(req, existing.job);
      existing.job = { ...merged, id: existing.job.id, seq: entry.job.seq, enqueuedAt: entry.job.enqueuedAt };
      if (existing.job.id !== null) this.opts.store?.update(existing.job.id, merged);
      existing.waiters.push(...entry.waiters);
      return;
    }
    const id = this.opts.store ? this.opts.store.insert(req) : null;
    this.queued.set(jobKey(req), { job: { ...entry.job, id }, waiters: entry.waiters });
  }

  snapshot(): QueueSnapshot {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    for (const source of [ALL_SCOPE, ...this.pausedSources.keys()]) this.isPaused(source); // drops pauses that have ended
    return {
      queued: [...this.queued.values()]
        .sort((a, b) => priorityRank[a.job.priority] - priorityRank[b.job.priority] || a.job.seq - b.job.seq)
        .map(({ job }) => ({ source: job.source, priority: job.priority, ids: job.ids?.length ?? null, ...(job.segment ? { segment: job.segment } : {}) })),
      running: [...this.running.keys()],
      paused: {
        all: this.pausedAll !== null,
        allUntil: iso(this.pausedAll?.until ?? null),
        sources: [...this.pausedSources.entries()].map(([source, p]) => ({ source, until: iso(p.until) })),
      },
    };
  }
}
