// A size-rotated log file for pino: syncflow.log grows to maxBytes, then becomes syncflow.log.1 (older ones shift
// up, the oldest beyond `keep` is removed) and a fresh syncflow.log is opened. Writes stay asynchronous.
import { existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';

export interface RotatingFile {
  write(chunk: string): boolean;
  flushSync(): void;
  end(): void;
}

export function rotatingFile(file: string, maxBytes: number, keep: number): RotatingFile {
  mkdirSync(dirname(file), { recursive: true });
  // Opened synchronously so the file exists and flushSync works from the first line on.
  const open = () => pino.destination({ fd: openSync(file, 'a'), sync: false });
  let dest = open();
  let size = statSync(file).size;
  const rotate = () => {
    dest.flushSync();
    dest.end();
    try {
      rmSync(`${file}.${keep}`, { force: true });
      for (let i = keep - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      renameSync(file, `${file}.1`);
    } catch {
      // A file still held open elsewhere (Windows) cannot be renamed: keep appending and try at the next limit.
    }
    dest = open();
    size = statSync(file).size;
  };
  return {
    write(chunk) {
      const ok = dest.write(chunk);
      size += Buffer.byteLength(chunk);
      if (size >= maxBytes) rotate();
      return ok;
    },
    flushSync() {
      dest.flushSync();
    },
    end() {
      dest.end();
    },
  };
}
