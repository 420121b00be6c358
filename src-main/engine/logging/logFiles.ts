// The Activity screen's search over the log files on disk (syncflow.log and its rotated predecessors .1, .2 …),
// not only the in-memory tail: newest first, a page at a time. Each file is read backwards in chunks, so the
// first page costs the end of the newest file, not the whole history. The cursor names the oldest line returned
// by its time and how many matching lines of that same millisecond were already returned: it stays valid when
// the files rotate between two pages (a position in a file would not).
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { LogLine } from '../../../src-shared/domain.js';
import { matches, type LogFilter } from './logQuery.js';

const CHUNK = 64 * 1024;
const pinoLevels: Record<number, LogLine['level']> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };

export interface FileCursor {
  time: number;
  skip: number;
}

export const encodeCursor = (c: FileCursor): string => `${c.time}-${c.skip}`;
export function decodeCursor(s: string): FileCursor | null {
  const m = /^(\d{1,15})-(\d{1,9})$/.exec(s);
  return m ? { time: Number(m[1]), skip: Number(m[2]) } : null;
}

/** The files of one log, newest first. */
export function logFiles(file: string, keep: number): string[] {
  return [file, ...Array.from({ length: keep }, (_, i) => `${file}.${i + 1}`)].filter((f) => existsSync(f));
}

/** The lines of a file from the last to the first (a line is split only at \n, so UTF-8 stays whole). */
export async function* linesBackward(file: string, chunkSize = CHUNK): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return; // rotated away between listing and opening
  }
  try {
    let pos = (await handle.stat()).size;
    let rest = Buffer.alloc(0);
    while (pos > 0) {
      const size = Math.min(chunkSize, pos);
      pos -= size;
      const chunk = Buffer.alloc(size);
      await handle.read(chunk, 0, size, pos);
      let buf = Buffer.concat([chunk, rest]);
      let nl = buf.lastIndexOf(0x0a);
      while (nl >= 0) {
        const line = buf.subarray(nl + 1).toString('utf8');
        if (line.trim()) yield line;
        buf = buf.subarray(0, nl);
        nl = buf.lastIndexOf(0x0a);
      }
      rest = Buffer.from(buf);
    }
    if (rest.length > 0 && rest.toString('utf8').trim()) yield rest.toString('utf8');
  } finally {
    await handle.close();
  }
}

function parse(text: string): (LogLine & { ms: number }) | null {
  try {
    const j = JSON.parse(text) as { level: number; time: number; msg: string; source?: string; runId?: number };
    if (typeof j.time !== 'number' || typeof j.msg !== 'string') return null;
    return {
      seq: 0,
      ms: j.time,
      time: new Date(j.time).toISOString(),
      level: pinoLevels[j.level] ?? 'info',
      msg: j.msg,
      ...(typeof j.source === 'string' ? { source: j.source } : {}),
      ...(typeof j.runId === 'number' ? { runId: j.runId } : {}),
    };
  } catch {
    return null; // a line cut by a crash mid-write
  }
}

/**
 * The newest `limit` lines matching `filter` older than `cursor`, oldest first, and the cursor of the page
 * before them (absent when there is none).
 */
export async function queryLogFiles(
  files: readonly string[],
  filter: Omit<LogFilter, 'beforeSeq'>,
  limit: number,
  cursor?: FileCursor,
): Promise<{ lines: LogLine[]; next?: string }> {
  const found: (LogLine & { ms: number })[] = [];
  const needle = filter.text && !/["\\]/.test(filter.text) ? filter.text.toLowerCase() : null;
  let atCursor = 0;
  scan: for (const f of files) {
    for await (const text of linesBackward(f)) {
      if (needle && !text.toLowerCase().includes(needle)) continue;
      const line = parse(text);
      if (!line || !matches(line, filter)) continue;
      if (cursor) {
        if (line.ms > cursor.time) continue;
        if (line.ms === cursor.time && atCursor++ < cursor.skip) continue;
      }
      found.push(line);
      if (found.length > limit) break scan;
    }
  }
  const more = found.length > limit;
  const page = found.slice(0, limit);
  const oldest = page.at(-1);
  let next: string | undefined;
  if (more && oldest) {
    const sameMs = page.filter((l) => l.ms === oldest.ms).length;
    next = encodeCursor({ time: oldest.ms, skip: sameMs + (cursor && cursor.time === oldest.ms ? cursor.skip : 0) });
  }
  const lines = page.reverse().map(({ ms: _ms, ...l }, i) => ({ ...l, seq: i + 1 }));
  return { lines, ...(next ? { next } : {}) };
}
