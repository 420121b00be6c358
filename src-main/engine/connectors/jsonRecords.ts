// Splits a JSON page into the bytes of its records without decoding or parsing them. A re-sync of a large source
// finds most records unchanged; hashing each record's bytes and comparing with the stored hash costs a fraction of
// decoding, JSON.parse and mapping, so only the records that changed are ever parsed (pipeline/rawRecords.ts).
// The page around the records (totals, next links, cursors) is parsed as usual, with the record array emptied.
// It works on UTF-8 bytes: every byte of a multi-byte character is ≥ 0x80, so no structural character can hide
// inside one.

export interface SplitPage {
  /** The page with its record array emptied, parsed. */
  envelope: unknown;
  /** Each record's JSON bytes, as the source sent them (views into the page's buffer). */
  records: Buffer[];
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

const isSpace = (c: number | undefined) => c === 32 || c === 10 || c === 13 || c === 9;

function skipSpace(buf: Buffer, i: number): number {
  while (i < buf.length && isSpace(buf[i])) i++;
  return i;
}

/** End (exclusive) of the string starting at the quote at i; -1 when it never closes. */
function stringEnd(buf: Buffer, i: number): number {
  let j = i + 1;
  for (;;) {
    const k = buf.indexOf(QUOTE, j);
    if (k < 0) return -1;
    let slashes = 0;
    while (buf[k - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return k + 1;
    j = k + 1;
  }
}

/** End (exclusive) of the JSON value starting at i (no leading space); -1 when the bytes end first. */
function valueEnd(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return stringEnd(buf, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < buf.length; j++) {
      const d = buf[j];
      if (d === QUOTE) {
        const e = stringEnd(buf, j);
        if (e < 0) return -1;
        j = e - 1;
      } else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < buf.length) {
    const d = buf[j];
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

function parseSlice(buf: Buffer, start: number, end: number): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(buf.toString('utf8', start, end)) };
  } catch {
    return { ok: false };
  }
}

/**
 * The record bytes of a page whose records are the body itself (`selector` empty) or the array under one
 * top-level key. Null when the page is not shaped so (a nested selector, no array there) or is not well formed
 * around the records; the caller then parses the page whole, which reports what is wrong with it.
 * Each record is one complete JSON value as far as brackets and strings go; JSON.parse validates it when used.
 */
export function splitRecords(buf: Buffer, selector: string | undefined): SplitPage | null {
  if (selector && /[.[\]]/.test(selector)) return null;
  let start = skipSpace(buf, 0);
  if (selector) {
    if (buf[start] !== OPEN_BRACE) return null;
    let i = start + 1;
    for (;;) {
      i = skipSpace(buf, i);
      if (buf[i] !== QUOTE) return null;
      const keyEnd = stringEnd(buf, i);
      if (keyEnd < 0) return null;
      const key = parseSlice(buf, i, keyEnd);
      if (!key.ok) return null;
      i = skipSpace(buf, keyEnd);
      if (buf[i] !== COLON) return null;
      i = skipSpace(buf, i + 1);
      if (key.value === selector) break;
      const end = valueEnd(buf, i);
      if (end < 0) return null;
      i = skipSpace(buf, end);
      if (buf[i] !== COMMA) return null;
      i++;
    }
    if (buf[i] !== OPEN_BRACKET) return null;
    start = i;
  } else if (buf[start] !== OPEN_BRACKET) return null;

  const records: Buffer[] = [];
  let i = skipSpace(buf, start + 1);
  if (buf[i] === CLOSE_BRACKET) i++;
  else {
    for (;;) {
      const end = valueEnd(buf, i);
      if (end < 0) return null;
      records.push(buf.subarray(i, end));
      i = skipSpace(buf, end);
      const c = buf[i];
      i++;
      if (c === CLOSE_BRACKET) break;
      if (c !== COMMA) return null;
      i = skipSpace(buf, i);
    }
  }
  let envelope: unknown = [];
  if (selector) {
    const around = parseSlice(Buffer.concat([buf.subarray(0, start), Buffer.from('[]'), buf.subarray(i)]), 0, Infinity);
    if (!around.ok) return null;
    envelope = around.value;
  } else if (skipSpace(buf, i) !== buf.length) return null;
  return { envelope, records };
}

/**
 * The value of a top-level member of a record object, read without parsing the rest (the record's key, to look
 * up its stored hash). Undefined when the record is not an object, has no such member, or spells the key with
 * escapes; the caller then parses the record.
 */
export function memberValue(record: Buffer, quotedKey: Buffer): unknown {
  let i = skipSpace(record, 0);
  if (record[i] !== OPEN_BRACE) return undefined;
  i++;
  for (;;) {
    i = skipSpace(record, i);
    if (record[i] !== QUOTE) return undefined;
    const keyEnd = stringEnd(record, i);
    if (keyEnd < 0) return undefined;
    const match = keyEnd - i === quotedKey.length && record.compare(quotedKey, 0, quotedKey.length, i, keyEnd) === 0;
    i = skipSpace(record, keyEnd);
    if (record[i] !== COLON) return undefined;
    i = skipSpace(record, i + 1);
    const end = valueEnd(record, i);
    if (end < 0) return undefined;
    if (match) {
      const v = parseSlice(record, i, end);
      return v.ok ? v.value : undefined;
    }
    i = skipSpace(record, end);
    if (record[i] !== COMMA) return undefined;
    i++;
  }
}
