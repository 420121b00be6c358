import { describe, expect, it } from 'vitest';
import {
  formatAbsolute,
  formatCounts,
  formatDuration,
  formatInteger,
  formatPercent,
  formatPrice,
  formatRelative,
} from '../../../src-renderer/lib/format.js';

const now = Date.parse('2024-06-10T12:00:00.000Z');
const ago = (ms: number): string => new Date(now - ms).toISOString();

describe('formatRelative', () => {
  it('names the distance in the largest whole unit', () => {
    expect(formatRelative(ago(3_000), now)).toBe('just now');
    expect(formatRelative(ago(42_000), now)).toBe('42 s ago');
    expect(formatRelative(ago(5 * 60_000 + 59_000), now)).toBe('5 min ago');
    expect(formatRelative(ago(3 * 3_600_000), now)).toBe('3 h ago');
    expect(formatRelative(ago(12 * 86_400_000), now)).toBe('12 d ago');
  });

  it('falls back to the date for old times and says "in" for future ones', () => {
    expect(formatRelative(ago(90 * 86_400_000), now)).toMatch(/^2024-03-1[23]$/);
    expect(formatRelative(ago(-5 * 60_000), now)).toBe('in 5 min');
  });

  it('copes with missing and unparseable values', () => {
    expect(formatRelative(null, now)).toBe('never');
    expect(formatRelative('yesterday-ish', now)).toBe('yesterday-ish');
  });
});

describe('formatAbsolute', () => {
  it('prints local wall-clock time', () => {
    const local = new Date(2024, 0, 5, 7, 8, 9);
    expect(formatAbsolute(local.toISOString())).toBe('2024-01-05 07:08:09');
    expect(formatAbsolute(null)).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [12_345, '12.3 s'],
    [59_999, '59.9 s'],
    [4 * 60_000 + 5_000, '4 min 05 s'],
    [3_600_000 + 2 * 60_000 + 30_000, '1 h 02 min'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for unknown durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatPrice', () => {
  // Intl uses a no-break space between symbol and amount.
  const normalize = (s: string): string => s.replace(/\s/g, ' ');

  it('formats in Brazilian notation with the product currency', () => {
    expect(normalize(formatPrice(1234.5, 'BRL'))).toBe('R$ 1.234,50');
    expect(normalize(formatPrice(0, 'brl'))).toBe('R$ 0,00');
    expect(normalize(formatPrice(10, 'USD'))).toBe('US$ 10,00');
  });

  it('survives an invalid currency code and a missing price', () => {
    expect(normalize(formatPrice(5, 'NOT-A-CODE'))).toBe('NOT-A-CODE 5,00');
    expect(formatPrice(null, 'BRL')).toBe('—');
  });
});

describe('counts and numbers', () => {
  it('lists fetched always and other counts only when non-zero', () => {
    expect(
      formatCounts({ fetched: 1200, created: 5, updated: 0, unchanged: 1195, deleted: 0, quarantined: 0, failed: 0 }),
    ).toBe('1,200 fetched · 5 created · 1,195 unchanged');
    expect(
      formatCounts({ fetched: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: 2, failed: 1 }),
    ).toBe('0 fetched · 2 quarantined · 1 failed');
  });

  it('groups integers and computes percentages', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(null)).toBe('—');
    expect(formatPercent(1, 3)).toBe('33.3%');
    expect(formatPercent(0, 0)).toBe('—');
  });
});
