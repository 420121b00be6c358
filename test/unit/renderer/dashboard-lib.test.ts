import { describe, expect, it } from 'vitest';
import type { AgentMetrics, Progress, SourceStatus } from '../../../src-shared/domain.js';
import { formatErrorsByClass, isPaused, pausedUntil } from '../../../src-renderer/lib/metrics.js';
import { createFormat, translator } from '../../../src-renderer/i18n/index.js';
import { csvCell, csvRow } from '../../../src-renderer/lib/csv.js';
import { pauseUntil, queuedSources, sourceView } from '../../../src-renderer/lib/sourceState.js';
import { ThroughputTracker } from '../../../src-renderer/lib/throughput.js';

describe('metrics formatting', () => {
  it('lists errors by class, most frequent first, skipping zeros', () => {
    expect(formatErrorsByClass({})).toBe('');
    expect(formatErrorsByClass({ auth: 1, network: 3, timeout: 0 })).toBe('network 3 · credentials 1');
    expect(formatErrorsByClass({ server: 2, auth: 2 })).toBe('credentials 2 · server 2');
    expect(formatErrorsByClass({ network: 1200 }, translator('pt-BR'), createFormat('pt-BR'))).toBe('rede 1.200');
  });
});

describe('pause state', () => {
  const queue = (paused: AgentMetrics['queue']['paused']): AgentMetrics['queue'] => ({ depth: 0, running: [], paused });

  it('knows a source is paused by itself or by a pause of all sources', () => {
    const one = queue({ all: false, allUntil: null, sources: [{ source: 'erp', until: '2024-05-01T10:00:00.000Z' }] });
    expect(isPaused(one, 'erp')).toBe(true);
    expect(isPaused(one, 'shop')).toBe(false);
    expect(pausedUntil(one, 'erp')).toBe('2024-05-01T10:00:00.000Z');
    const all = queue({ all: true, allUntil: null, sources: [] });
    expect(isPaused(all, 'shop')).toBe(true);
    expect(pausedUntil(all, 'shop')).toBeNull();
    expect(isPaused(undefined, 'shop')).toBe(false);
  });
});

describe('source state', () => {
  const source = (over: Partial<SourceStatus> = {}): SourceStatus => ({
    name: 'erp',
    kind: 'rest',
    entity: 'products',
    state: 'idle',
    lastRun: null,
    lastSuccessAt: null,
    ...over,
  });
  const queue = (paused: AgentMetrics['queue']['paused'], queued: string[] = []): AgentMetrics['queue'] => ({
    depth: queued.length,
    running: [],
    queued,
    paused,
  });
  const online = { online: true, offlineSince: null, reason: null };
  const notPaused = { all: false, allUntil: null, sources: [] };
  const failedRun = { status: 'failed' } as SourceStatus['lastRun'];

  it('says the most pressing thing: syncing, offline, paused until, queued, then how the last run ended', () => {
    const ctx = { running: false, queued: false, queue: queue(notPaused), network: online };
    expect(sourceView(source(), ctx).state).toBe('idle');
    expect(sourceView(source({ lastRun: failedRun }), ctx).state).toBe('error');
    const review = { status: 'needs_review' } as SourceStatus['lastRun'];
    expect(sourceView(source({ lastRun: review }), ctx).state).toBe('needs_review');
    expect(sourceView(source({ lastRun: failedRun }), { ...ctx, queued: true }).state).toBe('queued');
    const until = '2026-03-01T10:30:00.000Z';
    const held = queue({ all: false, allUntil: null, sources: [{ source: 'erp', until }] });
    const paused = { ...ctx, queued: true, queue: held };
    expect(sourceView(source(), paused)).toEqual({ state: 'paused', since: null, until });
    const down = { online: false, offlineSince: '2026-03-01T09:00:00.000Z', reason: 'ENOTFOUND' };
    const offline = { ...paused, network: down };
    expect(sourceView(source(), offline)).toEqual({ state: 'offline', since: down.offlineSince, until: null });
    expect(sourceView(source(), { ...offline, running: true }).state).toBe('syncing');
    expect([...queuedSources(queue(notPaused, ['erp', 'shop']))]).toEqual(['erp', 'shop']);
  });

  it('pauses for 30 min, 1 h, until tomorrow morning, or indefinitely', () => {
    const now = new Date(2026, 2, 1, 22, 15).getTime();
    expect(pauseUntil('30m', now)).toBe(new Date(now + 30 * 60_000).toISOString());
    expect(pauseUntil('1h', now)).toBe(new Date(now + 3_600_000).toISOString());
    expect(pauseUntil('tomorrow', now)).toBe(new Date(2026, 2, 2, 8, 0).toISOString());
    expect(pauseUntil('indefinitely', now)).toBeUndefined();
  });
});

describe('throughput', () => {
  it('measures records per second from the first sample and the time left from the total', () => {
    const p = (fetched: number, total: number | null = 10_000): Progress => ({
      runId: 1,
      source: 'erp',
      phase: 'fetching',
      pages: 1,
      fetched,
      total,
    });
    const tracker = new ThroughputTracker();
    tracker.observe(p(1000), 0);
    expect(tracker.rate(p(1000), 500)).toEqual({ perSecond: null, etaMs: null });
    tracker.observe(p(3000), 2000);
    expect(tracker.rate(p(3000), 2000)).toEqual({ perSecond: 1000, etaMs: 7000 });
    expect(tracker.rate(p(3000, null), 2000)).toEqual({ perSecond: 1000, etaMs: null });
    tracker.forget(1);
    expect(tracker.rate(p(3000), 2000).perSecond).toBeNull();
  });
});

describe('csv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', null, 12.5, true])).toBe('a,"b,c","say ""hi""",,12.5,true');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-5)).toBe('-5');
  });
});
