// The adaptive pace on a clock the test moves: what each vendor signal does to it, in numbers.
import { describe, expect, it } from 'vitest';
import { Pacer, STEADY_BACKOFF } from '../../src-main/engine/connectors/pacer.js';
import type { Clock } from '../../src-main/engine/connectors/rateLimit.js';
import { readRateSignal } from '../../src-main/engine/connectors/rateSignals.js';

const policy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };
/** A later run's settings: its resends are not looked at. */
const nextRun = { sleep: async () => undefined, policy };

function setup(rpm: number | null = null) {
  const t = { now: 1_000_000 };
  const waits: number[] = [];
  // Spacing waits move the clock, as real time would.
  const clock: Clock = {
    now: () => t.now,
    sleep: async (ms) => {
      waits.push(ms);
      t.now += ms;
    },
  };
  const pacer = new Pacer(rpm, clock);
  const resends: number[] = [];
  pacer.beginRun({ sleep: async (ms) => void resends.push(ms), policy, random: () => 0.5 });
  /** One request answered `took` ms after it went out. */
  const ok = async (took = 10, headers: Record<string, string> = {}) => {
    const sent = await pacer.acquire();
    t.now += took;
    pacer.answered(sent, headers);
  };
  return { t, waits, resends, pacer, ok };
}

const refusal = (retryAfter?: string) => ({ statusCode: 429, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });

