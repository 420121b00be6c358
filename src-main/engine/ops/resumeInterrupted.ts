// After the engine host restarted a dead worker: the runs that worker left `running` were closed as failed when the
// new engine opened (Engine.open). Here the UI hears about them (`runFinished`, which the dead worker never sent),
// and each of their sources syncs again at once, resuming from its checkpoint, with the trigger it had.
import type { SyncRun } from '../../../src-shared/domain.js';
import type { EngineEvents } from '../events.js';
import type { Logger } from '../logging/logger.js';
import type { SyncOptions } from '../queue/runRequest.js';

export interface Resumable {
  readonly interrupted: SyncRun[];
  readonly events: EngineEvents;
  readonly log: Logger;
  sourceNames(): string[];
  sync(opts: SyncOptions): Promise<SyncRun[]>;
}

/** Announces the interrupted runs and starts one resuming run per source still configured; returns those sources. */
export function resumeInterrupted(engine: Resumable): string[] {
  const runs = engine.interrupted.splice(0);
  for (const run of runs) engine.events.emit('runFinished', run);
  const configured = new Set(engine.sourceNames());
  const sources = new Map<string, SyncRun>();
  for (const run of runs) if (configured.has(run.source) && !sources.has(run.source)) sources.set(run.source, run);
  for (const [source, run] of sources) {
    engine.log.info(`resuming ${source} after the engine worker restarted (run ${run.id} was interrupted)`, { source });
    void engine.sync({ source, trigger: run.trigger }).catch((err: unknown) => engine.log.error(`resuming ${source} failed: ${String(err)}`, { source }));
  }
  return [...sources.keys()];
}
