// Backoff, Retry-After and the circuit breaker, with injected randomness and a controllable clock.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker, settleBreaker } from '../../src-main/engine/resilience/circuitBreaker.js';
import { backoffDelay, parseRetryAfter, realSleep, retryDelay } from '../../src-main/engine/resilience/retryPolicy.js';
import { massDeleteReason } from '../../src-main/engine/pipeline/fullSyncDeletes.js';
import { loadGot } from '../../src-main/engine/http/got.js';

// Real got errors, from the engine's own (lazily loaded) got, as the connectors get them.
const got = await loadGot();

const policy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

describe('backoff with full jitter', () => {
  it('doubles the ceiling per attempt: 1 s, 2 s, 4 s, 8 s at the top of the jitter', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4000);
  });

  it('never waits zero, so an unlucky draw cannot hot-loop', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(100);
  });

  it('is capped by maxDelayMs', () => {
    expect(backoffDelay(10, policy, () => 1)).toBe(30_000);
  });

  it('retries a network failure until the retries are used up, never a permanent error', async () => {
    // A real refused connection on loopback (port 9, discard), as got reports it.
    const network = await got('http://127.0.0.1:9/', { retry: { limit: 0 } }).catch((e: unknown) => e);
    expect(retryDelay(network, 0, policy, { random: () => 1 })).toBe(1000);
    expect(retryDelay(network, 3, policy, { random: () => 1 })).toBe(8000);
    expect(retryDelay(network, 4, policy)).toBeNull();
    expect(retryDelay(new Error('bad config'), 0, policy)).toBeNull();
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter(' 12 ', now)).toBe(12_000);
    expect(parseRetryAfter('1.25', now)).toBe(1250);
    // Numbers with anything around them are not seconds (nor dates).
    for (const odd of ['7s', 'x7']) expect(parseRetryAfter(odd, now), odd).toBeNull();
  });

  // A real 429 from a server on loopback, with the Retry-After it is given.
  let url = '';
  const server = createServer((req, res) => {
    const value = new URL(req.url ?? '/', 'http://x').searchParams.get('after');
    res.writeHead(429, value === null ? {} : { 'retry-after': value }).end();
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const refused = async (after: string | null) => {
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return got(url, { retry: { limit: 0 }, searchParams: after === null ? {} : { after } }).catch((e: unknown) => e);
  };

  it('honours the wait a 429 asks for, at least the base delay, and gives up on one beyond ten minutes', async () => {
    const at = { now, random: () => 1 };
    expect(retryDelay(await refused('3'), 0, policy, at)).toBe(3000);
    expect(retryDelay(await refused('0'), 0, policy, at)).toBe(1000);
    expect(retryDelay(await refused('Sun, 01 Mar 2026 12:00:20 GMT'), 0, policy, at)).toBe(20_000);
    expect(retryDelay(await refused('600'), 0, policy, at)).toBe(600_000);
    expect(retryDelay(await refused('601'), 0, policy, at)).toBeNull();
    // No header, or one that cannot be read: the usual backoff.
    expect(retryDelay(await refused(null), 2, policy, at)).toBe(4000);
    expect(retryDelay(await refused('soon'), 2, policy, at)).toBe(4000);
    // Retries used up: the header does not buy another.
    expect(retryDelay(await refused('3'), 4, policy, at)).toBeNull();
  });

  it('the real sleep waits and stops early when its run is cancelled', async () => {
    const started = Date.now();
    await realSleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const abort = new AbortController();
    const waiting = realSleep(60_000, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, fails fast, lets one probe through after the cool-down', () => {
    let t = 0;
    const b = new CircuitBreaker(3, 60_000, () => t);
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.snapshot()).toEqual({ state: 'open', consecutiveFailures: 3, openUntil: new Date(60_000).toISOString() });
    expect(b.tryAcquire()).toBe(false);

    t = 60_000;
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // one probe at a time
    b.onFailure(); // the probe failed: open again for a full cool-down
    expect(b.snapshot().state).toBe('open');
    expect(b.tryAcquire()).toBe(false);

    t = 120_000;
    expect(b.tryAcquire()).toBe(true);
    b.onSuccess();
    expect(b.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, openUntil: null });
  });

  it('a closed breaker lets every run through; a probe that ends without a verdict frees its slot', () => {
    let t = 0;
    const b = new CircuitBreaker(1, 1000, () => t);
    expect([b.tryAcquire(), b.tryAcquire(), b.tryAcquire()]).toEqual([true, true, true]);
    b.onFailure();
    t = 1000;
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.release(); // cancelled probe: neither closes nor re-opens
    expect(b.snapshot()).toEqual({ state: 'half-open', consecutiveFailures: 1, openUntil: new Date(1000).toISOString() });
    expect(b.tryAcquire()).toBe(true);
  });

  it("a run's status settles the breaker: failed counts, succeeded closes, anything else frees the probe", () => {
    let t = 0;
    const b = new CircuitBreaker(2, 1000, () => t);
    settleBreaker(b, 'failed');
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
    settleBreaker(b, 'needs_review');
    expect(b.snapshot().consecutiveFailures).toBe(1);
    settleBreaker(b, 'failed');
    expect(b.snapshot().state).toBe('open');
    t = 1000;
    expect(b.tryAcquire()).toBe(true);
    settleBreaker(b, 'cancelled');
    expect(b.snapshot().state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    settleBreaker(b, 'succeeded');
    expect(b.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, openUntil: null });
  });

  it('a success resets the count of consecutive failures', () => {
    const b = new CircuitBreaker(2, 1000, () => 0);
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    expect(b.state).toBe('closed');
  });
});

describe('mass-delete guard', () => {
  it('stops above the share, and when the source returns nothing where there were thousands', () => {
    expect(massDeleteReason({ live: 1000, seen: 900, missing: 100 }, 0.2)).toBeNull();
    expect(massDeleteReason({ live: 1000, seen: 700, missing: 300 }, 0.2)).toMatch(/delete 300 of 1000 records \(30\.0%/);
    expect(massDeleteReason({ live: 5000, seen: 0, missing: 5000 }, 1)).toMatch(/returned no records/);
    expect(massDeleteReason({ live: 10, seen: 10, missing: 0 }, 0)).toBeNull();
  });

  it('the share is inclusive, the empty-source rule starts at 1,000 records, and the message rounds the share', () => {
    expect(massDeleteReason({ live: 1000, seen: 800, missing: 200 }, 0.2)).toBeNull();
    expect(massDeleteReason({ live: 1000, seen: 799, missing: 201 }, 0.2)).toBe(
      'the sync would delete 201 of 1000 records (20.1%, above the 20% guard); nothing was deleted',
    );
    expect(massDeleteReason({ live: 1000, seen: 0, missing: 1000 }, 1)).toBe(
      'the source returned no records where the catalog has 1000; nothing was deleted',
    );
    expect(massDeleteReason({ live: 999, seen: 0, missing: 999 }, 1)).toBeNull();
    expect(massDeleteReason({ live: 3, seen: 1, missing: 2 }, 0.255)).toBe(
      'the sync would delete 2 of 3 records (66.7%, above the 26% guard); nothing was deleted',
    );
    expect(massDeleteReason({ live: 0, seen: 0, missing: 0 }, 0)).toBeNull();
  });
});
