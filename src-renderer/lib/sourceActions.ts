// Per-source actions on the dashboard (sync, full sync, stop, pause, resume) and which of them are in flight.
import { useCallback, useState } from 'react';
import type { SyncRun } from '../../src-shared/domain.js';
import { syncflow } from '../transport.js';
import { useHealth } from './health.js';

export type SourceAction = 'sync' | 'full' | 'stop' | 'pause' | 'resume';

export interface SourceActions {
  /** True while the action's call for that source has not answered (a sync answers when its run ends). */
  pending(source: string, action: SourceAction): boolean;
  /** Sources with a sync or full sync requested from here and not finished yet. */
  syncing: ReadonlySet<string>;
  act(source: string, action: SourceAction): Promise<void>;
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
    async (source: string, action: SourceAction): Promise<void> => {
      const key = keyOf(source, action);
      setInFlight((prev) => new Set(prev).add(key));
      try {
        switch (action) {
          case 'sync':
          case 'full':
            onRuns(await syncflow.syncNow({ source, full: action === 'full' }));
            break;
          case 'stop':
            await syncflow.cancelSync({ source });
            break;
          case 'pause':
            await syncflow.pauseSync({ source });
            break;
          case 'resume':
            await syncflow.resumeSync({ source });
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
