// Actions on one source or on all (sync, full sync, stop, pause for a while, resume) and which are in flight.
import { useCallback, useState } from 'react';
import type { SyncRun } from '../../src-shared/domain.js';
import { syncflow } from '../transport.js';
import { useHealth } from './health.js';
import { pauseUntil, type PauseChoice } from './sourceState.js';

export type SourceAction = 'sync' | 'full' | 'stop' | 'pause' | 'resume';

/** `ALL` stands for every source. */
export const ALL = '';

export interface SourceActions {
  /** True while the action's call for that source has not answered (a sync answers when its run ends). */
  pending(source: string, action: SourceAction): boolean;
  /** Sources with a sync or full sync requested from here and not finished yet (ALL for a sync of everything). */
  syncing: ReadonlySet<string>;
  /** `segment`: sync or full-sync only that segment of the source. */
  act(source: string, action: SourceAction, pause?: PauseChoice, segment?: string): Promise<void>;
}

const keyOf = (source: string, action: SourceAction): string => `${action}\u0000${source}`;

export function useSourceActions({
  onRuns,
  refresh,
}: {
  /** Runs a sync call returned: they are finished, whatever progress events still arrive. */
  onRuns: (runs: readonly SyncRun[]) => void;
  refresh: () => Promise<void>;
}): SourceActions {
  const health = useHealth();
  const [inFlight, setInFlight] = useState<ReadonlySet<string>>(() => new Set());

  const act = useCallback(
    async (source: string, action: SourceAction, pause: PauseChoice = 'indefinitely', segment?: string): Promise<void> => {
      const key = keyOf(source, action);
      const scope = source === ALL ? {} : { source };
      setInFlight((prev) => new Set(prev).add(key));
      try {
        switch (action) {
          case 'sync':
          case 'full':
            onRuns(await syncflow.syncNow({ ...scope, full: action === 'full', ...(segment ? { segment } : {}) }));
            break;
          case 'stop':
            await syncflow.cancelSync(scope);
            break;
          case 'pause': {
            const until = pauseUntil(pause, Date.now());
            await syncflow.pauseSync({ ...scope, ...(until ? { until } : {}) });
            break;
          }
          case 'resume':
            await syncflow.resumeSync(scope);
            break;
        }
        health.ok();
      } catch (err) {
        health.report(err);
      } finally {
        setInFlight((prev) => {
          const next = new Set(prev);
          next.delete(key);
          return next;
        });
        void refresh();
      }
    },
    [health, onRuns, refresh],
  );

  const syncing = new Set<string>();
  for (const key of inFlight) {
    const [action, source] = key.split('\u0000');
    if ((action === 'sync' || action === 'full') && source !== undefined) syncing.add(source);
  }

  return { pending: (source, action) => inFlight.has(keyOf(source, action)), syncing, act };
}
