import { describe, expect, it } from 'vitest';
import { createFormat } from '../../../src-renderer/i18n/index.js';

const now = Date.parse('2024-06-10T12:00:00.000Z');
const ago = (ms: number): string => new Date(now - ms).toISOString();
// Intl puts no-break (and narrow no-break) spaces in money and units; compare on plain spaces.
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

const en = createFormat('en');
const pt = createFormat('pt-BR');

describe('relative times', () => {
  it('names a past distance in the largest whole unit', () => {
    expect(en.since(ago(3_000), now)).toBe('just now');
    expect(en.since(ago(42_000), now)).toBe('42 sec. ago');
    expect(en.since(ago(5 * 60_000 + 59_000), now)).toBe('5 min. ago');
    expect(en.since(ago(3 * 3_600_000), now)).toBe('3 hr. ago');
    expect(pt.since(ago(3 * 3_600_000), now)).toBe('há 3 h');
    expect(pt.since(ago(3_000), now)).toBe('agora mesmo');
  });

  it('never says "in 10 s" for a run that just ended a little ahead of this clock', () => {
    expect(en.since(ago(-9_000), now)).toBe('just now');
    expect(en.since(ago(-9_000), now)).not.toMatch(/^in /);
  });

  it('says "in" for times to come, and "now" once they are due', () => {
    expect(en.until(ago(-5 * 60_000), now)).toBe('in 5 min.');
    expect(pt.until(ago(-5 * 60_000), now)).toBe('em 5 min.');
    expect(en.until(ago(1_000), now)).toBe('now');
  });

  it('falls back to the date for old times and copes with missing values', () => {
    expect(en.since(ago(90 * 86_400_000), now)).toMatch(/2024/);
    expect(en.since(null, now)).toBe('never');
    expect(pt.since(null, now)).toBe('nunca');
    expect(en.since('yesterday-ish', now)).toBe('yesterday-ish');
  });
});

describe('numbers and money', () => {
  it('groups numbers for the chosen language', () => {
    expect(en.integer(11793)).toBe('11,793');
    expect(pt.integer(11793)).toBe('11.793');
    expect(en.integer(null)).toBe('—');
    expect(pt.quantity(2.5, 'kg')).toBe('2,5 kg');
  });

  it('formats prices in the product currency for the language', () => {
    expect(plain(pt.price(3006.22, 'BRL'))).toBe('R$ 3.006,22');
    expect(plain(en.price(3006.22, 'brl'))).toBe('R$3,006.22');
    expect(plain(pt.price(10, 'USD'))).toBe('US$ 10,00');
    expect(plain(pt.price(5, 'NOT-A-CODE'))).toBe('NOT-A-CODE 5,00');
    expect(pt.price(null, 'BRL')).toBe('—');
  });

  it('writes ratios, totals and rates', () => {
    expect(en.ratio(0.975)).toBe('97.5%');
    expect(plain(pt.ratio(0.975))).toBe('97,5%');
    expect(en.ratio(null)).toBe('—');
    expect(en.percent(1, 3)).toBe('33.3%');
    expect(en.percent(0, 0)).toBe('—');
    expect(en.total(10000, false)).toBe('10,000+');
    expect(pt.total(1307, true)).toBe('1.307');
    expect(pt.rate(1234)).toBe('1.234 reg/s');
  });

  it('lists fetched always and other counts only when non-zero', () => {
    const counts = { fetched: 1200, created: 5, updated: 0, unchanged: 1195, deleted: 0, quarantined: 0, failed: 0 };
    expect(en.counts(counts)).toBe('1,200 fetched · 5 created · 1,195 unchanged');
    expect(pt.counts(counts)).toBe('1.200 lidos · 5 criados · 1.195 sem mudança');
  });
});

describe('durations and dates', () => {
  it.each([
    [850, '850ms'],
    [12_345, '12.3s'],
    [4 * 60_000 + 5_000, '4m 5s'],
    [3_600_000 + 2 * 60_000 + 30_000, '1h 2m'],
  ])('%i ms → %s', (ms, text) => {
    expect(plain(en.duration(ms))).toBe(text);
  });

  it('shows a dash for unknown durations and ages in words', () => {
    expect(en.duration(null)).toBe('—');
    expect(en.duration(-1)).toBe('—');
    expect(en.age(null)).toBe('never');
    expect(plain(pt.age(12 * 60 + 5))).toBe('12 min');
  });

  it('prints local date and time in the language’s order', () => {
    const local = new Date(2024, 0, 5, 7, 8, 9).toISOString();
    expect(plain(en.dateTime(local))).toBe('1/5/24, 7:08:09 AM');
    expect(pt.dateTime(local)).toBe('05/01/2024, 07:08:09');
    expect(en.dateTime(null)).toBe('—');
  });
});
