import { describe, expect, it } from 'vitest';
import { csvRecords, detectDelimiter, splitRecord } from '../../src-main/engine/connectors/csv.js';
import { cursorForRequest, formatCursor, staleCursorReason } from '../../src-main/engine/connectors/cursor.js';
import { nextLink } from '../../src-main/engine/connectors/pagination.js';
import { Pacer } from '../../src-main/engine/connectors/pacer.js';
import type { Clock } from '../../src-main/engine/connectors/rateLimit.js';

describe('connector building blocks', () => {
  it('finds rel="next" among Link header entries', () => {
    expect(nextLink('<https://a/x?page=3>; rel="next", <https://a/x?page=9>; rel="last"')).toBe('https://a/x?page=3');
    expect(nextLink('<https://a/x?page=9>; rel="last", <https://a/x?page=1>; rel="prev first"')).toBeNull();
    expect(nextLink('<https://a/x?a=1,2>; rel=next')).toBe('https://a/x?a=1,2');
    expect(nextLink(undefined)).toBeNull();
  });

  it('formats the cursor and moves it back by the lookback', () => {
    const iso = '2025-03-01T10:00:30.500Z';
    expect(formatCursor(iso, 'epoch_s')).toBe('1740823230');
    expect(formatCursor(iso, 'epoch_ms')).toBe('1740823230500');
    expect(formatCursor(iso, 'date')).toBe('2025-03-01');
    expect(cursorForRequest(iso, { format: 'iso', lookback: '5m' })).toBe('2025-03-01T09:55:30.500Z');
    expect(staleCursorReason(iso, '7d', new Date('2025-03-09T00:00:00Z'))).toMatch(/older than maxAge 7d/);
    expect(staleCursorReason(iso, '7d', new Date('2025-03-05T00:00:00Z'))).toBeNull();
  });

  it('spaces requests by the interval without sleeping for the first', async () => {
    let now = 1000;
    const waits: number[] = [];
    const clock: Clock = { now: () => now, sleep: async (ms) => void waits.push(ms) };
    const limiter = Pacer.fromConfig({ requestsPerMinute: 120 }, clock);
    expect(limiter.currentRpm).toBe(120);
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    now += 2000;
    await limiter.acquire();
    expect(waits).toEqual([500, 1000]);
    expect(Pacer.fromConfig({}).currentRpm).toBeNull();
    expect(Pacer.fromConfig({ minIntervalMs: 250 }).currentRpm).toBe(240);
  });

  it('reads CSV with quotes, doubled quotes, embedded line breaks, and picks the delimiter', async () => {
    expect(detectDelimiter('a;b;"c,d";e')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(splitRecord('1,"x, ""y""",3', ',')).toEqual(['1', 'x, "y"', '3']);
    expect(splitRecord('1,"open', ',')).toBeNull();
    async function* lines() {
      yield* ['\uFEFFid;name', '1;"two', 'lines"', '', '2;plain'];
    }
    const out = [];
    for await (const r of csvRecords(lines(), 'auto')) out.push(r);
    expect(out).toEqual([
      { id: '1', name: 'two\nlines' },
      { id: '2', name: 'plain' },
    ]);
  });
});
