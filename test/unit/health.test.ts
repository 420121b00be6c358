// The health rules on their own: which source states are ok, degraded or down, and why.
import { describe, expect, it } from 'vitest';
import type { SourceStatus, SyncRun } from '../../src-shared/domain.js';
import { agentHealth, healthHttpStatus, sourceHealth, worst } from '../../src-main/engine/metrics/health.js';

const now = Date.parse('2026-06-01T12:00:00Z');
const rules = { staleAfterHours: 24, breakerThreshold: 3 };
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
const source = (over: Partial<SourceStatus> & { last?: SyncRun['status'] } = {}): SourceStatus => ({
  name: 's',
  kind: 'rest',
  entity: 'products',
  state: 'idle',
  lastRun: over.last ? ({ status: over.last } as SyncRun) : null,
  lastSuccessAt: hoursAgo(1),
  breaker: { state: 'closed', consecutiveFailures: 0, openUntil: null },
  ...over,
});

describe('health rules', () => {
  it.each([
    ['fresh and last run succeeded', source({ last: 'succeeded' }), 0, 'ok', []],
    ['stale', source({ lastSuccessAt: hoursAgo(30) }), 0, 'degraded', ['data is 30 h old (stale after 24 h)']],
    ['last run failed once', source({ last: 'failed' }), 1, 'degraded', ['the last run failed']],
    ['never synced', source({ lastSuccessAt: null }), 0, 'degraded', ['no successful sync yet']],
    [
      'never succeeded and failed',
      source({ lastSuccessAt: null, last: 'failed' }),
      1,
      'down',
      ['never synced successfully; the last run failed'],
    ],
    [
      'failures in a row reach the breaker threshold',
      source({ last: 'failed' }),
      3,
      'down',
      ['3 failed runs in a row', 'the last run failed'],
    ],
    [
      'breaker half-open',
      source({ breaker: { state: 'half-open', consecutiveFailures: 3, openUntil: hoursAgo(0) } }),
      0,
      'down',
      ['circuit breaker half-open'],
    ],
  ] as const)('%s', (_name, status, failures, expected, reasons) => {
    const h = sourceHealth(status, failures, rules, now);
    expect(h.status).toBe(expected);
    expect(h.reasons).toEqual(reasons);
  });

  it('staleness off when staleAfterHours is 0', () => {
    expect(
      sourceHealth(source({ lastSuccessAt: hoursAgo(9999) }), 0, { ...rules, staleAfterHours: 0 }, now).status,
    ).toBe('ok');
  });

  it('counts failures in a row from the newest run, and the worst source decides', () => {
    const history: Record<string, string[]> = {
      a: ['failed', 'failed', 'succeeded'],
      b: ['failed', 'failed', 'failed'],
    };
    const report = agentHealth(
      [source({ name: 'a', last: 'failed' }), source({ name: 'b', last: 'failed' })],
      { recentOutcomes: (s, n) => history[s]!.slice(0, n) },
      rules,
      now,
    );
    expect(report.sources.map((s) => [s.name, s.status])).toEqual([
      ['a', 'degraded'],
      ['b', 'down'],
    ]);
    expect(report.status).toBe('down');
    expect(report.checkedAt).toBe(new Date(now).toISOString());
    expect(agentHealth([], { recentOutcomes: () => [] }, rules, now).status).toBe('ok');
  });

  it('maps to HTTP: only down is 503', () => {
    expect([worst(['ok', 'degraded']), worst([]), worst(['degraded', 'down', 'ok'])]).toEqual([
      'degraded',
      'ok',
      'down',
    ]);
    expect(['ok', 'degraded', 'down'].map((s) => healthHttpStatus(s as 'ok'))).toEqual([200, 200, 503]);
  });
});
