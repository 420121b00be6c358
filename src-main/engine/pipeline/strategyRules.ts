// Which strategy a run takes, by the product sync plan's rules, with the reason the run states:
//   - a few named records (≤ 10) that are wanted soon (urgency normal or critical) → real time, fetched by id;
//   - many named records (more than 50) → a full pass, cheaper than asking for each;
//   - a last sync older than the source's incrementalMaxAgeHours (6 for Ploomes) → full, since an incremental
//     that long after trusts a cursor through changes it cannot see (deletes, renamed families);
//   - otherwise the changes since the last sync → incremental.
// A resumed full pass and an explicit full request come first; a source without a cursor is always full.
import type { SyncStrategy } from '../../../src-shared/domain.js';
import type { Urgency } from '../../../src-shared/syncOps.js';
import type { Checkpoint } from '../store/runStore.js';

/** At most this many ids are fetched one by one; more are cheaper as an incremental sync. */
export const REALTIME_MAX_IDS = 10;
/** More named ids than this make a full pass. */
export const BATCH_MIN_IDS = 50;

export interface StrategyInput {
  full: boolean;
  incrementalCapable: boolean;
  /** Why the connector distrusts its cursor (REST `incremental.maxAge`), or null. */
  staleReason?: string | null;
  ids?: string[];
  fetchByIds?: boolean;
  urgency?: Urgency;
  /** The source's incrementalMaxAgeHours: an older last sync makes a full one. */
  maxAgeHours?: number | null;
  /** The run's clock. */
  now?: Date;
}

export interface Plan {
  strategy: SyncStrategy;
  reason: string;
  startOffset: number;
}

const hours = (ms: number) => `${Math.round((ms / 3_600_000) * 10) / 10} h`;

/** Why the last sync is too old for an incremental under the six-hour rule, or null. */
export function lastSyncTooOld(checkpoint: Checkpoint | null, maxAgeHours: number | null | undefined, now: Date): string | null {
  if (!maxAgeHours || !checkpoint?.cursor) return null;
  const age = now.getTime() - Date.parse(checkpoint.updatedAt);
  if (!(age > maxAgeHours * 3_600_000)) return null;
  return `the last sync (${checkpoint.updatedAt}) was ${hours(age)} ago, more than incrementalMaxAgeHours ${maxAgeHours}`;
}

export function chooseStrategy(req: StrategyInput, checkpoint: Checkpoint | null): Plan {
  const ids = req.ids?.length ?? 0;
  const urgency = req.urgency ?? 'normal';
  if (ids > 0 && ids <= REALTIME_MAX_IDS && req.fetchByIds && !req.full && urgency !== 'low') {
    const said = urgency === 'critical' ? ', critical' : '';
    return { strategy: 'realtime', reason: `${ids} record(s) named by a change notification${said}`, startOffset: 0 };
  }
  // Why named records are not fetched one by one, so the run says it.
  const why =
    ids === 0 || req.full
      ? ''
      : ids > REALTIME_MAX_IDS
        ? `${ids} ids (more than ${REALTIME_MAX_IDS}); `
        : urgency === 'low'
          ? `${ids} record(s) named with low urgency wait for an incremental; `
          : 'the connector cannot fetch by id; ';
  if (checkpoint?.fullOffset != null && checkpoint.fullOffset > 0) {
    return { strategy: 'full', reason: `${why}resuming an interrupted full sync at record ${checkpoint.fullOffset}`, startOffset: checkpoint.fullOffset };
  }
  if (req.full) return { strategy: 'full', reason: 'full sync requested', startOffset: 0 };
  if (ids > BATCH_MIN_IDS) return { strategy: 'full', reason: `${ids} ids named (more than ${BATCH_MIN_IDS}): a full pass costs less than asking for each`, startOffset: 0 };
  if (!req.incrementalCapable) return { strategy: 'full', reason: `${why}the source has no incremental cursor`, startOffset: 0 };
  if (!checkpoint?.cursor) return { strategy: 'full', reason: `${why}no previous successful sync of this source`, startOffset: 0 };
  // The connector knows when its cursor is too old to trust (incremental.maxAge).
  if (req.staleReason) return { strategy: 'full', reason: `${why}${req.staleReason}`, startOffset: 0 };
  const old = lastSyncTooOld(checkpoint, req.maxAgeHours, req.now ?? new Date());
  if (old) return { strategy: 'full', reason: `${why}${old}`, startOffset: 0 };
  const within = req.maxAgeHours ? ` (last sync ${checkpoint.updatedAt}, within incrementalMaxAgeHours ${req.maxAgeHours})` : '';
  return { strategy: 'incremental', reason: `${why}changes since ${checkpoint.cursor}${within}`, startOffset: 0 };
}
