// The job queue with an executor the test controls: each started job waits until the test finishes it.
import { describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { emptyCounts } from '../../src-shared/domain.js';
import { JobQueue, type Job, type JobRequest, type QueueStore } from '../../src-main/engine/queue/jobQueue.js';

const runOf = (job: Job, status: SyncRun['status'] = 'succeeded'): SyncRun => ({
  id: job.seq, source: job.source, trigger: job.trigger, strategy: 'full', strategyReason: '', status,
  startedAt: '', finishedAt: null, durationMs: null, pages: 0, counts: emptyCounts(), error: null, requests: 0, bytes: 0,
});

function harness(concurrency = 1, opts: { store?: QueueStore; now?: () => number } = {}) {
  const started: Job[] = [];
  const finishers = new Map<string, () => void>();
  const queue = new JobQueue({
    concurrency,
    ...opts,
    execute: (job) =>
      new Promise<SyncRun>((resolve) => {
        started.push(job);
        finishers.set(job.source, () => resolve(runOf(job)));
      }),
  });
  /** Lets the job of `source` end, then waits until the queue has reacted. */
  const finish = async (source: string) => {
    finishers.get(source)!();
    finishers.delete(source);
    await new Promise((r) => setImmediate(r));
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return { queue, started, finish, settle };
}

const job = (source: string, priority: JobRequest['priority'], extra: Partial<JobRequest> = {}): JobRequest => ({
  source, priority, trigger: priority === 'manual' ? 'manual' : priority === 'realtime' ? 'webhook' : 'schedule', ...extra,
});

describe('job queue', () => {
  it('runs the highest priority first, then in arrival order', async () => {
    const { queue, started, finish, settle } = harness(1);
    void queue.enqueue(job('a', 'scheduled'));
    void queue.enqueue(job('b', 'backfill'));
    void queue.enqueue(job('c', 'scheduled'));
    void queue.enqueue(job('d', 'manual'));
    void queue.enqueue(job('e', 'realtime', { ids: ['1'] }));
    await settle();
    expect(started.map((j) => j.source)).toEqual(['a']); // already running when the others came
    for (const s of ['a', 'e', 'd', 'c']) await finish(s);
    expect(started.map((j) => j.source)).toEqual(['a', 'e', 'd', 'c', 'b']);
  });

  it('coalesces: a request for a queued source joins it; one for a running source joins the run', async () => {
    const { queue, started, finish, settle } = harness(1);
    const first = queue.enqueue(job('x', 'scheduled'));
    const joined = queue.enqueue(job('x', 'manual'));
    await settle();
    expect(started).toHaveLength(1);
    const queuedY1 = queue.enqueue(job('y', 'scheduled'));
    const queuedY2 = queue.enqueue(job('y', 'manual', { full: true }));
    expect(queue.snapshot().queued).toEqual([{ source: 'y', priority: 'manual', ids: null }]);
    await finish('x');
    expect(await first).toBe(await joined);
    await finish('y');
    expect(await queuedY1).toBe(await queuedY2);
    expect(started.map((j) => [j.source, j.priority, j.full])).toEqual([
      ['x', 'scheduled', undefined],
      ['y', 'manual', true],
    ]);
  });

  it('merges the ids of realtime bursts, and queues one follow-up when the source is already running', async () => {
    const { queue, started, finish, settle } = harness(1);
    void queue.enqueue(job('p', 'scheduled'));
    await settle();
    void queue.enqueue(job('p', 'realtime', { ids: ['1', '2'] }));
    void queue.enqueue(job('p', 'realtime', { ids: ['2', '3'] }));
    expect(queue.depth).toBe(1);
    await finish('p');
    expect(started[1]).toMatchObject({ source: 'p', priority: 'realtime', ids: ['1', '2', '3'] });
  });

  it('never runs more than the concurrency allows, nor one source twice', async () => {
    const { queue, started, finish, settle } = harness(2);
    for (const s of ['a', 'b', 'c']) void queue.enqueue(job(s, 'scheduled'));
    await settle();
    expect(started.map((j) => j.source)).toEqual(['a', 'b']);
    void queue.enqueue(job('a', 'realtime', { ids: ['9'] }));
    await finish('b');
    // 'a' is still running: its realtime follow-up waits, 'c' takes the free slot.
    expect(started.map((j) => j.source)).toEqual(['a', 'b', 'c']);
    await finish('a');
    expect(started.map((j) => j.source)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('pause holds automatic jobs (all, or one source until a time); manual runs still go', async () => {
    let now = 0;
    const { queue, started, finish, settle } = harness(1, { now: () => now });
    queue.pause('a', 1000);
    void queue.enqueue(job('a', 'scheduled'));
    await settle();
    expect(started).toHaveLength(0);
    queue.pause();
    void queue.enqueue(job('b', 'manual'));
    await settle();
    expect(started.map((j) => j.source)).toEqual(['b']);
    await finish('b');
    queue.resume();
    await settle();
    expect(started.map((j) => j.source)).toEqual(['b']); // 'a' is still paused until t=1000
    now = 1000;
    queue.dispatch();
    await settle();
    expect(started.map((j) => j.source)).toEqual(['b', 'a']);
    expect(queue.snapshot().paused).toEqual({ all: false, allUntil: null, sources: [] });
  });

  it('persists queued jobs and restores them in a new queue', async () => {
    const rows = new Map<number, JobRequest>();
    let next = 0;
    const store: QueueStore = {
      insert: (j) => (rows.set(++next, j), next),
      update: (id, j) => void rows.set(id, j),
      remove: (id) => void rows.delete(id),
      load: () => [...rows.entries()].map(([id, j]) => ({ ...j, id })),
    };
    const one = harness(1, { store });
    void one.queue.enqueue(job('a', 'scheduled'));
    void one.queue.enqueue(job('b', 'scheduled'));
    void one.queue.enqueue(job('b', 'realtime', { ids: ['5'] }));
    await one.settle();
    // 'a' started (no longer persisted); 'b' waits, coalesced, in the store.
    // The realtime request for 'b' raised the priority; it came without ids for the whole source, so none are kept.
    expect([...rows.values()]).toEqual([{ source: 'b', priority: 'realtime', trigger: 'webhook', full: false, options: {} }]);

    const two = harness(1, { store });
    expect(two.queue.restore()).toBe(1);
    await two.settle();
    expect(two.started.map((j) => j.source)).toEqual(['b']);
    expect(rows.size).toBe(0);
  });
});
