// Named value transforms used by field mappings (`transform: trim`, `{name: number, decimal: ","}`), plus custom
// ones registered from code by name, so a source-specific quirk is a function, not an engine change.
export type TransformOptions = Readonly<Record<string, unknown>>;
export type TransformFn = (value: unknown, options: TransformOptions) => unknown;

/** Thrown by a transform that cannot make sense of its input; the mapping names the field. */
export class TransformError extends Error {
  override name = 'TransformError';
}

const registry = new Map<string, TransformFn>();

export function registerTransform(name: string, fn: TransformFn): void {
  registry.set(name, fn);
}

export function getTransform(name: string): TransformFn | undefined {
  return registry.get(name);
}

const truthy = ['true', '1', 'yes', 'y', 'sim', 's', 'on', 'x'];
const falsy = ['false', '0', 'no', 'n', 'nao', 'não', 'off', ''];

function asBoolean(value: unknown, o: TransformOptions): boolean {
  if (typeof value === 'boolean') return value;
  const s = String(value).trim().toLowerCase();
  const t = Array.isArray(o.true) ? o.true.map((x) => String(x).toLowerCase()) : truthy;
  const f = Array.isArray(o.false) ? o.false.map((x) => String(x).toLowerCase()) : falsy;
  if (t.includes(s)) return true;
  if (f.includes(s)) return false;
  throw new TransformError(`"${String(value)}" is not a known flag (true: ${t.join('/')}; false: ${f.join('/')})`);
}

/** `1.234,56` (decimal comma), `1,234.56` (decimal point), `R$ 12,5`; `decimal` forces the separator. */
export function parseNumber(value: unknown, o: TransformOptions = {}): number {
  if (typeof value === 'number') return value;
  let s = String(value).replace(/[^\d,.\-+eE]/g, '');
  const locale = typeof o.locale === 'string' ? o.locale : '';
  const decimal =
    o.decimal === ',' || o.decimal === '.' ? o.decimal : /^(pt|de|es|fr|it|nl)/i.test(locale) ? ',' : null;
  const sep = decimal ?? (s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.');
  s = sep === ',' ? s.replaceAll('.', '').replace(',', '.') : s.replaceAll(',', '');
  const n = s === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) throw new TransformError(`"${String(value)}" is not a number`);
  return n;
}

const datePattern = /(YYYY|MM|DD|HH|mm|ss)/g;
/** ISO 8601 of `value` read as `format`: iso, epoch_s, epoch_ms, or a pattern like DD/MM/YYYY HH:mm (UTC). */
export function parseDate(value: unknown, format = 'iso'): string {
  let ms: number;
  if (format === 'epoch_s' || format === 'epoch_ms') {
    const n = Number(value);
    ms = format === 'epoch_s' ? n * 1000 : n;
  } else if (format === 'iso') {
    ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  } else {
    const names: string[] = [];
    const re = new RegExp(
      '^' +
        format
          .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
          .replace(datePattern, (t) => (names.push(t), t === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})')) +
        '$',
    );
    const m = re.exec(String(value).trim());
    const part = (t: string, d: number) => (names.includes(t) ? Number(m![names.indexOf(t) + 1]) : d);
    ms = m
      ? Date.UTC(part('YYYY', 1970), part('MM', 1) - 1, part('DD', 1), part('HH', 0), part('mm', 0), part('ss', 0))
      : NaN;
  }
  if (!Number.isFinite(ms)) throw new TransformError(`"${String(value)}" is not a date in format ${format}`);
  return new Date(ms).toISOString();
}

// Factors to a base unit per dimension; converting between dimensions is refused.
const units: Record<string, [string, number]> = {
  mg: ['mass', 1e-6],
  g: ['mass', 1e-3],
  kg: ['mass', 1],
  t: ['mass', 1000],
  lb: ['mass', 0.45359237],
  oz: ['mass', 0.028349523125],
  mm: ['length', 1e-3],
  cm: ['length', 1e-2],
  m: ['length', 1],
  km: ['length', 1000],
  in: ['length', 0.0254],
  ft: ['length', 0.3048],
  ml: ['volume', 1e-3],
  l: ['volume', 1],
  m3: ['volume', 1000],
};

export function convertUnit(n: number, from: string, to: string): number {
  const a = units[from.toLowerCase()];
  const b = units[to.toLowerCase()];
  if (!a || !b || a[0] !== b[0]) throw new TransformError(`cannot convert ${from} to ${to}`);
  // Rounded to 10 significant digits so 1500 g → 1.5 kg, not 1.5000000000000002.
  return Number(((n * a[1]) / b[1]).toPrecision(10));
}

const builtins: Record<string, TransformFn> = {
  trim: (v) => String(v).trim(),
  string: (v) => String(v),
  lowercase: (v) => String(v).toLowerCase(),
  uppercase: (v) => String(v).toUpperCase(),
  number: (v, o) => parseNumber(v, o),
  decimal: (v, o) => parseNumber(v, o),
  boolean: (v, o) => asBoolean(v, o),
  not: (v, o) => !asBoolean(v, o),
  date: (v, o) => parseDate(v, typeof o.format === 'string' ? o.format : 'iso'),
  unit: (v, o) => convertUnit(parseNumber(v), String(o.from ?? ''), String(o.to ?? '')),
  round: (v, o) => Number(parseNumber(v).toFixed(typeof o.digits === 'number' ? o.digits : 2)),
  split: (v, o) =>
    String(v)
      .split(typeof o.separator === 'string' ? o.separator : ',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  join: (v, o) => (Array.isArray(v) ? v.map(String).join(typeof o.separator === 'string' ? o.separator : ', ') : v),
  lookup: (v, o) => {
    const table = (o.table ?? {}) as Record<string, unknown>;
    const key = String(v);
    if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
    if (o.default !== undefined) return o.default;
    throw new TransformError(`"${key}" is not in the lookup table`);
  },
  /** The value of the longest `table` key the text starts with (case-insensitive), else `default`. */
  prefix: (v, o) => {
    const text = String(v).toUpperCase();
    const table = (o.table ?? {}) as Record<string, unknown>;
    let best: string | null = null;
    for (const k of Object.keys(table)) if (text.startsWith(k.toUpperCase()) && k.length > (best?.length ?? -1)) best = k;
    if (best !== null) return table[best];
    if (o.default !== undefined) return o.default;
    throw new TransformError(`"${String(v)}" starts with none of ${Object.keys(table).join(', ')}`);
  },
  replace: (v, o) => String(v).replace(new RegExp(String(o.pattern ?? ''), 'g'), String(o.with ?? '')),
};
for (const [name, fn] of Object.entries(builtins)) registerTransform(name, fn);
