// Segment jobs: queued apart from their source's whole-source job (one waiting job per segment), run one at a time
// per source, and persisted as source#segment so a restart restores them as segment jobs.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { emptyCounts } from '../../src-shared/domain.js';
import { JobQueue, type Job } from '../../src-main/engine/queue/jobQueue.js';
import { SqliteQueueStore } from '../../src-main/engine/queue/queueStore.js';
import { catalogPath, openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
});
afterAll(() => tmp.cleanup());

function harness(store?: SqliteQueueStore) {
  const started: Job[] = [];
  const finishers: (() => void)[] = [];
  const queue = new JobQueue({
    concurrency: 2,
    ...(store ? { store } : {}),
    execute: (job) => new Promise<SyncRun>((resolve) => {
      started.push(job);
      finishers.push(() => resolve({
        id: job.seq, source: job.source, trigger: job.trigger, strategy: 'full', strategyReason: '', status: 'succeeded',
        startedAt: '', finishedAt: null, durationMs: null, pages: 0, counts: emptyCounts(), error: null, requests: 0, bytes: 0,
      }));
    }),
  });
  const settle = () => new Promise((r) => setImmediate(r));
  return { queue, started, finishers, settle };
}

describe('segment jobs', () => {
  it('wait apart from the whole source, and run one at a time per source', async () => {
    const { queue, started, finishers, settle } = harness();
    void queue.enqueue({ source: 'ploomes', priority: 'scheduled', trigger: 'schedule' });
    void queue.enqueue({ source: 'ploomes', priority: 'scheduled', trigger: 'schedule', segment: 'rentals' });
    void queue.enqueue({ source: 'ploomes', priority: 'manual', trigger: 'manual', segment: 'rentals' });
    void queue.enqueue({ source: 'other', priority: 'scheduled', trigger: 'schedule' });
    await settle();
    // Two slots, but the rentals job waits for the whole-source run of the same source.
    expect(started.map((j) => [j.source, j.segment ?? null])).toEqual([['ploomes', null], ['other', null]]);
    expect(queue.snapshot().queued).toEqual([{ source: 'ploomes', priority: 'manual', ids: null, segment: 'rentals' }]);
    finishers[0]!();
    await settle();
    expect(started.map((j) => j.segment ?? null)).toEqual([null, null, 'rentals']);
  });

  it('are persisted as source#segment and restored as segment jobs', () => {
    db = openDatabase(catalogPath(tmp.dir));
    const store = new SqliteQueueStore(db);
    const id = store.insert({ source: 'ploomes', priority: 'scheduled', trigger: 'schedule', segment: 'rentals' });
    expect(store.load()).toEqual([{ id, source: 'ploomes', segment: 'rentals', priority: 'scheduled', trigger: 'schedule', full: false }]);
  });
});
