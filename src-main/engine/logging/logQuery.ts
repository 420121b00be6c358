// Reading logs back: filters over the in-memory tail (Activity screen), and one run's lines from the log files
// (run detail), which outlive the tail. Files are pino JSON lines, newest file first: syncflow.log, .1, .2 …
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LogLevel, LogLine } from '../../../src-shared/domain.js';

export interface LogFilter {
  /** This level and above. */
  level?: LogLevel;
  source?: string;
  runId?: number;
  /** Case-insensitive substring of the message. */
  text?: string;
  /** Lines before this sequence number (paging back). */
  beforeSeq?: number;
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const pinoLevels: Record<number, LogLevel> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };

export function matches(line: LogLine, f: LogFilter): boolean {
  if (f.level && rank[line.level] < rank[f.level]) return false;
  if (f.source !== undefined && line.source !== f.source) return false;
  if (f.runId !== undefined && line.runId !== f.runId) return false;
  if (f.beforeSeq !== undefined && line.seq >= f.beforeSeq) return false;
  if (f.text && !line.msg.toLowerCase().includes(f.text.toLowerCase())) return false;
  return true;
}

/** The newest `limit` lines matching, oldest first. */
export function filterLines(lines: readonly LogLine[], f: LogFilter, limit: number): LogLine[] {
  const out: LogLine[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) if (matches(lines[i]!, f)) out.push(lines[i]!);
  return out.reverse();
}

/** Every line of one run in the log files, oldest first (at most `limit`, the last ones). */
export async function runLinesFromFiles(file: string, keep: number, runId: number, limit: number): Promise<LogLine[]> {
  const files = [file, ...Array.from({ length: keep }, (_, i) => `${file}.${i + 1}`)]
    .filter((f) => existsSync(f))
    .reverse();
  const needle = `"runId":${runId},`;
  const alt = `"runId":${runId}}`;
  const out: LogLine[] = [];
  for (const f of files) {
    const rl = createInterface({ input: createReadStream(f, 'utf8'), crlfDelay: Infinity });
    for await (const text of rl) {
      if (!text.includes(needle) && !text.includes(alt)) continue;
      try {
        const j = JSON.parse(text) as { level: number; time: number; msg: string; source?: string; runId?: number };
        if (j.runId !== runId) continue;
        out.push({
          seq: out.length + 1,
          time: new Date(j.time).toISOString(),
          level: pinoLevels[j.level] ?? 'info',
          msg: j.msg,
          ...(j.source ? { source: j.source } : {}),
          runId,
        });
        if (out.length > limit) out.shift();
      } catch {
        // A line cut by a crash mid-write: skip it.
      }
    }
  }
  return out;
}
