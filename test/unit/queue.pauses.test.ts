// Pauses of the job queue: what they hold, and that they live in the database (queue_pauses), so a pause holds
// across a restart and one set by another process (the CLI) reaches a running queue. Real SQLite files; the
// clock is a variable.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunTrigger, SyncRun } from '../../src-shared/domain.js';
import { Control } from '../../src-main/engine/control.js';
import { JobQueue, type Job } from '../../src-main/engine/queue/jobQueue.js';
import { SqlitePauseStore } from '../../src-main/engine/queue/queueStore.js';
import { catalogPath, openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { tempDir } from '../helpers/tmp.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;

describe('queue pauses', () => {
  let tmp: ReturnType<typeof tempDir>;
  let clock: number;
  const dbs: Db[] = [];
  beforeEach(() => {
    tmp = tempDir();
    clock = T0;
  });
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    tmp.cleanup();
  });

  const open = () => {
    const db = openDatabase(catalogPath(tmp.dir));
    dbs.push(db);
    const started: Job[] = [];
    const queue = new JobQueue({
      concurrency: 4,
      now: () => clock,
      pauses: new SqlitePauseStore(db),
      execute: (job) => {
        started.push(job);
        return new Promise<SyncRun>(() => undefined); // stays running: only what starts matters here
      },
    });
    const settle = () => new Promise((r) => setImmediate(r));
    return { db, queue, started, settle };
  };
  const enqueue = (queue: JobQueue, source: string, trigger: RunTrigger) =>
    void queue.enqueue({
      source,
      trigger,
      priority: trigger === 'schedule' ? 'scheduled' : trigger === 'webhook' ? 'realtime' : 'manual',
    });

  it('holds every automatic trigger (start-up and file watch included) and lets operator runs go', async () => {
    const { queue, started, settle } = open();
    queue.pause();
    const triggers: RunTrigger[] = ['schedule', 'webhook', 'watch', 'startup', 'manual', 'cli'];
    triggers.forEach((t, i) => enqueue(queue, `s${i}-${t}`, t));
    await settle();
    expect(started.map((j) => j.trigger).sort()).toEqual(['cli', 'manual']);
    expect(queue.depth).toBe(4);
  });

  it('a pause survives a restart, and ends at its time, removed from the database too', async () => {
    const first = open();
    first.queue.pause(undefined, T0 + 2 * HOUR);
    first.queue.pause('erp');
    first.queue.pause('crm', T0 + HOUR);
    first.queue.resume('crm');
    first.queue.stop();

    const second = open(); // a new process on the same database
    expect(second.queue.snapshot().paused).toEqual({
      all: true,
      allUntil: '2026-03-01T02:00:00.000Z',
      sources: [{ source: 'erp', until: null }],
    });
    enqueue(second.queue, 'crm', 'schedule');
    await second.settle();
    expect(second.started).toEqual([]);

    clock = T0 + 2 * HOUR;
    second.queue.dispatch();
    await second.settle();
    expect(second.started.map((j) => j.source)).toEqual(['crm']);
    expect(new SqlitePauseStore(second.db).load()).toEqual([{ scope: 'erp', until: null }]);
  });

  it('a running queue takes up pauses another process set or ended (reloadPauses, called on every agent tick)', async () => {
    const { queue, started, settle } = open();
    const cli = Control.open(tmp.dir, () => clock);
    try {
      expect(cli.pause('erp')).toEqual({ all: false, allUntil: null, sources: [{ source: 'erp', until: null }] });
      queue.reloadPauses();
      enqueue(queue, 'erp', 'schedule');
      await settle();
      expect(started).toEqual([]);
      cli.resume('erp');
      queue.reloadPauses();
      queue.dispatch();
      await settle();
      expect(started.map((j) => j.source)).toEqual(['erp']);
    } finally {
      cli.close();
    }
  });

  it('resuming all sources ends the pause of all, not those of single sources', () => {
    const cli = Control.open(tmp.dir, () => clock);
    try {
      cli.pause();
      cli.pause('erp', T0 + HOUR);
      expect(cli.resume()).toEqual({
        all: false,
        allUntil: null,
        sources: [{ source: 'erp', until: '2026-03-01T01:00:00.000Z' }],
      });
      clock = T0 + HOUR;
      expect(cli.paused()).toEqual({ all: false, allUntil: null, sources: [] });
    } finally {
      cli.close();
    }
  });
});
