// A size-rotated log file for pino: syncflow.log grows to maxBytes, then becomes syncflow.log.1 (older ones shift
// up, the oldest beyond `keep` is removed) and a fresh syncflow.log is opened. Writes are synchronous: an
// asynchronous write still in flight when the file rotates, or when a reader flushes to search the files, could
// land after later lines or after the read (seen in the log-file tests). The engine runs in its own worker thread
// and logs a few lines per page, so the cost is a syscall per line off the UI's thread.
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
  const open = () => pino.destination({ fd: openSync(file, 'a'), sync: true });
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
