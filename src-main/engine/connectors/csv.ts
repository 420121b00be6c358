// A small RFC 4180 reader over lines: quoted fields, doubled quotes, delimiters and line breaks inside quotes.
// Lines come from readline, so a file streams through without being held in memory.

/** The delimiter among `,` `;` tab `|` that occurs most often outside quotes in the header line. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Splits one record; null when a quoted field is still open (the record continues on the next line). */
export function splitRecord(text: string, delimiter: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** Turns a stream of lines into records keyed by the header row. */
export async function* csvRecords(
  lines: AsyncIterable<string>,
  delimiter: 'auto' | string,
): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  let delim = delimiter === 'auto' ? null : delimiter;
  let pending: string | null = null;
  for await (const raw of lines) {
    const line = header === null && pending === null ? raw.replace(/^\uFEFF/, '') : raw;
    const text: string = pending === null ? line : `${pending}\n${line}`;
    delim ??= detectDelimiter(text);
    const fields = splitRecord(text, delim);
    if (fields === null) {
      pending = text;
      continue;
    }
    pending = null;
    if (header === null) {
      header = fields.map((h) => h.trim());
      continue;
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    const record: Record<string, string> = {};
    header.forEach((h, i) => (record[h] = fields[i] ?? ''));
    yield record;
  }
}
