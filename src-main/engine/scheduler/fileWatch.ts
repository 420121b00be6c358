// File sources with `watch: true`: a new or changed file in the watched path queues a sync (coalesced by the queue
// like any other). Editors and exporters write files in bursts, so events are settled for a moment first.
import { watch, type FSWatcher } from 'node:fs';
import type { SyncflowConfig } from '../../../src-shared/config.js';
import type { Logger } from '../logging/logger.js';
import type { JobRequest } from '../queue/jobQueue.js';
import type { SyncRun } from '../../../src-shared/domain.js';

export interface FileWatches {
  close(): void;
}

export function watchFileSources(opts: {
  config: SyncflowConfig;
  log: Logger;
  enqueue: (job: JobRequest) => Promise<SyncRun>;
  settleMs?: number;
}): FileWatches {
  const watchers: FSWatcher[] = [];
  const timers = new Set<NodeJS.Timeout>();
  for (const source of opts.config.sources) {
    if (source.kind !== 'file' || !source.watch) continue;
    let pending: NodeJS.Timeout | null = null;
    try {
      const watcher = watch(source.path, { persistent: false }, () => {
        if (pending) clearTimeout(pending);
        pending = setTimeout(() => {
          pending = null;
          timers.delete(timer);
          opts.log.info(`${source.path} changed; syncing`, { source: source.name });
          void opts
            .enqueue({ source: source.name, priority: 'manual', trigger: 'watch' })
            .catch((err: unknown) => opts.log.error(`watched-file sync: ${String(err)}`, { source: source.name }));
        }, opts.settleMs ?? 500);
        const timer = pending;
        timers.add(timer);
      });
      watchers.push(watcher);
    } catch (err) {
      opts.log.warn(`cannot watch ${source.path}: ${(err as Error).message}`, { source: source.name });
    }
  }
  return {
    close() {
      for (const w of watchers) w.close();
      for (const t of timers) clearTimeout(t);
    },
  };
}
