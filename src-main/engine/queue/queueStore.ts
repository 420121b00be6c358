// Queued jobs in SQLite (queued_jobs, migration 3), so a restart picks up what was waiting.
import type { RunTrigger } from '../../../src-shared/domain.js';
import type { Db } from '../store/database.js';
import type { JobRequest, Priority, QueueStore } from './jobQueue.js';
import { priorityRank } from './jobQueue.js';

const byRank = Object.fromEntries(Object.entries(priorityRank).map(([p, r]) => [r, p])) as Record<number, Priority>;

interface Row {
  id: number;
  source: string;
  priority: number;
  trigger: string;
  full: number;
  ids: string | null;
}

export class SqliteQueueStore implements QueueStore {
  constructor(private readonly db: Db) {}

  insert(job: JobRequest): number {
    const info = this.db
      .prepare('INSERT INTO queued_jobs (source, priority, trigger, full, ids, enqueued_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(job.source, priorityRank[job.priority], job.trigger, job.full ? 1 : 0, job.ids ? JSON.stringify(job.ids) : null, new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  update(id: number, job: JobRequest): void {
    this.db
      .prepare('UPDATE queued_jobs SET priority = ?, trigger = ?, full = ?, ids = ? WHERE id = ?')
      .run(priorityRank[job.priority], job.trigger, job.full ? 1 : 0, job.ids ? JSON.stringify(job.ids) : null, id);
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM queued_jobs WHERE id = ?').run(id);
  }

  /** Dry runs and one-off overrides are not persisted: they belong to the operator who asked and is gone. */
  load(): (JobRequest & { id: number })[] {
    return this.db
      .prepare<[], Row>('SELECT * FROM queued_jobs ORDER BY priority, id')
      .all()
      .map((r) => ({
        id: r.id,
        source: r.source,
        priority: byRank[r.priority] ?? 'scheduled',
        trigger: r.trigger as RunTrigger,
        full: r.full === 1,
        ...(r.ids ? { ids: JSON.parse(r.ids) as string[] } : {}),
      }));
  }
}
