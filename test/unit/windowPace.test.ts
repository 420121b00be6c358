// The bare-429 window pace on a clock the test moves, against simulated vendors that count requests in a sliding or a
// fixed window and say nothing but 429: what it learns, how many refusals that costs, and that once learned the
// vendor's window is never overshot. Deterministic: no timers, no randomness.
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src-main/engine/connectors/pacer.js';
import type { Clock } from '../../src-main/engine/connectors/rateLimit.js';
import { CLOSE_ENOUGH, MARGIN, MARGIN_MS } from '../../src-main/engine/connectors/windowPace.js';

type Vendor = (arrivedAt: number) => boolean;

/** At most `n` accepted in any `w` ms (a sliding log); refused requests do not count. */
function sliding(n: number, w: number): Vendor {
  const log: number[] = [];
  return (t) => {
    while (log.length > 0 && log[0]! <= t - w) log.shift();
    if (log.length >= n) return false;
    log.push(t);
    return true;
  };
}

/** At most `n` accepted in each window [start + k·w, start + (k+1)·w). */
function fixed(n: number, w: number, start: number): Vendor {
  let k = -1;
  let count = 0;
  return (t) => {
    const window = Math.floor((t - start) / w);
    if (window !== k) {
      k = window;
      count = 0;
    }
    if (count >= n) return false;
    count++;
    return true;
  };
}

const bare = { statusCode: 429, headers: {} };

/**
 * One client sending `requests` requests one after another, each answered `latency` ms after it goes; a refused one
 * is sent again. `early`: the clock's timers fire a millisecond early (as Date.now() can show them).
 */
async function drive(vendor: Vendor, requests: number, o: { latency?: number; early?: boolean } = {}) {
  const latency = o.latency ?? 5;
  const t = { now: 1_000_000 };
  const clock: Clock = {
    now: () => t.now,
    sleep: async (ms) => {
      t.now += o.early && ms > 1 ? ms - 1 : ms;
    },
  };
  const pacer = new Pacer(null, clock);
  pacer.beginRun({ sleep: async () => {}, policy: { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 } });
  const start = t.now;
  const refusedAt: number[] = [];
  for (let i = 0; i < requests; i++) {
    for (let attempt = 0; ; attempt++) {
      const sent = await pacer.acquire(undefined, attempt > 0);
      t.now += latency;
      if (vendor(sent.sentAt)) {
        pacer.answered(sent, {});
        break;
      }
      refusedAt.push(i);
      expect(pacer.refused(bare, sent, attempt)).toBe(0);
    }
  }
  return { pacer, seconds: (t.now - start) / 1000, refusedAt };
}

