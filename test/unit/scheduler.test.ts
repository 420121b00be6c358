// Schedules on a controllable clock: due sources fire once per tick, missed matches catch up once, dependents
// wait for their parents in the same cycle.
import { describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src-shared/domain.js';
import { emptyCounts } from '../../src-shared/domain.js';
import { Scheduler, cronProblem, scheduleProblems, type ScheduledSource } from '../../src-main/engine/scheduler/scheduler.js';
import { validateConfig } from '../../src-shared/config.js';

const run = (source: string, status: SyncRun['status']): SyncRun => ({
  id: 1, source, trigger: 'schedule', strategy: 'full', strategyReason: '', status,
  startedAt: '', finishedAt: null, durationMs: null, pages: 0, counts: emptyCounts(), error: null, requests: 0, bytes: 0,
});

function harness(sources: ScheduledSource[], startAt: string, outcome: Record<string, SyncRun['status']> = {}) {
  let now = new Date(startAt);
  const ran: string[] = [];
  const skipped: string[] = [];
  const scheduler = new Scheduler({
    sources,
    now: () => now,
    run: async (s) => {
      ran.push(s);
      return run(s, outcome[s] ?? 'succeeded');
    },
    skip: (s, why) => skipped.push(`${s}: ${why}`),
  });
  return { scheduler, ran, skipped, at: (iso: string) => (now = new Date(iso)) };
}

describe('scheduler', () => {
  it('fires when the cron expression matches, in its time zone, and not again in the same minute', async () => {
    const h = harness([{ name: 'erp', cron: '0 */6 * * *', timezone: 'America/Sao_Paulo', dependsOn: [] }], '2026-03-01T08:58:00Z');
    h.at('2026-03-01T08:59:00Z');
    await h.scheduler.tick();
    expect(h.ran).toEqual([]);
    h.at('2026-03-01T09:00:00Z'); // 06:00 in São Paulo
    await h.scheduler.tick();
    h.at('2026-03-01T09:00:40Z');
    await h.scheduler.tick();
    expect(h.ran).toEqual(['erp']);
  });

  it('after a sleep that missed several matches, runs once on wake', async () => {
    const h = harness([{ name: 'erp', cron: '*/10 * * * *', dependsOn: [] }], '2026-03-01T00:00:30Z');
    h.at('2026-03-02T07:13:00Z'); // ~31 hours asleep: nearly 190 matches missed
    await h.scheduler.tick();
    expect(h.ran).toEqual(['erp']);
    h.at('2026-03-02T07:14:00Z');
    await h.scheduler.tick();
    expect(h.ran).toEqual(['erp']);
    h.at('2026-03-02T07:20:00Z');
    await h.scheduler.tick();
    expect(h.ran).toEqual(['erp', 'erp']);
  });

  it('runs dependents only after their parents succeed in the same cycle', async () => {
    const sources: ScheduledSource[] = [
      { name: 'variants', dependsOn: ['products'] },
      { name: 'products', dependsOn: ['categories'] },
      { name: 'categories', cron: '0 * * * *', dependsOn: [] },
    ];
    const ok = harness(sources, '2026-03-01T00:30:00Z');
    ok.at('2026-03-01T01:00:00Z');
    await ok.scheduler.tick();
    expect(ok.ran).toEqual(['categories', 'products', 'variants']);

    const failing = harness(sources, '2026-03-01T00:30:00Z', { products: 'failed' });
    failing.at('2026-03-01T01:00:00Z');
    await failing.scheduler.tick();
    expect(failing.ran).toEqual(['categories', 'products']);
    expect(failing.skipped).toEqual(['variants: products did not succeed in this scheduled cycle']);
  });

  it('names a bad cron expression by its place in the config', () => {
    expect(cronProblem('0 */6 * * *')).toBeNull();
    expect(scheduleProblems([{}, { schedule: { cron: 'every six hours' } }])).toEqual([
      { path: 'sources[1].schedule.cron', message: expect.stringMatching(/not a valid cron expression/) as unknown as string },
    ]);
  });

  it('rejects dependencies on unknown sources and dependency cycles', () => {
    const src = (name: string, dependsOn: string[]) => ({ name, kind: 'rest', baseUrl: 'http://127.0.0.1:1', dependsOn });
    const unknown = validateConfig({ sources: [src('a', ['nope'])] });
    expect(unknown).toEqual({ ok: false, problems: [{ path: 'sources[0].dependsOn[0]', message: 'no source named "nope"' }] });
    const cycle = validateConfig({ sources: [src('a', ['b']), src('b', ['a']), src('c', ['a'])] });
    expect(cycle.ok).toBe(false);
    expect(!cycle.ok && cycle.problems.map((p) => p.path)).toEqual(['sources[0].dependsOn', 'sources[1].dependsOn']);
  });
});
