// What every target kind implements: write a batch of record states idempotently (a re-sent batch changes nothing
// the target has not already got), and optionally rewrite a whole snapshot.
import type { RecordState } from '../changeReader.js';

/**
 * One outcome per record of the batch: the target took it (created, updated or deleted there), or it already held
 * it as sent. Ids, not a count, so a push run counts each record once (a count cannot say which were which).
 */
export interface WriteResult {
  /**
   * Ids the target left as they were: a version it holds already or a newer one (where it can tell: the PostgreSQL
   * writer), or a delete it is set to ignore. The batch's other records it took; a delete answered 404 is taken (the
   * record is gone there, most often by an earlier attempt of the same batch).
   */
  unchanged: string[];
}

export interface TargetWriter {
  write(batch: RecordState[], signal: AbortSignal): Promise<WriteResult>;
  /** After a push that read changes: rewrite a full snapshot (file targets). */
  snapshot?(all: () => Iterable<RecordState>, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** A target field per catalog path (`details.costPrice`), or the record as it is. */
export function mapFields(record: Record<string, unknown>, fields: Record<string, string> | undefined): Record<string, unknown> {
  if (!fields) return { ...record };
  const out: Record<string, unknown> = {};
  for (const [to, from] of Object.entries(fields)) out[to] = valueAt(record, from) ?? null;
  return out;
}

export function valueAt(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