describe('bare-429 window pace', () => {
  it('learns a sliding window: its allowance exactly, its length within 5% above, in a few refusals', async () => {
    const { pacer, seconds, refusedAt } = await drive(sliding(120, 6000), 1200);
    const w = pacer.window;
    expect(w.limit).toBe(120);
    expect(w.hi).toBeGreaterThanOrEqual(6000);
    expect(w.hi).toBeLessThanOrEqual(6000 / (1 - CLOSE_ENOUGH));
    // The first two refusals, probes growing threefold from the burst's own time, then halving to 5%.
    expect(refusedAt.length).toBeLessThanOrEqual(10);
    // Learned in the first windows; never refused after.
    expect(Math.max(...refusedAt)).toBeLessThanOrEqual(480);
    // 1,200 requests at 120 per 6 s: 60 s by the limit, 54 s bursting each window's allowance; on this clock it is
    // within the 5% bound plus the margin of that, the first window's probing aside.
    const gap = 6000 / (1 - CLOSE_ENOUGH);
    expect(seconds).toBeLessThanOrEqual((9 * (gap + Math.max(MARGIN_MS, gap * MARGIN)) + 2 * 6000) / 1000);
    const e = pacer.explain()!;
    expect(e.refusals).toBe(refusedAt.length);
    expect(e.changes[0]!.why).toMatch(/^HTTP 429 without Retry-After after 120 accepted request\(s\) in 0\.60 s: the source's window is full/);
    expect(e.changes[1]!.why).toMatch(/^a request [\d.]+ s after the 120th before it was accepted: the source allows about 120 requests per [\d.]+ s$/);
    expect(e.endRpm!).toBeLessThanOrEqual(1200);
    // Every wait it asked for was bounded by what it had learned: the longest is one probe's gap.
    expect(pacer.longestWindowWait).toBeLessThanOrEqual(w.hi * 3);
  });

  it.each([0, 0.4, 0.7, 0.9])('learns a fixed window whose first burst comes %s of a window in; refusals stop', async (phase) => {
    const t0 = 1_000_000;
    const { pacer, refusedAt } = await drive(fixed(120, 6000, t0 - phase * 6000), 2400);
    // A first burst that ends past a boundary (0.9: 600 ms of requests 5.4 s in) counts two windows; the next burst
    // is refused in its middle and the allowance comes down to what it got.
    expect(pacer.window.limit).toBe(120);
    // Lower bounds come only from refusals, so they are sound: under the window.
    expect(pacer.window.lo).toBeLessThan(6000);
    // Refused requests (two in a row) teach 5%, 15%, 45%… steps above lo: bounded, and none once the gap held covers
    // the window.
    expect(refusedAt.length).toBeLessThanOrEqual(24);
    expect(Math.max(...refusedAt)).toBeLessThan(1600);
  });

  it('a lone refusal (no rate behind it) teaches nothing: a 250 ms pause before anything is learned, none after', async () => {
    // No limit at all, but every 50th request refused: never two in a row.
    let n = 0;
    const { pacer, seconds, refusedAt } = await drive(() => ++n % 50 !== 0, 1000);
    expect(refusedAt.length).toBe(20);
    expect(pacer.window.limit).toBeNull();
    expect(pacer.currentRpm).toBeNull();
    // 1,000 accepted requests of 5 ms; each refused one is followed by a pause to 250 ms after it went.
    expect(seconds).toBeCloseTo((1000 * 5 + 20 * 250) / 1000, 3);
    // Once a window is learned, a lone refusal of a request the rule let through changes nothing either.
    let m = 0;
    const limited = sliding(120, 6000);
    const r = await drive((at) => (++m < 600 || m % 100 !== 0) && limited(at), 1200);
    expect(r.pacer.window.limit).toBe(120);
    expect(r.pacer.explain()!.changes.some((c) => /middle of a burst|window looked over/.test(c.why))).toBe(false);
  });

  it('a timer that fires a millisecond early neither hangs nor breaks the window', async () => {
    const { pacer, refusedAt } = await drive(sliding(20, 1000), 300, { early: true });
    expect(pacer.window.limit).toBe(20);
    expect(pacer.window.hi).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...refusedAt)).toBeLessThan(150);
  });

  it('a vendor that refuses everything after its first burst is given up on once the next probe is beyond reason', async () => {
    let accepted = 0;
    const t = { now: 0 };
    const clock: Clock = { now: () => t.now, sleep: async (ms) => void (t.now += ms) };
    const pacer = new Pacer(null, clock);
    pacer.beginRun({ sleep: async () => {}, policy: { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 } });
    let outcome: number | null = 0;
    let refusals = 0;
    while (outcome !== null) {
      const sent = await pacer.acquire(undefined, refusals > 0);
      t.now += 5;
      if (accepted < 10) {
        accepted++;
        pacer.answered(sent, {});
      } else {
        refusals++;
        outcome = pacer.refused(bare, sent, refusals);
      }
    }
    // Probes 3x further each time from 250 ms: it gives up once the next would wait more than 10 minutes.
    expect(refusals).toBeLessThanOrEqual(10);
    expect(refusals).toBeGreaterThan(3);
  });

  it('a bare 503 and a 429 with Retry-After keep the AIMD cut; the window learns nothing from them', async () => {
    const t = { now: 0 };
    const clock: Clock = { now: () => t.now, sleep: async (ms) => void (t.now += ms) };
    const pacer = new Pacer(600, clock);
    pacer.beginRun({ sleep: async () => {}, policy: { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 }, random: () => 0.5 });
    for (let i = 0; i < 12; i++) pacer.answered(await pacer.acquire(), {});
    expect(pacer.refused({ statusCode: 503, headers: {} }, await pacer.acquire(), 0)).toBe(500);
    expect(pacer.window.limit).toBeNull();
    expect(pacer.currentRpm).toBeCloseTo(420, 0);
  });
});
