// The chaos soak, short and with a fixed seed (the long one is `npm run chaos`): a real `syncflow sync` child behind
// a fault-injecting proxy, a vendor that edits and deletes while being paged, five SIGKILLs (one in a push to a REST
// target with a write in flight). The catalog must end equal to the vendor, record by record and field by field, and
// the target equal to the catalog with no version applied twice. No timing is asserted.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../chaos/faultProxy.js';
import { formatReport, runSoak } from '../chaos/soak.js';

describe('chaos soak (short, seeded)', () => {
  it('survives five kills among network faults and vendor changes with an exact copy, pushed on exactly', async () => {
    const report = await runSoak({ size: 3000, kills: 5, seed: 20261202, durationMs: 0, faultRate: 0.2, baseline: false });
    const summary = formatReport(report).join('\n');
    expect(report.kills, summary).toBe(5);
    expect(report.killsByMoment.push, summary).toBeGreaterThanOrEqual(1);
    // The soak did inject trouble: faults of several kinds, vendor edits and deletes.
    expect(FAULT_KINDS.filter((k) => report.faults[k] > 0).length, summary).toBeGreaterThanOrEqual(3);
    expect(report.vendorEdits, summary).toBeGreaterThan(0);
    expect(report.vendorDeletes, summary).toBeGreaterThan(0);
    expect(report.retries, summary).toBeGreaterThan(0);
    const { lost, duplicated, wronglyDeleted, wronglyKept, stale, integrity } = report.verdict;
    expect({ lost, duplicated, wronglyDeleted, wronglyKept, stale, integrity }, summary).toEqual({
      lost: 0,
      duplicated: 0,
      wronglyDeleted: 0,
      wronglyKept: 0,
      stale: 0,
      integrity: 'ok',
    });
    const { lost: targetLost, stale: targetStale, extra, appliedTwice } = report.push.verdict;
    expect({ targetLost, targetStale, extra, appliedTwice }, summary).toEqual({ targetLost: 0, targetStale: 0, extra: 0, appliedTwice: 0 });
    // Every record of the catalog (3,000 less the vendor's deletes) was written, plus what the killed push wrote.
    expect(report.push.writes, summary).toBeGreaterThan(3000 - report.vendorDeletes);
  }, 300_000);
});
