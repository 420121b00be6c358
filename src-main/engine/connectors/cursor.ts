// The incremental cursor on the wire: checkpoints hold ISO 8601; sources want it in their own format, moved back
// by the lookback window so records written late, or sharing the cursor's value across a page boundary, are read
// again (the catalog skips them by checksum) instead of being missed.
import { durationMs, type IncrementalConfig } from '../../../src-shared/sourceSchemas.js';

export function formatCursor(iso: string, format: IncrementalConfig['format']): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  switch (format) {
    case 'epoch_s':
      return String(Math.floor(ms / 1000));
    case 'epoch_ms':
      return String(ms);
    case 'date':
      return new Date(ms).toISOString().slice(0, 10);
    case 'iso':
      return new Date(ms).toISOString();
  }
}

export function cursorForRequest(cursor: string, inc: Pick<IncrementalConfig, 'format' | 'lookback'>): string {
  const ms = Date.parse(cursor);
  const back = inc.lookback && !Number.isNaN(ms) ? new Date(ms - durationMs(inc.lookback)).toISOString() : cursor;
  return formatCursor(back, inc.format);
}

export function staleCursorReason(cursor: string, maxAge: string | undefined, now: Date): string | null {
  if (!maxAge) return null;
  const ms = Date.parse(cursor);
  if (Number.isNaN(ms)) return `the saved cursor "${cursor}" is not a date`;
  return now.getTime() - ms > durationMs(maxAge) ? `the last cursor (${cursor}) is older than maxAge ${maxAge}` : null;
}
