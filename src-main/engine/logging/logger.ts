// Structured logs: JSON lines to a size-rotated file in the data dir (pino) and a ring buffer that feeds the UI's
// log panel. Secrets resolved from the config are scrubbed from every message; secret-looking fields are redacted.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { LogLevel, LogLine } from '../../../src-shared/domain.js';
import { scrubSecrets } from '../config/secrets.js';
import { rotatingFile, type RotatingFile } from './rotatingFile.js';

export interface LogContext {
  source?: string;
  runId?: number;
}

export interface Logger {
  debug(msg: string, ctx?: LogContext): void;
  info(msg: string, ctx?: LogContext): void;
  warn(msg: string, ctx?: LogContext): void;
  error(msg: string, ctx?: LogContext): void;
  tail(limit: number, afterSeq?: number): LogLine[];
  /** The log file (null when logging to a file is off) and how many rotated files are kept beside it. */
  readonly file?: string | null;
  readonly keepFiles?: number;
  /** Writes out what is buffered, so the file can be read back. */
  flush?(): void;
  close(): void;
}

const RING_SIZE = 2000;

export interface LogFileOptions {
  maxFileMb: number;
  keepFiles: number;
}

export function createLogger(opts: {
  dataDir: string | null;
  onLine?: (line: LogLine) => void;
  level?: LogLevel;
  rotation?: LogFileOptions;
}): Logger {
  let file: pino.Logger | null = null;
  let dest: RotatingFile | null = null;
  let filePath: string | null = null;
  if (opts.dataDir) {
    const dir = join(opts.dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    const rotation = opts.rotation ?? { maxFileMb: 10, keepFiles: 5 };
    filePath = join(dir, 'syncflow.log');
    dest = rotatingFile(filePath, Math.round(rotation.maxFileMb * 1024 * 1024), rotation.keepFiles);
    const redact = ['apiKey', 'secret', 'token', 'password', 'authorization', '*.apiKey', '*.secret', '*.token', '*.password', '*.authorization'];
    file = pino({ level: opts.level ?? 'info', base: undefined, redact: { paths: redact, censor: '[redacted]' } }, dest);
  }
  const ring: LogLine[] = [];
  let seq = 0;
  const write = (level: LogLevel) => (raw: string, ctx: LogContext = {}) => {
    const msg = scrubSecrets(raw);
    file?.[level]({ ...ctx }, msg);
    if (level === 'debug') return;
    const line: LogLine = { seq: ++seq, time: new Date().toISOString(), level, msg, ...ctx };
    ring.push(line);
    if (ring.length > RING_SIZE) ring.shift();
    opts.onLine?.(line);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    tail(limit, afterSeq) {
      const lines = afterSeq === undefined ? ring : ring.filter((l) => l.seq > afterSeq);
      return lines.slice(-limit);
    },
    file: filePath,
    keepFiles: opts.rotation?.keepFiles ?? 5,
    flush() {
      try {
        dest?.flushSync();
      } catch {
        // Nothing written yet.
      }
    },
    close() {
      if (!dest) return;
      try {
        dest.flushSync();
      } catch {
        // Not opened yet (nothing was written): nothing to flush.
      }
      dest.end();
    },
  };
}
