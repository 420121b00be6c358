// Alerts that fire on a lasting condition (error rate, queue backlog) fire once and again only after it cleared.
// The run history is a real SQLite file; time is a variable the test moves; nothing waits for real time.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyCounts, type Alert, type RunStatus, type SyncRun } from '../../src-shared/domain.js';
import { AlertMonitor, type AlertOptions } from '../../src-main/engine/metrics/alerts.js';
import { JobQueue, type Job, type JobRequest } from '../../src-main/engine/queue/jobQueue.js';
import { openDatabase, type Db } from '../../src-main/engine/store/database.js';
import { RunStore } from '../../src-main/engine/store/runStore.js';
import { tempDir } from '../helpers/tmp.js';

const MIN = 60_000;

describe('alerts', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let runs: RunStore;
  let clock: number;
  let alerts: Alert[];

  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'catalog.db'));
    runs = new RunStore(db);
    clock = Date.parse('2026-03-01T00:00:00Z');
    alerts = [];
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  const monitor = (over: Partial<AlertOptions> = {}) =>
    new AlertMonitor({
      consecutiveFailures: 3,
      staleAfterHours: 0,
      errorRate: { threshold: 0.5, windowRuns: 10, minRuns: 4 },
      queueBacklog: { maxWaiting: 10, maxWaitMinutes: 30 },
      emit: (a) => alerts.push(a),
      now: () => clock,
      recentOutcomes: (s, n) => runs.recentOutcomes(s, n),
      ...over,
    });

  /** Records a finished run in the history and tells the monitor, as the engine does. */
  const record = (m: AlertMonitor, source: string, status: RunStatus, extra: { dryRun?: boolean } = {}): SyncRun => {
    clock += MIN;
    const at = new Date(clock).toISOString();
    const started = runs.start(source, 'schedule', 'incremental', 'test', at);
    const error = status === 'failed' ? { class: 'server' as const, message: 'HTTP 500' } : null;
    const run = runs.finish(started.id, status, 1, emptyCounts(), at, error, extra);
    m.onRun(run);
    return run;
  };
  const kinds = (kind: Alert['kind']) => alerts.filter((a) => a.kind === kind);

  describe('error rate', () => {
    it('alerts once when the share of failed runs goes above the threshold, and again only after it recovered', () => {
      const m = monitor();
      for (const s of ['failed', 'succeeded', 'failed'] as const) record(m, 'erp', s);
      expect(kinds('error-rate')).toEqual([]); // 2 of 3, but fewer runs than minRuns
      const fourth = record(m, 'erp', 'failed'); // 3 of 4
      expect(kinds('error-rate')).toEqual([
        {
          kind: 'error-rate',
          level: 'error',
          source: 'erp',
          runId: fourth.id,
          at: new Date(clock).toISOString(),
          message: 'erp: 3 of the last 4 syncs failed (75%, threshold 50%)',
        },
      ]);
      for (const s of ['succeeded', 'failed', 'succeeded'] as const) record(m, 'erp', s); // 3/5, 4/6, 4/7
      expect(kinds('error-rate')).toHaveLength(1); // still above: no repeat
      record(m, 'erp', 'succeeded'); // 4 of 8 = 50%: at the threshold, recovered
      record(m, 'erp', 'failed'); // 5 of 9: above again
      expect(kinds('error-rate')).toHaveLength(2);
      expect(kinds('error-rate')[1]!.message).toBe('erp: 5 of the last 9 syncs failed (56%, threshold 50%)');
      // Never three failures in a row: the flapping source is caught by the rate, not the streak.
      expect(kinds('consecutive-failures')).toEqual([]);
    });

    it('counts only the last windowRuns runs', () => {
      const m = monitor({ errorRate: { threshold: 0.5, windowRuns: 4, minRuns: 4 } });
      for (let i = 0; i < 4; i++) record(m, 'erp', 'failed');
      for (let i = 0; i < 4; i++) record(m, 'erp', 'succeeded');
      expect(kinds('error-rate').map((a) => a.message)).toEqual([
        'erp: 4 of the last 4 syncs failed (100%, threshold 50%)',
      ]);
      record(m, 'erp', 'failed'); // 5 of all 9 runs failed, but 1 of the last 4
      record(m, 'erp', 'failed'); // 2 of the last 4: at the threshold
      expect(kinds('error-rate')).toHaveLength(1);
      record(m, 'erp', 'failed');
      expect(kinds('error-rate').map((a) => a.message)).toEqual([
        'erp: 4 of the last 4 syncs failed (100%, threshold 50%)',
        'erp: 3 of the last 4 syncs failed (75%, threshold 50%)',
      ]);
    });

    it('waits for minRuns, ignores skipped, cancelled and dry runs, and keeps sources apart', () => {
      const m = monitor();
      for (let i = 0; i < 3; i++) record(m, 'erp', 'failed');
      expect(kinds('error-rate')).toEqual([]); // 3 runs < minRuns (the streak alert covers this)
      expect(kinds('consecutive-failures')).toHaveLength(1);
      record(m, 'erp', 'skipped');
      record(m, 'erp', 'cancelled');
      record(m, 'erp', 'failed', { dryRun: true });
      expect(kinds('error-rate')).toEqual([]);
      for (let i = 0; i < 4; i++) record(m, 'crm', 'succeeded');
      expect(kinds('error-rate')).toEqual([]);
      record(m, 'erp', 'failed');
      expect(kinds('error-rate').map((a) => a.source)).toEqual(['erp']);
    });

    it('threshold 0 turns it off', () => {
      const m = monitor({ errorRate: { threshold: 0, windowRuns: 10, minRuns: 1 } });
      for (let i = 0; i < 5; i++) record(m, 'erp', 'failed');
      expect(kinds('error-rate')).toEqual([]);
      expect(kinds('run-failed')).toHaveLength(5);
    });

    it('reads the history, so a restarted agent still sees the failures before it', () => {
      const before = monitor();
      for (const s of ['failed', 'succeeded', 'failed', 'succeeded'] as const) record(before, 'erp', s);
      const after = monitor(); // a new process: nothing in memory
      record(after, 'erp', 'failed');
      expect(kinds('error-rate').map((a) => a.message)).toEqual([
        'erp: 3 of the last 5 syncs failed (60%, threshold 50%)',
      ]);
    });
  });

  describe('queue backlog', () => {
    /** A queue whose jobs run until the test finishes them. */
    function queue() {
      const finishers = new Map<string, () => void>();
      const q = new JobQueue({
        concurrency: 1,
        now: () => clock,
        execute: (job: Job) =>
          new Promise<SyncRun>((resolve) => {
            finishers.set(job.source, () =>
              resolve(runs.start(job.source, job.trigger, 'full', 'test', new Date(clock).toISOString())),
            );
          }),
      });
      const settle = () => new Promise((r) => setImmediate(r));
      const finish = async (source: string) => {
        finishers.get(source)!();
        await settle();
      };
      return { q, finish, settle };
    }
    const job = (source: string, priority: JobRequest['priority'] = 'scheduled'): JobRequest => ({
      source,
      priority,
      trigger: priority === 'manual' ? 'manual' : 'schedule',
    });

    it('alerts once when the oldest waiting job has waited too long, and again only after the queue drained', async () => {
      const m = monitor();
      const { q, finish, settle } = queue();
      void q.enqueue(job('big')); // runs, and keeps running
      void q.enqueue(job('a'));
      void q.enqueue(job('b'));
      await settle();
      clock += 30 * MIN;
      m.checkBacklog(q.backlog());
      expect(kinds('queue-backlog')).toEqual([]); // exactly at the threshold
      clock += MIN;
      m.checkBacklog(q.backlog());
      m.checkBacklog(q.backlog());
      expect(kinds('queue-backlog')).toEqual([
        {
          kind: 'queue-backlog',
          level: 'warning',
          source: '*',
          at: new Date(clock).toISOString(),
          message:
            'queue backlog: 2 job(s) waiting to start; the oldest (a) has waited 31 min (threshold 10 jobs or 30 min)',
        },
      ]);
      await finish('big'); // a starts; b has waited as long
      m.checkBacklog(q.backlog());
      expect(kinds('queue-backlog')).toHaveLength(1);
      await finish('a'); // b starts: nothing waits
      expect(q.backlog()).toEqual({ waiting: 0, oldest: null });
      m.checkBacklog(q.backlog());
      void q.enqueue(job('c'));
      clock += 31 * MIN;
      m.checkBacklog(q.backlog());
      expect(kinds('queue-backlog').map((a) => a.message)).toEqual([
        expect.stringContaining('the oldest (a)'),
        expect.stringContaining('1 job(s) waiting to start; the oldest (c) has waited 31 min'),
      ]);
    });

    it('alerts when more jobs wait than maxWaiting', async () => {
      const m = monitor({ queueBacklog: { maxWaiting: 2, maxWaitMinutes: 0 } });
      const { q } = queue();
      for (const s of ['big', 'a', 'b']) void q.enqueue(job(s));
      m.checkBacklog(q.backlog());
      expect(kinds('queue-backlog')).toEqual([]);
      void q.enqueue(job('c'));
      clock += 5 * 60 * MIN; // the wait threshold is off
      m.checkBacklog(q.backlog());
      expect(kinds('queue-backlog').map((a) => a.message)).toEqual([
        'queue backlog: 3 job(s) waiting to start; the oldest (a) has waited 300 min (threshold 2 jobs)',
      ]);
    });

    it('jobs held by a pause are not a backlog; runs an operator asked for are', async () => {
      const m = monitor();
      const { q } = queue();
      void q.enqueue(job('big'));
      q.pause();
      void q.enqueue(job('held'));
      clock += 120 * MIN;
      m.checkBacklog(q.backlog());
      expect(q.backlog()).toEqual({ waiting: 0, oldest: null });
      expect(kinds('queue-backlog')).toEqual([]);
      void q.enqueue(job('asked', 'manual'));
      clock += 31 * MIN;
      m.checkBacklog(q.backlog());
      expect(q.backlog()).toEqual({ waiting: 1, oldest: { source: 'asked', waitMs: 31 * MIN } });
      expect(kinds('queue-backlog')).toHaveLength(1);
    });
  });
});
