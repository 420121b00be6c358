// The slice of OData that Ploomes' public API accepts on /Products, parsed into a typed query.
// Messages mirror the real API closely enough that connector error handling can be tested here.

export const MAX_TOP = 300;

export type DemoOrderKey = 'Id' | 'LastUpdateDate';

export interface DemoOrderBy {
  key: DemoOrderKey;
  desc: boolean;
}

export type DemoFilter =
  | { kind: 'all' }
  /** LastUpdateDate gt/ge `ms`. */
  | { kind: 'updatedSince'; ms: number; inclusive: boolean }
  | { kind: 'ids'; ids: number[] };

export interface DemoQuery {
  top: number;
  skip: number;
  orderBy: DemoOrderBy;
  filter: DemoFilter;
  count: boolean;
  /** Top-level properties to keep, or null for all. */
  select: string[] | null;
  /** `Id gt N` (alone or ANDed after another condition): keyset paging, with `$orderby` Id ascending. */
  afterId: number | null;
}

export type DemoQueryResult = { ok: true; query: DemoQuery } | { ok: false; error: string };

const PRODUCT_PROPERTIES = new Set([
  'Id',
  'Name',
  'Code',
  'Description',
  'Family',
  'Group',
  'MeasurementUnit',
  'UnitPrice',
  'CurrencyId',
  'Suspended',
  'ExternalId',
  'ImageUrl',
  'CreateDate',
  'LastUpdateDate',
  'OtherProperties',
]);

const KNOWN_OPTIONS = new Set(['$top', '$skip', '$orderby', '$filter', '$count', '$select', '$expand']);

// Date, optional time with any fraction, optional zone. A space before the offset is a '+' that the
// client forgot to percent-encode.
const ISO = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?$/i;

/** Epoch ms of an OData datetime literal; `exact` is false when sub-millisecond digits were dropped. */
export function parseODataDate(literal: string): { ms: number; exact: boolean } | null {
  const m = ISO.exec(literal.trim());
  if (!m) return null;
  const [, date, time, fraction = '', zone] = m;
  const ms3 = fraction.padEnd(3, '0').slice(0, 3);
  const offset =
    zone === undefined || zone.toUpperCase() === 'Z'
      ? 'Z'
      : `${zone[0] === '-' ? '-' : '+'}${zone.slice(1, 3)}:${zone.slice(-2)}`;
  // Without a zone the value is read as UTC, never as the server's local time.
  const text = `${date}T${time ?? '00:00'}${time === undefined || time.length === 5 ? ':00' : ''}.${ms3}${offset}`;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  return { ms, exact: !/[1-9]/.test(fraction.slice(3)) };
}

function parseFilter(raw: string): DemoFilter | string {
  const text = raw.trim();
  const date = /^LastUpdateDate\s+(gt|ge)\s+(?:'([^']*)'|(\S+))$/i.exec(text);
  if (date && date[1] !== undefined) {
    const literal = date[2] ?? date[3] ?? '';
    const parsed = parseODataDate(literal);
    if (!parsed) return `The $filter value '${literal}' is not a valid DateTimeOffset.`;
    // gt/ge 10.5 ms both mean "from 11 ms on", i.e. gt 10 ms.
    const inclusive = date[1].toLowerCase() === 'ge' && parsed.exact;
    return { kind: 'updatedSince', ms: parsed.ms, inclusive };
  }
  const eq = /^Id\s+eq\s+(\d{1,15})$/i.exec(text);
  if (eq && eq[1] !== undefined) return { kind: 'ids', ids: [Number(eq[1])] };
  const list = /^Id\s+in\s*\(([^)]*)\)$/i.exec(text);
  if (list && list[1] !== undefined) {
    const parts = list[1].split(',').map((s) => s.trim());
    if (parts.some((p) => !/^\d{1,15}$/.test(p))) return `The $filter list '(${list[1]})' must hold integer Ids.`;
    return { kind: 'ids', ids: parts.map(Number) };
  }
  return `The $filter '${raw}' is not supported. Use 'LastUpdateDate gt <date>', 'LastUpdateDate ge <date>', 'Id eq <n>' or 'Id in (<n>,...)'.`;
}

