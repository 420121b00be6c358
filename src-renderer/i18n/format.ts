// Numbers, money, dates, durations and relative times for one language, all through Intl. Pure: `now` is a
// parameter so tests are deterministic; screens get a Format for the chosen language from useFormat().
import { intlLocale, translator, type Locale, type Translate } from './translate.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Clocks of the engine and the browser differ a little: a "past" time up to this far ahead still reads "just now". */
const JUST_NOW = 10 * SECOND;

export const countKeys = ['fetched', 'created', 'updated', 'unchanged', 'deleted', 'quarantined', 'failed'] as const;
export type CountKey = (typeof countKeys)[number];

export interface Format {
  readonly locale: Locale;
  integer(n: number | null | undefined): string;
  /** Up to three decimals, with the unit when given ("2,5 kg"). */
  quantity(n: number | null | undefined, unit?: string | null): string;
  /** Money in the given currency ("R$ 3.006,22" in pt-BR, "R$3,006.22" in en). */
  price(n: number | null | undefined, currency: string): string;
  /** 0..1 as "97.5%" / "97,5%". */
  ratio(ratio: number | null | undefined): string;
  percent(part: number, whole: number): string;
  /** "11,793+" when the engine stopped counting at a cap. */
  total(total: number, exact: boolean | undefined): string;
  /** Local date and time ("12/1/2026, 11:47:41 PM" / "01/12/2026, 23:47:41"). */
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  time(iso: string | null | undefined): string;
  /**
   * A time that has happened ("5 min ago"): never "in 10 s", because a run that just ended may carry a time a
   * little ahead of this browser's clock.
   */
  since(iso: string | null | undefined, now: number): string;
  /** A time to come ("in 5 min"); one already due reads "now". */
  until(iso: string | null | undefined, now: number): string;
  /** "850 ms", "12.3 s", "4 min 5 s", "1 h 2 min". */
  duration(ms: number | null | undefined): string;
  /** Seconds of age as "12 min", "never" for null. */
  age(seconds: number | null | undefined): string;
  /** "1,200 fetched · 5 created": fetched always, the other counts only when non-zero. */
  counts(counts: Readonly<Record<CountKey, number>>): string;
  /** Records per second ("1,234 rec/s"). */
  rate(perSecond: number | null | undefined): string;
}

export function createFormat(locale: Locale, t: Translate = translator(locale)): Format {
  const tag = intlLocale[locale];
  const integerFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const decimalFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 3 });
  const percentFormat = new Intl.NumberFormat(tag, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const plainMoney = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeStyle: 'medium' });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const timeFormat = new Intl.DateTimeFormat(tag, { timeStyle: 'medium' });
  const relativeFormat = new Intl.RelativeTimeFormat(tag, { numeric: 'auto', style: 'short' });
  const currencyFormats = new Map<string, Intl.NumberFormat | null>();
  const unitFormats = new Map<string, Intl.NumberFormat>();
  const unit = (name: string, value: number, digits = 0): string => {
    const key = `${name}:${digits}`;
    let f = unitFormats.get(key);
    if (!f) {
      f = new Intl.NumberFormat(tag, {
        style: 'unit',
        unit: name,
        unitDisplay: 'narrow',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      unitFormats.set(key, f);
    }
    return f.format(value);
  };
  const parse = (iso: string | null | undefined): number | null => {
    if (!iso) return null;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : ms;
  };
  /** The distance in its largest whole unit, signed: negative for the past. */
  const relative = (diff: number): string => {
    const abs = Math.abs(diff);
    const sign = diff < 0 ? -1 : 1;
    if (abs < MINUTE) return relativeFormat.format(sign * Math.floor(abs / SECOND), 'second');
    if (abs < HOUR) return relativeFormat.format(sign * Math.floor(abs / MINUTE), 'minute');
    if (abs < DAY) return relativeFormat.format(sign * Math.floor(abs / HOUR), 'hour');
    return relativeFormat.format(sign * Math.floor(abs / DAY), 'day');
  };
  const integer = (n: number | null | undefined): string =>
    n === null || n === undefined || !Number.isFinite(n) ? '—' : integerFormat.format(n);

  const format: Format = {
    locale,
    integer,
    quantity: (n, u) => {
      if (n === null || n === undefined) return '—';
      const value = decimalFormat.format(n);
      return u ? `${value} ${u}` : value;
    },
    price: (n, currency) => {
      if (n === null || n === undefined) return '—';
      const code = currency.trim().toUpperCase() || 'BRL';
      let f = currencyFormats.get(code);
      if (f === undefined) {
        try {
          f = new Intl.NumberFormat(tag, { style: 'currency', currency: code });
        } catch {
          f = null;
        }
        currencyFormats.set(code, f);
      }
      return f ? f.format(n) : `${code} ${plainMoney.format(n)}`;
    },
    ratio: (r) => (r === null || r === undefined || !Number.isFinite(r) ? '—' : percentFormat.format(r)),
    percent: (part, whole) => (whole <= 0 ? '—' : percentFormat.format(part / whole)),
    total: (total, exact) => `${integer(total)}${exact === false ? '+' : ''}`,
    dateTime: (iso) => {
      const ms = parse(iso);
      return ms === null ? (iso ?? '—') : dateTimeFormat.format(ms);
    },
    date: (iso) => {
      const ms = parse(iso);
      return ms === null ? (iso ?? '—') : dateFormat.format(ms);
    },
    time: (iso) => {
      const ms = parse(iso);
      return ms === null ? (iso ?? '—') : timeFormat.format(ms);
    },
    since: (iso, now) => {
      if (!iso) return t('time.never');
      const ms = parse(iso);
      if (ms === null) return iso;
      const ago = now - ms;
      if (ago < JUST_NOW) return t('time.justNow');
      if (ago >= 30 * DAY) return dateFormat.format(ms);
      return relative(-ago);
    },
    until: (iso, now) => {
      if (!iso) return t('time.never');
      const ms = parse(iso);
      if (ms === null) return iso;
      const ahead = ms - now;
      if (ahead < SECOND) return t('time.now');
      if (ahead >= 30 * DAY) return dateFormat.format(ms);
      return relative(ahead);
    },
    duration: (ms) => {
      if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
      if (ms < SECOND) return unit('millisecond', Math.round(ms));
      if (ms < MINUTE) return unit('second', Math.floor(ms / 100) / 10, 1);
      const seconds = Math.floor(ms / SECOND);
      if (ms < HOUR) return `${unit('minute', Math.floor(seconds / 60))} ${unit('second', seconds % 60)}`;
      const minutes = Math.floor(seconds / 60);
      return `${unit('hour', Math.floor(minutes / 60))} ${unit('minute', minutes % 60)}`;
    },
    age: (seconds) => {
      if (seconds === null || seconds === undefined) return t('time.never');
      if (seconds < 60) return unit('second', Math.round(seconds));
      if (seconds < 3600) return unit('minute', Math.floor(seconds / 60));
      if (seconds < 86_400) return unit('hour', Math.floor(seconds / 3600));
      return unit('day', Math.floor(seconds / 86_400));
    },
    counts: (counts) =>
      countKeys
        .filter((key) => key === 'fetched' || counts[key] !== 0)
        .map((key) => t(`count.${key}`, { count: counts[key] }))
        .join(' · '),
    rate: (perSecond) =>
      perSecond === null || perSecond === undefined
        ? '—'
        : t('unit.recordsPerSecond', { count: Math.round(perSecond) }),
  };
  return format;
}
