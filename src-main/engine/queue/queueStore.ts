// Queued jobs (queued_jobs, migration 3) and pauses (queue_pauses, migration 5) in SQLite, so a restart picks up
// what was waiting and what was paused, and a pause set by `syncflow pause` reaches the agent.
import type { RunTrigger } from '../../../src-shared/domain.js';
import type { Db } from '../store/database.js';
import type { JobRequest, PauseStore, Priority, QueueStore } from './jobQueue.js';
import { jobKey, priorityRank } from './jobQueue.js';

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
      .run(jobKey(job), priorityRank[job.priority], job.trigger, job.full ? 1 : 0, job.ids ? JSON.stringify(job.ids) : null, new Date().toISOString());
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
        // A segment's job is stored as source#segment (source and segment names cannot hold '#').
        source: r.source.split('#')[0]!,
        ...(r.source.includes('#') ? { segment: r.source.slice(r.source.indexOf('#') + 1) } : {}),
        priority: byRank[r.priority] ?? 'scheduled',
        trigger: r.trigger as RunTrigger,
        full: r.full === 1,
        ...(r.ids ? { ids: JSON.parse(r.ids) as string[] } : {}),
      }));
  }
}

export class SqlitePauseStore implements PauseStore {
  constructor(private readonly db: Db) {}

  save(scope: string, until: number | null): void {
    this.db
      .prepare('INSERT INTO queue_pauses (scope, until) VALUES (?, ?) ON CONFLICT(scope) DO UPDATE SET until = excluded.until')
      .run(scope, until === null ? null : new Date(until).toISOString());
  }

  remove(scope: string): void {
    this.db.prepare('DELETE FROM queue_pauses WHERE scope = ?').run(scope);
  }

  load(): { scope: string; until: number | null }[] {
    return this.db
      .prepare<[], { scope: string; until: string | null }>('SELECT scope, until FROM queue_pauses ORDER BY scope')
      .all()
      .map((r) => ({ scope: r.scope, until: r.until === null ? null : Date.parse(r.until) }));
  }
}
