// Which record states a target takes, and which it already holds (echo suppression). A state is skipped when the
// target's filter leaves it out, when its content came from the target's own system (the linked source: never
// pushed back), or when the target already holds that content (the ledger: what it last received, or what its own
// system gave us). Everything else is sent.
import type { TargetFilter } from '../../../src-shared/targetSchemas.js';
import type { RecordState } from './changeReader.js';
import type { TargetStore } from './targetStore.js';

export interface TargetView {
  name: string;
  entity: string;
  /** The source that reads the same system (two-way link). */
  source?: string | undefined;
  filter: TargetFilter;
}

/**
 * other: another entity's change, none of this target's business; superseded: a later change of the record is
 * further on in the feed and decides then (neither is counted as skipped).
 */
export type Verdict = 'send' | 'other' | 'superseded' | 'filtered' | 'echo' | 'held';

export function passesFilter(s: RecordState, t: TargetView): boolean {
  if (s.entity !== t.entity) return false;
  const f = t.filter;
  if (f.sources?.length && !f.sources.includes(s.holder ?? s.origin ?? '')) return false;
  // A deleted record has no fields left to filter on: its delete goes wherever the record could have gone.
  if (!s.record) return true;
  const r = s.record;
  if (f.types?.length && !f.types.includes(r.type as never)) return false;
  if (f.codePrefixes?.length && !f.codePrefixes.some((p) => typeof r.code === 'string' && r.code.startsWith(p))) return false;
  if (f.categories?.length) {
    const c = typeof r.category === 'string' ? r.category : '';
    if (!f.categories.some((want) => c === want || c.startsWith(`${want} >`) || c.startsWith(`${want}/`))) return false;
  }
  return true;
}

/** What the catalog hub knows of a linked system's copy of a merged record (two-way links under a match rule). */
export interface LinkedSystems {
  /**
   * Whether the linked system holds every value the record has now (null: the record is not merged from several
   * sources). A merged record can carry fields the linked system never had although its last change came from there.
   */
  holds(s: RecordState, source: string): boolean | null;
  /** The linked system received the record (inside the batch's commit): what it holds now; a deleted record is passed over. */
  received(s: RecordState, source: string, at: string): void;
}

export function decide(s: RecordState, t: TargetView, store: TargetStore, linked?: LinkedSystems): Verdict {
  if (s.entity !== t.entity) return 'other';
  if (!passesFilter(s, t)) return 'filtered';
  if (s.entryVersion !== null && s.entryVersion < s.version) return 'superseded';
  if (t.source !== undefined) {
    // A merged record: what the linked system last gave us decides, whoever made the latest change. When it holds
    // every value already (it made them, or it caught up), sending would only echo; when it lacks one, it is sent.
    const holds = s.deleted ? null : (linked?.holds(s, t.source) ?? null);
    if (holds !== null) return holds ? 'echo' : decideHeld(s, t, store);
    // Otherwise the content is the linked system's own when the change that made the current version came from it
    // (origin + version where the feed records versions; else the record's source, the last source that wrote it).
    const fromLinked = s.deleted || s.entryVersion !== null ? s.origin === t.source : s.holder === t.source;
    if (fromLinked) return 'echo';
  }
  return decideHeld(s, t, store);
}

function decideHeld(s: RecordState, t: TargetView, store: TargetStore): Verdict {
  const held = store.ledger(t.name, s.entity, s.id);
  if (held && held.hash === s.hash) return 'held';
  // Never seen and already deleted: nothing to remove there.
  if (!held && s.deleted) return 'held';
  return 'send';
}
