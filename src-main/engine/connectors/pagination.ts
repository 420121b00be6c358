// How a REST source pages: what the first request carries and, from a response, what the next one is (or that
// there is none). Offset and page-number kinds can start anywhere; token kinds (cursor, Link, next URL) restart and
// skip the records already loaded, which is how a resumed full sync finds its place.
import type { PaginationConfig } from '../../../src-shared/sourceSchemas.js';
import { readPath } from '../pipeline/mapping.js';

export interface PageCall {
  /** Absolute URL handed out by the source (Link header, next URL); its query is complete. */
  url?: string;
  params: Record<string, string>;
}

export interface PageResponse {
  /** The parsed page; for a page split into record texts, the page with its record array emptied. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  records: unknown[];
  total: number | null;
  /** `records` are JSON bytes (see SourcePage.raw). */
  raw?: boolean;
}

export interface Start {
  call: PageCall;
  /** Offset of the first record the call returns. */
  offset: number;
  /** Records at the start of the result to drop because they are already loaded. */
  skip: number;
}

export function pageSizeOf(p: PaginationConfig): number | null {
  return p.type === 'none' ? null : p.pageSize;
}

export function firstCall(p: PaginationConfig, base: Record<string, string>, startOffset: number, startKey?: string | null): Start {
  const params = { ...base };
  switch (p.type) {
    case 'keyset':
      if (p.sizeParam) params[p.sizeParam] = String(p.pageSize);
      // Resumed after the last committed key; without one (a checkpoint from before keysets) restart and skip.
      if (startKey != null) return { call: keyCall(p, params, startKey), offset: startOffset, skip: 0 };
      return { call: { params }, offset: 0, skip: startOffset };
    case 'offset':
      params[p.limitParam] = String(p.pageSize);
      params[p.offsetParam] = String(startOffset);
      return { call: { params }, offset: startOffset, skip: 0 };
    case 'page': {
      const index = Math.floor(startOffset / p.pageSize);
      params[p.pageParam] = String(p.firstPage + index);
      if (p.sizeParam) params[p.sizeParam] = String(p.pageSize);
      return { call: { params }, offset: index * p.pageSize, skip: startOffset - index * p.pageSize };
    }
    case 'cursor':
    case 'link':
    case 'nextUrl':
      if (p.sizeParam) params[p.sizeParam] = String(p.pageSize);
      return { call: { params }, offset: 0, skip: startOffset };
    case 'none':
      return { call: { params }, offset: 0, skip: startOffset };
  }
}

/**
 * The call for the page after a full one fetched by `call` (offset and page-number kinds), starting at `offset`;
 * also what the connector asks for ahead of time.
 */
export function followingCall(p: PaginationConfig & { type: 'offset' | 'page' }, call: PageCall, offset: number): PageCall {
  const params = { ...call.params };
  if (p.type === 'offset') params[p.offsetParam] = String(offset);
  else params[p.pageParam] = String(Number(params[p.pageParam]) + 1);
  return { params };
}

/** The call asking for the records after `key`, from the first call's parameters. */
export function keyCall(p: PaginationConfig & { type: 'keyset' }, base: Record<string, string>, key: string): PageCall {
  const params = { ...base };
  const cond = p.keyTemplate.replaceAll('{key}', key);
  const existing = params[p.keyParam];
  params[p.keyParam] = existing ? `(${existing}) and ${cond}` : cond;
  return { params };
}

/** The key of a record as the keyset's next call sends it (records may be their JSON bytes). */
export function recordKey(p: PaginationConfig & { type: 'keyset' }, record: unknown): string | null {
  const value = readPath(Buffer.isBuffer(record) ? (JSON.parse(record.toString('utf8')) as unknown) : record, p.keyPath);
  return value === undefined || value === null || value === '' ? null : String(value as string | number);
}

/**
 * The call for the page after `res`, or null when the result set is exhausted. `end` is the offset after it.
 * A short page is evidence of the end, not proof (vendors cap page sizes): with a total below `end`'s reach the
 * next page is asked for; without one the next page is probed, and only an empty answer ends the pass.
 */
export function nextCall(
  p: PaginationConfig,
  call: PageCall,
  res: PageResponse,
  end: number,
  baseUrl: string,
): PageCall | null {
  if (res.records.length === 0 || p.type === 'none') return null;
  switch (p.type) {
    case 'offset':
    case 'page': {
      if (res.total !== null && end >= res.total) return null;
      return followingCall(p, call, end);
    }
    case 'keyset':
      // Continued by the connector from the first call's parameters and the page's last key (keyCall).
      return null;
    case 'cursor': {
      const token = readPath(res.body, p.cursorPath);
      if (token === undefined || token === null || token === '' || token === false) return null;
      return { params: { ...call.params, [p.cursorParam]: String(token) } };
    }
    case 'link': {
      const next = nextLink(res.headers['link']);
      return next ? { url: new URL(next, baseUrl).href, params: {} } : null;
    }
    case 'nextUrl': {
      const next = readPath(res.body, p.nextPath);
      return typeof next === 'string' && next !== '' ? { url: new URL(next, baseUrl).href, params: {} } : null;
    }
  }
}

/** The rel="next" target of an RFC 8288 Link header. */
/** A page-number source served fewer than asked on a page that was not its last: its pages cannot be lined up. */
export function cappedPageMessage(served: number, asked: number): string {
  return (
    `the source served ${served} records on a page of ${asked} that was not its last (it caps its page size); ` +
    `set pagination.pageSize to ${served} or less so no record is skipped`
  );
}

export function nextLink(header: string | string[] | undefined): string | null {
  if (!header) return null;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return m[1]!;
  }
  return null;
}
