import { describe, expect, it } from 'vitest';
import type { LogLine, Progress } from '../../../src-shared/domain.js';
import { mergeLogs } from '../../../src-renderer/lib/logs.js';
import { applyProgress, summarizeProgress } from '../../../src-renderer/lib/progress.js';

const progress = (over: Partial<Progress>): Progress => ({
  runId: 1,
  source: 'ploomes',
  phase: 'fetching',
  pages: 1,
  fetched: 0,
  total: null,
  ...over,
});

describe('summarizeProgress', () => {
  it('is idle with nothing running', () => {
    const s = summarizeProgress([]);
    expect(s.determinate).toBe(false);
    expect(s.fraction).toBeNull();
    expect(s.label).toBe('No sync running');
  });

  it('is determinate when every run reports a total', () => {
    const s = summarizeProgress([
      progress({ runId: 1, fetched: 250, total: 1000, pages: 3 }),
      progress({ runId: 2, source: 'csv', fetched: 250, total: 1000, pages: 2 }),
    ]);
    expect(s.determinate).toBe(true);
    expect(s.total).toBe(2000);
    expect(s.fraction).toBe(0.25);
    expect(s.label).toBe('ploomes, csv: 500 / 2,000 · 5 pages');
  });

  it('is indeterminate when any total is unknown, and never exceeds 100%', () => {
    const unknown = summarizeProgress([progress({ fetched: 10, total: 100 }), progress({ runId: 2, fetched: 5 })]);
    expect(unknown.determinate).toBe(false);
    expect(unknown.total).toBeNull();
    expect(unknown.label).toContain('15 fetched');
    const over = summarizeProgress([progress({ fetched: 120, total: 100, phase: 'finishing' })]);
    expect(over.fraction).toBe(1);
    expect(over.label).toContain('finishing');
  });
});

describe('applyProgress', () => {
  it('keeps the newest event per run and ignores runs already finished', () => {
    const first = applyProgress(new Map(), progress({ runId: 7, fetched: 10 }), new Set());
    const second = applyProgress(first, progress({ runId: 7, fetched: 20 }), new Set());
    expect(second.get(7)?.fetched).toBe(20);
    expect(first.get(7)?.fetched).toBe(10); // not mutated
    const late = applyProgress(new Map(), progress({ runId: 9, fetched: 99 }), new Set([9]));
    expect(late.size).toBe(0);
  });
});

const line = (seq: number, msg = `line ${seq}`): LogLine => ({ seq, time: '2024-06-10T12:00:00Z', level: 'info', msg });

describe('mergeLogs', () => {
  it('appends newer lines', () => {
    expect(mergeLogs([line(1), line(2)], [line(3)]).map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it('dedupes overlapping tail and live lines and restores seq order', () => {
    const merged = mergeLogs([line(4), line(5)], [line(3), line(5, 'again'), line(6)]);
    expect(merged.map((l) => l.seq)).toEqual([3, 4, 5, 6]);
    expect(merged.find((l) => l.seq === 5)?.msg).toBe('again');
  });

  it('keeps only the newest lines up to the cap', () => {
    const many = Array.from({ length: 600 }, (_, i) => line(i + 1));
    const merged = mergeLogs([], many);
    expect(merged).toHaveLength(500);
    expect(merged[0]?.seq).toBe(101);
    expect(merged[499]?.seq).toBe(600);
    expect(mergeLogs(merged, [line(601)], 500)[0]?.seq).toBe(102);
  });
});
