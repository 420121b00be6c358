// What every target kind implements: write a batch of record states idempotently (a re-sent batch changes nothing
// the target has not already got), and optionally rewrite a whole snapshot.
import type { RecordState } from '../changeReader.js';

export interface WriteResult {
  /** Records the target took (created, updated or deleted there). */
  written: number;
  /** Records it already held at this version or newer: a re-send after a crash, or an older version. */
  unchanged: number;
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
