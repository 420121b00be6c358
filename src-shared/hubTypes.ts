// What the catalog knows about where a record's values came from, and the conflicts waiting for an operator
// (the Conflicts screen). Plain data: the engine fills these, the renderer shows them.

/** A source record linked into a catalog record by the entity's match rule. */
export interface LinkedRecord {
  source: string;
  /** The record's id at that source. */
  id: string;
  sourceUpdatedAt: string | null;
  /** The source no longer has it (a full pass or a delete feed said so); its values no longer count. */
  deleted: boolean;
}

export interface PinnedValue {
  value: unknown;
  pinnedAt: string;
  /** What the sources would put there now (the policy's choice without the pin). */
  sourceValue: unknown;
  /** The sources' value differs from the pin (a sync brought another value and the pin kept it). */
  disagrees: boolean;
}

/**
 * Where each value of a catalog record came from. Present on products and entity records that are linked from
 * several sources or have pins; absent on a record that came from one source alone (every value is its source's).
 */
export interface RecordProvenance {
  links: LinkedRecord[];
  /** Field → a source name, 'pin' (an operator's pinned value) or 'review' (an operator's pick in a conflict). */
  fields: Record<string, string>;
  pins: Record<string, PinnedValue>;
  /** The open conflict of this record, if any (listConflicts). */
  conflictId: number | null;
}

/** One field on which linked sources disagree, under policy review. */
export interface ConflictField {
  field: string;
  /** What the catalog shows meanwhile (the value it had before the disagreement). */
  current: unknown;
  candidates: { source: string; id: string; value: unknown; sourceUpdatedAt: string | null }[];
}

export const conflictStatuses = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof conflictStatuses)[number];

/** A catalog record held for review: its linked sources disagree on `fields`; an operator picks per field. */
export interface CatalogConflict {
  id: number;
  entity: string;
  /** The catalog record (getProduct / getRecord with this id and source). */
  recordId: string;
  recordSource: string;
  /** A label for lists: the product's name, or the record's `name` field. */
  label: string | null;
  status: ConflictStatus;
  fields: ConflictField[];
  openedAt: string;
  /** When a sync last changed the disagreement. */
  updatedAt: string;
  resolvedAt: string | null;
}

/** An operator's pick for one field: a linked source's value, or a value typed in. */
export type ConflictPick = { source: string } | { value: unknown };