describe('adaptive pace', () => {
  it('starts unpaced, learns the limit from a burst and its Retry-After, and pauses for it', async () => {
    const { t, waits, pacer, ok } = setup();
    expect(pacer.currentRpm).toBeNull();
    for (let i = 0; i < 20; i++) await ok(50);
    expect(waits).toEqual([]);
    const sent = await pacer.acquire();
    t.now += 0;
    // 20 accepted in 1 s, then "wait 4 s": about 20 per 5 s, kept 2% under.
    expect(pacer.refused(refusal('4'), sent, 0)).toBe(4000);
    expect(pacer.currentRpm).toBeCloseTo(240 * 0.98, 0);
    await pacer.acquire();
    expect(waits.at(-1)).toBe(4000);
    const e = pacer.explain()!;
    expect(e).toMatchObject({ startRpm: null, refusals: 1, resent: 1, retries: [{ cause: 'HTTP 429 with Retry-After 4.0 s', waitMs: 4000 }] });
    expect(e.changes[0]!.why).toMatch(/20 accepted request\(s\) in 1\.0 s, Retry-After 4\.0 s: the source serves about 240 a minute/);
  });

  it('creeps up additively while the pace is what holds requests back, and cuts by 3% on a refusal after', async () => {
    const { t, pacer, ok } = setup(600);
    expect(pacer.currentRpm).toBe(600);
    // A configured limit is a ceiling: healthy answers do not raise it.
    for (let i = 0; i < 50; i++) await ok(10);
    expect(pacer.currentRpm).toBe(600);
    for (let i = 0; i < 20; i++) await ok(10);
    const sent = await pacer.acquire();
    expect(pacer.refused(refusal('0.05'), sent, 0)).toBe(50);
    expect(pacer.currentRpm).toBeCloseTo(600 * STEADY_BACKOFF, 0);
    // Healthy paced sending climbs back towards the ceiling, never past it.
    const cut = pacer.currentRpm!;
    const from = t.now;
    while (t.now - from < 10_000) await ok(10);
    expect(pacer.currentRpm!).toBeGreaterThan(cut);
    expect(pacer.currentRpm!).toBeLessThanOrEqual(600);
  });

  it('unlimited: grows 0.5% of its pace a second, and a refusal sent before the cut does not cut again', async () => {
    const { t, pacer, ok } = setup();
    for (let i = 0; i < 30; i++) await ok(100);
    const early = await pacer.acquire();
    t.now += 5;
    const sent = await pacer.acquire();
    t.now += 5;
    pacer.refused(refusal('0.1'), sent, 0);
    const cut = pacer.currentRpm!;
    // 30 accepted in 3 s (600 a minute), refused with a short wait: just under what it served.
    expect(cut).toBeCloseTo((30 / 3.01) * 60 * STEADY_BACKOFF, 0);
    await ok(1);
    const after = pacer.currentRpm;
    // The earlier request's refusal (even a bare one, which would cut by 30%) belongs to the same episode.
    pacer.refused({ statusCode: 503, headers: {} }, early, 0);
    expect(pacer.currentRpm).toBe(after);
    const from = t.now;
    while (t.now - from < 20_000) await ok(1);
    // 20 s at the pace: +10% of it (additive, so close to linear).
    expect(pacer.currentRpm! / cut).toBeGreaterThan(1.09);
    expect(pacer.currentRpm! / cut).toBeLessThan(1.11);
  });

  it('without Retry-After backs off by 30% and waits by the retry policy; gives up after maxRetries in a row', async () => {
    const { pacer, ok, resends } = setup(600);
    for (let i = 0; i < 12; i++) await ok(10);
    let sent = await pacer.acquire();
    expect(pacer.refused({ statusCode: 503, headers: {} }, sent, 0)).toBe(500);
    expect(pacer.currentRpm).toBeCloseTo(420, 0);
    sent = await pacer.acquire(undefined, true);
    expect(pacer.refused(refusal('0'), sent, 1)).toBe(1000); // Retry-After: 0 waits the base delay
    sent = await pacer.acquire(undefined, true);
    expect(pacer.refused(refusal('2'), sent, 3)).toBeNull();
    expect(pacer.refused(refusal('900'), sent, 0)).toBeNull(); // beyond reason: the run's policy decides
    expect(resends).toEqual([]);
  });

  it('follows RateLimit headers: spreads what is left over the reset, pauses when nothing is', async () => {
    const { t, waits, pacer, ok } = setup();
    await ok(10, { 'ratelimit-limit': '100', 'ratelimit-remaining': '10', 'ratelimit-reset': '5' });
    expect(pacer.currentRpm).toBe(120);
    expect(pacer.explain()!.changes[0]!.why).toMatch(/RateLimit headers \(10 left, reset in 5\.0 s\)/);
    await ok(10, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor((Date.now() + 60_000) / 1000)) });
    const before = t.now;
    await pacer.acquire();
    expect(waits.at(-1)).toBeGreaterThan(58_000);
    expect(t.now - before).toBeGreaterThan(58_000);
  });

  it('cuts by a tenth when answers slow to four times the best', async () => {
    const { pacer, ok } = setup(600);
    for (let i = 0; i < 12; i++) await ok(20);
    expect(pacer.currentRpm).toBe(600);
    for (let i = 0; i < 12 && pacer.currentRpm === 600; i++) await ok(900);
    expect(pacer.currentRpm).toBeCloseTo(540, 0);
    expect(pacer.explain()!.changes.at(-1)!.why).toMatch(/answers slowed to \d+ ms \(best 20 ms\)/);
  });

  it('cuts from what this run was served, not from an average over earlier runs and the idle time between', async () => {
    const { t, pacer, ok } = setup();
    for (let i = 0; i < 200; i++) await ok(10);
    t.now += 3_600_000; // an hour until the next run
    pacer.beginRun(nextRun);
    const start = t.now;
    for (let i = 0; i < 12; i++) await ok(10);
    let served = 12;
    for (let i = 0; i < 20 && pacer.currentRpm === null; i++, served++) await ok(900);
    // A tenth under the rate of this run's answers (requests one after another); over both runs and the hour it was ~3.
    expect(pacer.currentRpm).toBeCloseTo(0.9 * served * (60_000 / (t.now - start)), 0);
    expect(pacer.currentRpm).toBeGreaterThan(300);
  });

  it('starts the next run from before the cuts for slow answers, but keeps what a refusal taught', async () => {
    const slowRun = async (p: Pacer, ok: (took: number) => Promise<void>) => {
      for (let i = 0; i < 12; i++) await ok(20);
      for (let i = 0; i < 40; i++) await ok(900);
    };
    // Unpaced: a slow stretch paces the run (twice over here), the next run is unpaced again and judges afresh.
    const free = setup();
    await slowRun(free.pacer, free.ok);
    expect(free.pacer.explain()!.changes.length).toBeGreaterThanOrEqual(2);
    expect(free.pacer.currentRpm).not.toBeNull();
    free.pacer.beginRun(nextRun);
    expect(free.pacer.currentRpm).toBeNull();
    expect(free.pacer.explain()!.why).toMatch(/no configured limit/);
    for (let i = 0; i < 3; i++) await free.ok(900); // too few answers of this run to call them slow
    expect(free.pacer.currentRpm).toBeNull();

    // A refusal after the slow cut: its lesson carries over to the next run.
    const capped = setup(600);
    await slowRun(capped.pacer, capped.ok);
    const sent = await capped.pacer.acquire();
    capped.t.now += 10;
    capped.pacer.refused({ statusCode: 503, headers: {} }, sent, 0);
    const taught = capped.pacer.currentRpm!;
    expect(taught).toBeLessThan(600);
    capped.pacer.beginRun(nextRun);
    expect(capped.pacer.currentRpm).toBe(taught);
    expect(capped.pacer.explain()!.why).toMatch(/an earlier run learned/);
  });
});

describe('rate signals in headers', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads the draft, the combined field and the X- family (reset as seconds or a Unix time)', () => {
    expect(readRateSignal({ 'ratelimit-limit': '120', 'ratelimit-remaining': '7', 'ratelimit-reset': '30' }, now)).toEqual({ limit: 120, remaining: 7, resetMs: 30_000 });
    expect(readRateSignal({ ratelimit: 'limit=100, remaining=50, reset=5' }, now)).toEqual({ limit: 100, remaining: 50, resetMs: 5000 });
    expect(readRateSignal({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(now / 1000 + 12) }, now)).toEqual({ limit: null, remaining: 3, resetMs: 12_000 });
    expect(readRateSignal({ 'x-ratelimit-remaining': '3' }, now)).toBeNull();
    expect(readRateSignal({ 'ratelimit-remaining': 'many', 'ratelimit-reset': '1' }, now)).toBeNull();
  });
});
