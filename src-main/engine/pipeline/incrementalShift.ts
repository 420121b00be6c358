// An incremental listing ordered by update time shifts when a record already read is edited (it moves to the end)
// or one is deleted: the record that slides into the read part is never returned, and the cursor moves past it.
// Each pass watches for that without trusting clocks: a record that comes back later in the same listing moved
// while it was read, and a count that changes between pages means records came or went. A disturbed listing is
// read once more; if the source keeps changing under it, the cursor stays where the run found it, so the next
// incremental reads those changes again.
import type { SourcePage } from '../connectors/types.js';
import type { CommitPage } from './pageCommit.js';
import { relist } from './pagePass.js';
import type { SyncRunState } from './runPlan.js';

/** Past this many ids a pass stops remembering them (an incremental that large is a bulk catch-up). */
const MAX_IDS = 500_000;

export interface ShiftWatch {
  ids: Set<string>;
  /** Ids the pass created or updated (under the same bound). */
  changed: Set<string>;
  /** An id read twice in the pass, if any. */
  repeated: string | null;
  /** The counts the source reported on the pass's pages. */
  totals: Set<number>;
}

export const newShiftWatch = (): ShiftWatch => ({ ids: new Set(), changed: new Set(), repeated: null, totals: new Set() });

/** A page of the pass arrived. */
export function watchPage(w: ShiftWatch, page: SourcePage): void {
  if (page.total !== null) w.totals.add(page.total);
}

/** The ids a committed page of an incremental pass held, and those it created or updated. */
export function watchIds(w: ShiftWatch, ids: readonly string[], changed: readonly string[] = []): void {
  for (const id of ids) {
    if (w.repeated === null && w.ids.has(id)) w.repeated = id;
    if (w.ids.size < MAX_IDS) w.ids.add(id);
  }
  for (const id of changed) if (w.changed.size < MAX_IDS) w.changed.add(id);
}

/** Whether a pass's id sets stopped growing at the bound (then they cannot tell records apart). */
const full = (w: ShiftWatch) => w.ids.size >= MAX_IDS || w.changed.size >= MAX_IDS;

/** Why the pass's listing may have skipped records, or null. */
export function shiftReason(w: ShiftWatch): string | null {
  if (w.repeated !== null) return `record ${w.repeated} came back later in the same listing: it changed while read`;
  if (w.totals.size > 1) return `the source's count changed while paging (${[...w.totals].join(' → ')})`;
  return null;
}

/** After an incremental pass: read the changes once more if the listing may have shifted, else hold the cursor. */
export async function repageIfShifted(s: SyncRunState, commitPage: CommitPage): Promise<void> {
  if (s.plan.strategy !== 'incremental' || s.connector.stableListing?.(false)) return;
  const first = shiftReason(s.shift);
  if (!first) return;
  const { log, runs } = s.deps;
  log.info(`the listing may have shifted (${first}); reading the changes once more`, s.ctx);
  s.notes.push(`the listing may have shifted (${first}); the changes were read twice`);
  const before = s.shift;
  await relist(s, commitPage);
  countOnce(s, before);
  const again = shiftReason(s.shift);
  if (!again || !s.checkpoint?.cursor) return;
  // Still moving: what slid past this time is read by the next incremental, from where this run started.
  const held = s.checkpoint.cursor;
  s.deps.db.transaction(() => runs.saveCheckpoint({ source: s.name, cursor: held, fullOffset: null, fullRunId: null, updatedAt: s.now() }))();
  s.notes.push(`the cursor stays at ${held}: the source kept changing while read (${again}); the next incremental reads these changes again`);
  log.warn(`cursor held at ${held}: ${again}`, s.ctx);
}

/**
 * The two readings (and a record that came back within one) count each record once: created and updated from the
 * ids written, unchanged the rest of the ids read (quarantined ones relist() counted once).
 */
function countOnce(s: SyncRunState, first: ShiftWatch): void {
  const second = s.shift;
  const { counts } = s;
  // A segment's run reads records outside it that it neither writes nor counts; bounded sets cannot tell ids apart.
  if (s.segment || full(first) || full(second)) return;
  const read = new Set([...first.ids, ...second.ids]);
  const written = new Set([...first.changed, ...second.changed]);
  // Under a match rule a write reports the catalog record it changed, which may carry another id.
  for (const id of written) if (!read.has(id)) return;
  counts.updated = Math.max(0, written.size - counts.created);
  counts.unchanged = Math.max(0, read.size + s.keyless.most - written.size - counts.quarantined);
}
