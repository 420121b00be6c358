// The product sync plan's strategy rules as a pure function: urgency decides whether a few named records are
// fetched at once, more than 50 named make a full pass, and a last sync older than incrementalMaxAgeHours makes a
// full sync, each with its reason.
import { describe, expect, it } from 'vitest';
import { chooseStrategy } from '../../src-main/engine/pipeline/strategyRules.js';
import type { Checkpoint } from '../../src-main/engine/store/runStore.js';

const cp = (over: Partial<Checkpoint> = {}): Checkpoint => ({
  source: 's', cursor: '2026-03-01T10:00:00.000Z', fullOffset: null, fullRunId: null, updatedAt: '2026-03-01T12:00:00.000Z', ...over,
});
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
const base = { full: false, incrementalCapable: true, fetchByIds: true, maxAgeHours: 6 };
const at = (iso: string) => new Date(iso);

describe('strategy rules', () => {
  it('≤ 10 ids: real time when normal or critical, an incremental when low', () => {
    expect(chooseStrategy({ ...base, ids: ids(10), urgency: 'critical', now: at('2026-03-01T13:00:00Z') }, cp())).toMatchObject({
      strategy: 'realtime',
      reason: '10 record(s) named by a change notification, critical',
    });
    expect(chooseStrategy({ ...base, ids: ids(3), now: at('2026-03-01T13:00:00Z') }, cp()).strategy).toBe('realtime');
    const low = chooseStrategy({ ...base, ids: ids(3), urgency: 'low', now: at('2026-03-01T13:00:00Z') }, cp());
    expect(low.strategy).toBe('incremental');
    expect(low.reason).toMatch(/^3 record\(s\) named with low urgency wait for an incremental; changes since/);
  });

  it('more than 50 ids make a full pass, 11 to 50 an incremental', () => {
    expect(chooseStrategy({ ...base, ids: ids(51), now: at('2026-03-01T13:00:00Z') }, cp())).toMatchObject({
      strategy: 'full',
      reason: '51 ids named (more than 50): a full pass costs less than asking for each',
    });
    expect(chooseStrategy({ ...base, ids: ids(50), now: at('2026-03-01T13:00:00Z') }, cp()).strategy).toBe('incremental');
  });

  it('the six-hour rule: within it incremental, past it full, and the reason says which', () => {
    const within = chooseStrategy({ ...base, now: at('2026-03-01T17:59:00Z') }, cp());
    expect(within.strategy).toBe('incremental');
    expect(within.reason).toContain('within incrementalMaxAgeHours 6');
    const past = chooseStrategy({ ...base, now: at('2026-03-01T19:00:00Z') }, cp());
    expect(past).toMatchObject({ strategy: 'full', reason: 'the last sync (2026-03-01T12:00:00.000Z) was 7 h ago, more than incrementalMaxAgeHours 6' });
    // No limit configured: the cursor is trusted however old.
    expect(chooseStrategy({ ...base, maxAgeHours: null, now: at('2026-03-09T19:00:00Z') }, cp()).strategy).toBe('incremental');
  });
});