function parseOrderBy(raw: string): DemoOrderBy | string {
  const m = /^(Id|LastUpdateDate)(?:\s+(asc|desc))?$/i.exec(raw.trim());
  if (!m || m[1] === undefined)
    return `The $orderby '${raw}' is not supported. Use Id or LastUpdateDate, optionally followed by asc or desc.`;
  const key: DemoOrderKey = m[1].toLowerCase() === 'id' ? 'Id' : 'LastUpdateDate';
  return { key, desc: m[2]?.toLowerCase() === 'desc' };
}

function parseCount(raw: string, name: string): number | string {
  if (!/^\d{1,15}$/.test(raw.trim())) return `The value '${raw}' for ${name} is not a non-negative integer.`;
  return Number(raw.trim());
}

export function parseProductQuery(params: URLSearchParams): DemoQueryResult {
  const fail = (error: string): DemoQueryResult => ({ ok: false, error });
  for (const name of new Set(params.keys())) {
    if (!name.startsWith('$')) continue;
    if (!KNOWN_OPTIONS.has(name)) return fail(`The query parameter '${name}' is not supported.`);
    if (params.getAll(name).length > 1)
      return fail(`Query option '${name}' was specified more than once, but it must be specified at most once.`);
  }
  const query: DemoQuery = {
    top: MAX_TOP,
    skip: 0,
    orderBy: { key: 'Id', desc: false },
    filter: { kind: 'all' },
    count: false,
    select: null,
    afterId: null,
  };

  const top = params.get('$top');
  if (top !== null) {
    const n = parseCount(top, '$top');
    if (typeof n === 'string') return fail(n);
    if (n > MAX_TOP)
      return fail(
        `The limit of '${MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '${n}'.`,
      );
    query.top = n;
  }
  const skip = params.get('$skip');
  if (skip !== null) {
    const n = parseCount(skip, '$skip');
    if (typeof n === 'string') return fail(n);
    query.skip = n;
  }
  const orderBy = params.get('$orderby');
  if (orderBy !== null) {
    const o = parseOrderBy(orderBy);
    if (typeof o === 'string') return fail(o);
    query.orderBy = o;
  }
  const filter = params.get('$filter');
  if (filter !== null) {
    // Keyset paging: `Id gt N`, or `(<filter>) and Id gt N`.
    const keyset = /^(?:\((.*)\)\s+and\s+)?Id\s+gt\s+(\d{1,15})$/i.exec(filter.trim());
    const rest = keyset ? keyset[1] : filter;
    if (keyset) query.afterId = Number(keyset[2]);
    if (rest !== undefined) {
      const f = parseFilter(rest);
      if (typeof f === 'string') return fail(f);
      query.filter = f;
    }
    if (keyset && (query.orderBy.key !== 'Id' || query.orderBy.desc)) return fail(`'Id gt' paging needs $orderby Id (ascending).`);
  }
  const count = params.get('$count');
  if (count !== null) {
    const c = count.trim().toLowerCase();
    if (c !== 'true' && c !== 'false') return fail(`The value '${count}' for $count is not valid; use true or false.`);
    query.count = c === 'true';
  }
  const select = params.get('$select');
  if (select !== null) {
    const fields = select.split(',').map((s) => s.trim());
    const unknown = fields.find((f) => !PRODUCT_PROPERTIES.has(f));
    if (unknown !== undefined) return fail(`Could not find a property named '${unknown}' on type 'Product'.`);
    query.select = fields;
  }
  // $expand is accepted and ignored: OtherProperties, Family and Group always come inline.
  return { ok: true, query };
}
