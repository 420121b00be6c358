// The adaptive pace against fake vendors that enforce a limit they do not publish (429 + Retry-After in whole
// seconds) or publish in RateLimit headers; and a run's explanation read back through the contract and the CLI.
import { afterEach, describe, expect, it } from 'vitest';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { faultySourceConfig, startFaultySource, type FaultySource } from '../fixtures/faultySource.js';
import { startLimitedVendor, type LimitedVendor } from '../fixtures/limitedVendor.js';
import { runCli } from '../helpers/cli.js';

const paging = (pageSize: number) => ({ type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize, totalPath: 'total' });

describe('adaptive pace', () => {
  let vendor: LimitedVendor | undefined;
  let faulty: FaultySource | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    await vendor?.close();
    await faulty?.close();
    h = undefined;
    vendor = undefined;
    faulty = undefined;
  });

  it('learns a hidden limit from 429s and their Retry-After, and ends with an exact copy', async () => {
    // 20 requests a second at most; 80 pages of 5 records, no configured limit.
    vendor = await startLimitedVendor({ records: 400, limit: 20, windowMs: 1000 });
    h = await openSource(faultySourceConfig('paced', vendor.url, { pagination: paging(5) }));
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 400 } });
    expect(h.engine.catalog.count('paced')).toBe(400);
    // The limit was met, refused requests were sent again by the pacer (never a failed or restarted listing).
    expect(vendor.refused).toBeGreaterThan(0);
    expect(run.retries).toBe(vendor.refused);
    expect(run.requests).toBe(vendor.accepted + vendor.refused);
    const detail = (await h.engine.getRun({ id: run.id, logLimit: 10 }))!;
    const pace = detail.explanation!.pace!;
    expect(pace).toMatchObject({ startRpm: null, configuredRpm: null, refusals: vendor.refused, resent: vendor.refused });
    // It settled near the hidden 1,200 a minute, not over it by more than its probing step.
    expect(pace.endRpm).not.toBeNull();
    expect(pace.endRpm!).toBeLessThan(1200 * 1.1);
    expect(pace.changes[0]!.why).toMatch(/^HTTP 429 after \d+ accepted request\(s\)/);
    // Once learned, the limit is rarely met again: most requests went through the first time.
    expect(vendor.refused).toBeLessThan(vendor.accepted / 10);
    expect(detail.explanationText.join('\n')).toMatch(/Pace: it started unpaced \(no configured limit/);
  });

  it.each([
    ['sliding', {}],
    ['fixed', { fixed: true, phaseMs: 400 }],
  ])('learns a hidden %s window from bare 429s alone (no Retry-After, no headers), and ends with an exact copy', async (_kind, shape) => {
    // 10 requests per second at most, said by nothing but refusals; 60 pages of 5 records, no configured limit.
    vendor = await startLimitedVendor({ records: 300, limit: 10, windowMs: 1000, retryAfter: false, ...shape });
    h = await openSource(faultySourceConfig('bare', vendor.url, { pagination: paging(5) }));
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 300 } });
    expect(h.engine.catalog.count('bare')).toBe(300);
    expect(run.retries).toBe(vendor.refused);
    const pace = (await h.engine.getRun({ id: run.id, logLimit: 10 }))!.explanation!.pace!;
    // (Answers slowed by a loaded machine may have cut the pace before the first refusal: that is noted too.)
    expect(pace.changes.some((c) => /^HTTP 429 without Retry-After after \d+ accepted request\(s\) in [\d.]+ s: the source's window is full/.test(c.why))).toBe(true);
    expect(pace.changes.some((c) => /^a request [\d.]+ s after the \d+(st|nd|rd|th) before it was accepted/.test(c.why))).toBe(true);
    // The first burst fills the window (its refusal and the one in flight with it: 2), probes at gaps growing
    // threefold from the burst's time (at most 3 refused before one passes 1 s), halving to 5% (at most 5); against
    // a fixed window a late burst adds a lone refusal and steps of 5%, 15%, 45%, 135% (at most 5), twice at most in
    // the six windows the sync takes.
    expect(vendor.refused).toBeLessThanOrEqual(2 + 3 + 5 + 2 * 5);
    // Every wait the pacer asked for is bounded by what it learned: no request waits on another's answer.
    for (const r of pace.retries) expect(r.waitMs).toBeLessThanOrEqual(3 * 1000 + 250);
  });

  it('follows the RateLimit headers a vendor sends and is never refused', async () => {
    vendor = await startLimitedVendor({ records: 300, limit: 15, windowMs: 1000, headers: true });
    h = await openSource(faultySourceConfig('headed', vendor.url, { pagination: paging(5) }));
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 300 }, retries: 0 });
    expect(vendor.refused).toBe(0);
    const pace = (await h.engine.getRun({ id: run.id, logLimit: 1 }))!.explanation!.pace!;
    expect(pace.changes[0]!.why).toMatch(/RateLimit headers/);
    expect(pace.endRpm!).toBeLessThanOrEqual(900);
  });

  it('a run explains its strategy, retries, quarantine by rule and proven deletes; the CLI prints it', async () => {
    faulty = await startFaultySource(30);
    const keyset = { type: 'keyset', keyPath: 'id', keyParam: 'after', sizeParam: 'limit', pageSize: 10 };
    h = await openSource(
      faultySourceConfig('told', faulty.url, {
        pagination: keyset,
        validation: [{ field: 'price', max: 25.5 }],
        request: { requestsPerMinute: 6000 },
      }),
    );
    await h.sync(true);
    faulty.records.delete('R000003');
    faulty.records.delete('R000004');
    faulty.faults.push({ kind: 'ok' }, { kind: 'status', status: 502 });
    const run = await h.sync(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 2, quarantined: 5 } });
    const detail = (await h.engine.getRun({ id: run.id, logLimit: 50 }))!;
    const e = detail.explanation!;
    expect(e.strategy).toEqual({ chosen: 'full', reason: 'full sync requested' });
    expect(e.retries).toEqual([{ cause: expect.stringMatching(/^\[server\] .*502/), waitMs: expect.any(Number), fromRecord: 10 }]);
    expect(e.quarantined).toEqual([{ rule: 'max:price', count: 5, example: expect.stringMatching(/^price: /) }]);
    expect(e.deletes).toEqual({ count: 2, proof: 'proven by absence from a listing that cannot skip records', skipped: null, review: null });
    expect(e.pace).toMatchObject({ configuredRpm: 6000, startRpm: 6000, why: 'the configured limit of 6000 requests a minute', refusals: 0 });

    const cli = await runCli(['runs', '--id', String(run.id), '--explain', '--data-dir', h.dir]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('It ran as a full sync because of this: full sync requested.');
    expect(cli.stdout).toMatch(/1 retry, [\d.]+ s of waiting in all:\n {2}after \[server\] .*502.*, waited [\d.]+ s \(listing resumed at record 10\)\./);
    expect(cli.stdout).toContain('5 records were quarantined:\n  5 by rule max:price (for example: price: ');
    expect(cli.stdout).toContain('2 records were deleted, proven by absence from a listing that cannot skip records.');
    expect(cli.stdout).toContain('Pace: it started 6000 requests a minute (the configured limit of 6000 requests a minute)');
    const bad = await runCli(['runs', '--explain', '--data-dir', h.dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--explain: name the run with --id N/);
  });
});
