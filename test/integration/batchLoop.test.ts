// The two pieces every batch mover shares, on a real SQLite file: a batch and its checkpoint commit together or
// not at all, and the retry loop resumes from the last committed batch with its retry count reset by each commit.
// Plus the pass watermark and the cursor cap it imposes.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassifiedError } from '../../src-main/engine/connectors/dbErrors.js';
import { checkpointedBatch, retryFromCheckpoint } from '../../src-main/engine/pipeline/batchLoop.js';
import { capCursor, passWatermark } from '../../src-main/engine/pipeline/watermark.js';
import { tempDir } from '../helpers/tmp.js';

const transient = (msg = 'reset') => new ClassifiedError('network', msg);
const permanent = () => new ClassifiedError('auth', 'bad key');
const policy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000 };

describe('checkpointedBatch', () => {
  const tmp = tempDir();
  afterEach(() => tmp.cleanup());

  it('a batch and its checkpoint commit together; a failing checkpoint rolls the batch back', () => {
    const db = new Database(join(tmp.dir, 'b.db'));
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY); CREATE TABLE cp (pos INTEGER)');
    db.exec('INSERT INTO cp VALUES (0)');
    const commit = checkpointedBatch(
      db,
      (ids: number[], end: number) => {
        for (const id of ids) db.prepare('INSERT INTO rows VALUES (?)').run(id);
        return { written: ids.length, end };
      },
      (result, _ids, end) => {
        expect(result.end).toBe(end);
        if (end === 4) throw new Error('checkpoint write failed');
        db.prepare('UPDATE cp SET pos = ?').run(end);
      },
    );
    expect(commit([1, 2], 2)).toEqual({ written: 2, end: 2 });
    expect(() => commit([3, 4], 4)).toThrow('checkpoint write failed');
    expect(db.prepare('SELECT id FROM rows ORDER BY id').pluck().all()).toEqual([1, 2]);
    expect(db.prepare('SELECT pos FROM cp').pluck().get()).toBe(2);
    db.close();
  });
});

describe('retryFromCheckpoint', () => {
  const run = async (stream: (committed: () => Promise<void>) => Promise<void>, signal?: AbortSignal) => {
    const waits: number[] = [];
    const retries: [number, number, string][] = [];
    await retryFromCheckpoint(stream, {
      retry: policy,
      sleep: async (ms) => void waits.push(ms),
      random: () => 1,
      ...(signal ? { signal } : {}),
      onRetry: (attempt, wait, err) => retries.push([attempt, wait, (err as Error).message]),
    });
    return { waits, retries };
  };

  it('retries transient failures with growing waits, numbering attempts from 1, until the stream ends', async () => {
    let calls = 0;
    const r = await run(async () => {
      if (++calls < 3) throw transient(`reset ${calls}`);
    });
    expect(calls).toBe(3);
    expect(r.retries).toEqual([
      [1, 100, 'reset 1'],
      [2, 200, 'reset 2'],
    ]);
    expect(r.waits).toEqual([100, 200]);
  });

  it('gives up after maxRetries in a row, with the last error', async () => {
    let calls = 0;
    await expect(
      run(async () => {
        throw transient(`reset ${++calls}`);
      }),
    ).rejects.toThrow('reset 3');
    expect(calls).toBe(3);
  });

  it('each committed batch resets the count: failures spread between commits never run out', async () => {
    let calls = 0;
    const r = await run(async (committed) => {
      calls++;
      if (calls <= 5) {
        await committed();
        throw transient(`reset ${calls}`);
      }
    });
    expect(calls).toBe(6);
    expect(r.retries.map((x) => x[0])).toEqual([1, 1, 1, 1, 1]);
    expect(r.waits).toEqual([100, 100, 100, 100, 100]);
  });

  it('never retries a permanent failure, nor one after the run was cancelled', async () => {
    let calls = 0;
    await expect(
      run(async () => {
        calls++;
        throw permanent();
      }),
    ).rejects.toThrow('bad key');
    expect(calls).toBe(1);
    const ctrl = new AbortController();
    await expect(
      run(async () => {
        calls++;
        ctrl.abort();
        throw transient('reset after cancel');
      }, ctrl.signal),
    ).rejects.toThrow('reset after cancel');
    expect(calls).toBe(2);
  });
});

describe('pass watermark', () => {
  it("is the earlier of the vendor's clock and ours; ours when the vendor's is missing or unreadable", () => {
    const local = '2026-05-01T10:00:05.000Z';
    expect(passWatermark(local, 'Fri, 01 May 2026 10:00:00 GMT')).toBe('2026-05-01T10:00:00.000Z');
    expect(passWatermark(local, 'Fri, 01 May 2026 10:00:09 GMT')).toBe(local);
    expect(passWatermark(local, undefined)).toBe(local);
    expect(passWatermark(local, 'soon')).toBe(local);
  });

  it('caps the cursor at the watermark, leaves an earlier one, and passes through what it cannot compare', () => {
    const w = '2026-05-01T10:00:00.000Z';
    expect(capCursor('2026-05-01T10:00:01.000Z', w)).toBe(w);
    expect(capCursor('2026-05-01T09:59:59.000Z', w)).toBe('2026-05-01T09:59:59.000Z');
    expect(capCursor(w, w)).toBe(w);
    // Compared as instants, not as text.
    expect(capCursor('2026-05-01T11:00:00+02:00', w)).toBe('2026-05-01T11:00:00+02:00');
    expect(capCursor('2026-05-01T11:00:00-02:00', w)).toBe(w);
    // The same instant as the watermark is not past it: kept as written.
    expect(capCursor('2026-05-01T12:00:00+02:00', w)).toBe('2026-05-01T12:00:00+02:00');
    expect(capCursor(null, w)).toBeNull();
    expect(capCursor('2026-05-01T11:00:00.000Z', null)).toBe('2026-05-01T11:00:00.000Z');
    expect(capCursor('v42', w)).toBe('v42');
    expect(capCursor('2026-05-01T11:00:00.000Z', 'never')).toBe('2026-05-01T11:00:00.000Z');
  });
});
