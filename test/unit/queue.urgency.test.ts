// Urgency on the queue: critical goes ahead of everything waiting, low waits behind everything, and a critical
// request for a source whose low job is queued lifts that job.
import { describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { emptyCounts } from '../../src-shared/domain.js';
import { JobQueue, type Job, type JobRequest } from '../../src-main/engine/queue/jobQueue.js';
import { priorityOf } from '../../src-main/engine/queue/runRequest.js';
import type { Urgency } from '../../src-shared/syncOps.js';

function harness() {
  const started: Job[] = [];
  const finishers = new Map<string, () => void>();
  const run = (job: Job): SyncRun => ({
    id: job.seq, source: job.source, trigger: job.trigger, strategy: 'full', strategyReason: '', status: 'succeeded',
    startedAt: '', finishedAt: null, durationMs: null, pages: 0, counts: emptyCounts(), error: null, requests: 0, bytes: 0,
  });
  const queue = new JobQueue({
    concurrency: 1,
    execute: (job) => new Promise<SyncRun>((resolve) => {
      started.push(job);
      finishers.set(job.source, () => resolve(run(job)));
    }),
  });
  const settle = () => new Promise((r) => setImmediate(r));
  const finish = async (source: string) => {
    finishers.get(source)!();
    await settle();
  };
  return { queue, started, finish, settle };
}

const req = (source: string, trigger: JobRequest['trigger'], urgency?: Urgency, extra: Partial<JobRequest> = {}): JobRequest => ({
  source, trigger, priority: priorityOf(trigger, urgency), ...(urgency ? { urgency } : {}), ...extra,
});

describe('urgency', () => {
  it('maps to priorities: critical first, low last, normal by trigger', () => {
    expect(priorityOf('manual', 'critical')).toBe('critical');
    expect(priorityOf('schedule', 'critical')).toBe('critical');
    expect(priorityOf('webhook', 'low')).toBe('backfill');
    expect(priorityOf('webhook', 'normal')).toBe('realtime');
    expect(priorityOf('schedule')).toBe('scheduled');
  });

  it('a critical run goes ahead of a queued low one and of a realtime one', async () => {
    const { queue, started, finish, settle } = harness();
    void queue.enqueue(req('busy', 'schedule'));
    void queue.enqueue(req('low', 'manual', 'low'));
    void queue.enqueue(req('hook', 'webhook', 'normal', { ids: ['1'] }));
    void queue.enqueue(req('urgent', 'manual', 'critical'));
    await settle();
    expect(queue.snapshot().queued.map((j) => [j.source, j.priority])).toEqual([
      ['urgent', 'critical'],
      ['hook', 'realtime'],
      ['low', 'backfill'],
    ]);
    for (const s of ['busy', 'urgent', 'hook', 'low']) await finish(s);
    expect(started.map((j) => j.source)).toEqual(['busy', 'urgent', 'hook', 'low']);
  });

  it('a critical request for a source with a low job queued lifts that job, keeping the higher urgency', async () => {
    const { queue, settle } = harness();
    void queue.enqueue(req('busy', 'schedule'));
    void queue.enqueue(req('other', 'manual'));
    void queue.enqueue(req('x', 'webhook', 'low', { ids: ['1'] }));
    void queue.enqueue(req('x', 'webhook', 'critical', { ids: ['2'] }));
    await settle();
    expect(queue.snapshot().queued[0]).toEqual({ source: 'x', priority: 'critical', ids: 2 });
  });
});
