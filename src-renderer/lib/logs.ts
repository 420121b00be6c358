// The dashboard's log panel buffer: the initial tail and live `log` events overlap, so lines are merged by seq.
import type { LogLine } from '../../src-shared/domain.js';

export const LOG_CAP = 500;

/** Merges lines into a buffer ordered by seq, without duplicates, keeping only the newest `cap` lines. */
export function mergeLogs(buffer: readonly LogLine[], incoming: readonly LogLine[], cap = LOG_CAP): LogLine[] {
  if (incoming.length === 0) return buffer.slice(-cap);
  const last = buffer[buffer.length - 1];
  const sortedIncoming = incoming.every((line, i) => i === 0 || (incoming[i - 1]?.seq ?? -1) < line.seq);
  // Fast path for live events: strictly newer lines in order are simply appended.
  if (sortedIncoming && (!last || (incoming[0]?.seq ?? -1) > last.seq)) {
    return buffer.concat(incoming).slice(-cap);
  }
  const bySeq = new Map<number, LogLine>();
  for (const line of buffer) bySeq.set(line.seq, line);
  for (const line of incoming) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-cap);
}
