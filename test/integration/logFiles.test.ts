// Activity searches the log files on disk, not only the in-memory tail: real rotated files written by the real
// logger (pino through rotatingFile), read newest first a page at a time, with the cursor surviving a rotation
// between two pages.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src-main/engine/logging/logger.js';
import { decodeCursor, linesBackward, logFiles, queryLogFiles } from '../../src-main/engine/logging/logFiles.js';
import { tempDir } from '../helpers/tmp.js';

const pad = 'x'.repeat(120);

describe('log files: newest first, page by page, across rotated files', () => {
  let tmp: ReturnType<typeof tempDir>;
  let log: Logger;

  beforeEach(() => {
    tmp = tempDir();
    // 16 KiB per file, 3 rotated files kept: ~500 lines of ~200 bytes span all four files.
    log = createLogger({ dataDir: tmp.dir, level: 'debug', rotation: { maxFileMb: 16 / 1024, keepFiles: 3 } });
  });
  afterEach(() => {
    log.close();
    tmp.cleanup();
  });

  const write = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const source = i % 2 === 0 ? 'erp' : 'shop';
      if (i % 10 === 0) log.warn(`line ${i} slow page ${pad}`, { source, runId: 1 + Math.floor(i / 100) });
      else log.info(`line ${i} ok ${pad}`, { source, runId: 1 + Math.floor(i / 100) });
    }
    log.flush!();
  };
  const numbers = (lines: { msg: string }[]) => lines.map((l) => Number(/^line (\d+)/.exec(l.msg)![1]));

  it('reads every file that is left, newest page first, each line once and in order', async () => {
    write(0, 400);
    const files = logFiles(log.file!, 3);
    expect(files.map((f) => f.slice(log.file!.length))).toEqual(['', '.1', '.2', '.3']);
    expect(readdirSync(join(tmp.dir, 'logs'))).toHaveLength(4);

    // What is still on disk: the files read forwards, oldest first.
    const onDisk: number[] = [];
    for (const f of [...files].reverse()) {
      const back: string[] = [];
      for await (const l of linesBackward(f, 1000)) back.push(l);
      onDisk.push(...numbers(back.reverse().map((t) => JSON.parse(t) as { msg: string })));
    }
    expect(onDisk.at(-1)).toBe(399);
    expect(onDisk.length).toBeGreaterThan(2000 / 200); // more than one file's worth
    expect(onDisk[0]).toBeGreaterThan(0); // the oldest lines were rotated out

    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await queryLogFiles(files, {}, 37, cursor ? decodeCursor(cursor)! : undefined);
      pages.push(numbers(page.lines));
      cursor = page.next;
    } while (cursor);
    expect(pages[0]!.at(-1)).toBe(399); // the first page is the newest
    expect(pages.slice().reverse().flat()).toEqual(onDisk); // all of it, once, in order
  });

  it('filters level, source, run and text in the files; the newest matches come first', async () => {
    write(0, 400);
    const files = logFiles(log.file!, 3);
    const warns = await queryLogFiles(files, { level: 'warn', source: 'erp' }, 5);
    expect(numbers(warns.lines)).toEqual([350, 360, 370, 380, 390]);
    expect(warns.lines.every((l) => l.level === 'warn' && l.source === 'erp')).toBe(true);
    const text = await queryLogFiles(files, { text: 'LINE 37' }, 100);
    expect(numbers(text.lines)).toEqual([370, 371, 372, 373, 374, 375, 376, 377, 378, 379]);
    expect(text.next).toBeUndefined();
    const run = await queryLogFiles(files, { runId: 4 }, 3);
    expect(numbers(run.lines)).toEqual([397, 398, 399]);
    expect(run.next).toBeDefined();
  });

  it('keeps paging back after the files rotate between two pages', async () => {
    write(0, 300);
    const first = await queryLogFiles(logFiles(log.file!, 3), { source: 'erp' }, 20);
    expect(numbers(first.lines).at(-1)).toBe(298);
    write(300, 360); // more lines: syncflow.log becomes .1, the rest shift
    const second = await queryLogFiles(logFiles(log.file!, 3), { source: 'erp' }, 20, decodeCursor(first.next!)!);
    const expected = numbers(first.lines)[0]!;
    expect(numbers(second.lines)).toEqual(Array.from({ length: 20 }, (_, i) => expected - 40 + i * 2));
  });
});
