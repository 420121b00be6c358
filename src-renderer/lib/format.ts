// Display formatting shared by every screen. Pure functions: "now" is a parameter so tests are deterministic.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** "just now", "42 s ago", "5 min ago", "3 h ago", "12 d ago", then the date; "in 5 min" for future times. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const diff = now - then;
  const abs = Math.abs(diff);
  if (abs < 10 * SECOND) return 'just now';
  let amount: string;
  if (abs < MINUTE) amount = `${Math.floor(abs / SECOND)} s`;
  else if (abs < HOUR) amount = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) amount = `${Math.floor(abs / HOUR)} h`;
  else if (abs < 30 * DAY) amount = `${Math.floor(abs / DAY)} d`;
  else return formatAbsolute(iso).slice(0, 10);
  return diff >= 0 ? `${amount} ago` : `in ${amount}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local wall-clock time as "2024-05-01 14:03:22" (stable, sortable, unambiguous). */
export function formatAbsolute(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.floor(ms / SECOND);
  if (ms < HOUR) return `${Math.floor(totalSeconds / 60)} min ${pad(totalSeconds % 60)} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${pad(totalMinutes % 60)} min`;
}

export function formatInteger(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integerFormat.format(n);
}

export function formatQuantity(n: number | null | undefined, unit?: string | null): string {
  if (n === null || n === undefined) return '—';
  const value = decimalFormat.format(n);
  return unit ? `${value} ${unit}` : value;
}

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** Price in Brazilian notation ("R$ 1.234,50"); an unknown currency code falls back to "XYZ 1.234,50". */
export function formatPrice(price: number | null | undefined, currency: string): string {
  if (price === null || price === undefined) return '—';
  const code = currency.trim().toUpperCase() || 'BRL';
  let format = currencyFormats.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: code });
    } catch {
      const plain = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      return `${code} ${plain.format(price)}`;
    }
    currencyFormats.set(code, format);
  }
  return format.format(price);
}

export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

export const countKeys = ['fetched', 'created', 'updated', 'unchanged', 'deleted', 'quarantined', 'failed'] as const;

/** "1,200 fetched · 5 created · 3 updated" — fetched always, the other counts only when non-zero. */
export function formatCounts(counts: Readonly<Record<(typeof countKeys)[number], number>>): string {
  return countKeys
    .filter((key) => key === 'fetched' || counts[key] !== 0)
    .map((key) => `${formatInteger(counts[key])} ${key}`)
    .join(' · ');
}
