// Operator controls over a data dir that need no engine: the run history and the queue's pauses. Opening them
// starts no sync, closes no run and builds no index, so `syncflow runs`, `pause` and `resume` are safe while an
// agent (serve, desktop) has the same database open. Pauses live in queue_pauses: an agent restores them when it
// opens and takes changes up at its next tick.
import type { AgentMetrics } from '../../src-shared/domain.js';
import { JobQueue } from './queue/jobQueue.js';
import { SqlitePauseStore } from './queue/queueStore.js';
import { catalogPath, openDatabase, type Db } from './store/database.js';
import { RunStore } from './store/runStore.js';

export type PauseState = AgentMetrics['queue']['paused'];

export class Control {
  readonly runs: RunStore;
  /** Only for its pause bookkeeping (same rules as the agent's queue); nothing is ever queued on it. */
  private readonly queue: JobQueue;

  private constructor(
    private readonly db: Db,
    now: () => number,
  ) {
    this.runs = new RunStore(db);
    this.queue = new JobQueue({
      concurrency: 1,
      execute: () => Promise.reject(new Error('operator controls start no runs')),
      pauses: new SqlitePauseStore(db),
      now,
    });
  }

  static open(dataDir: string, now: () => number = Date.now): Control {
    return new Control(openDatabase(catalogPath(dataDir)), now);
  }

  paused(): PauseState {
    return this.queue.snapshot().paused;
  }

  /** Holds scheduled, webhook and watch runs of every source or one (manual and CLI syncs still run). */
  pause(source?: string, until?: number): PauseState {
    this.queue.pause(source, until);
    return this.paused();
  }

  resume(source?: string): PauseState {
    this.queue.resume(source);
    return this.paused();
  }

  close(): void {
    this.queue.stop();
    this.db.close();
  }
}
