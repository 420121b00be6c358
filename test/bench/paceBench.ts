// Adaptive pace (`npm run bench -- --only pace`): a full sync with no configured limit against a fake vendor that
// enforces a limit it does not publish, compared with the fastest the vendor allows. The window is scaled down from
// a minute (120 requests a minute becomes 120 per `windowMs`) so each case runs in well under a minute; the vendor
// then says Retry-After and reset to the millisecond, the precision whole seconds have against a real minute.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { faultySourceConfig } from '../fixtures/faultySource.js';
import { startLimitedVendor, type LimitedVendorOptions } from '../fixtures/limitedVendor.js';
import { printTable } from './stats.js';

export interface PaceCase {
  name: string;
  vendor: Omit<LimitedVendorOptions, 'records'>;
}

export interface PaceOutcome {
  case: string;
  requests: number;
  refused: number;
  refusedShare: number;
  seconds: number;
  idealSeconds: number;
  burstBound: number;
  overIdeal: number;
  endRpm: number | null;
  status: string;
  pass: boolean;
}

const PAGE = 10;

/**
 * The cases: the vendor's Retry-After alone, its RateLimit headers, and a bare 429 from a sliding window and from a
 * fixed one whose window began 40% of a window before the sync (so the first burst comes late in it).
 */
export function paceCases(limit: number, windowMs: number): (PaceCase & { judged: boolean })[] {
  return [
    { name: '429 + Retry-After (sliding window)', vendor: { limit, windowMs, exact: true }, judged: true },
    { name: 'RateLimit-* headers (fixed window)', vendor: { limit, windowMs, exact: true, headers: true }, judged: true },
    { name: 'bare 429 (sliding window)', vendor: { limit, windowMs, retryAfter: false }, judged: true },
    {
      name: 'bare 429 (fixed window, 40% in)',
      vendor: { limit, windowMs, retryAfter: false, fixed: true, phaseMs: windowMs * 0.4 },
      judged: true,
    },
  ];
}

export async function paceCase(c: PaceCase, pages: number, judged: boolean): Promise<PaceOutcome> {
  const vendor = await startLimitedVendor({ ...c.vendor, records: pages * PAGE });
  const dir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'syncflow-pace-'));
  const engine = await Engine.open({
    dataDir: dir,
    fileLogs: false,
    config: syncflowConfig.parse({
      sources: [
        faultySourceConfig('vendor', vendor.url, {
          pagination: { type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: PAGE, totalPath: 'total' },
        }),
      ],
      resilience: { maxRetries: 8 },
      syncOnStart: false,
    }),
  });
  try {
    const started = performance.now();
    const [run] = await engine.syncNow({ full: true });
    const seconds = (performance.now() - started) / 1000;
    const detail = await engine.getRun({ id: run!.id, logLimit: 1 });
    if (process.env.PACE_DEBUG) process.stdout.write(detail!.explanationText.join('\n') + '\n');
    const requests = vendor.accepted + vendor.refused;
    // The limit's own time: requests ÷ (limit per window). A client that bursts each window's allowance at once
    // can beat it by one window (`burstBound`); that gap shrinks as syncs grow longer.
    const idealSeconds = (vendor.accepted / c.vendor.limit) * (c.vendor.windowMs / 1000);
    const burstBound = (Math.max(0, vendor.accepted - c.vendor.limit) / c.vendor.limit) * (c.vendor.windowMs / 1000);
    const overIdeal = seconds / idealSeconds - 1;
    const refusedShare = vendor.refused / requests;
    return {
      case: c.name,
      requests,
      refused: vendor.refused,
      refusedShare,
      seconds,
      idealSeconds,
      burstBound,
      overIdeal,
      endRpm: detail?.explanation?.pace?.endRpm ?? null,
      status: run!.status,
      pass: !judged || (run!.status === 'succeeded' && overIdeal <= 0.1 && refusedShare < 0.02),
    };
  } finally {
    await engine.close();
    await vendor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function paceBench(opts: { limit?: number; windowMs?: number; pages?: number } = {}): Promise<PaceOutcome[]> {
  const limit = opts.limit ?? 120;
  const windowMs = opts.windowMs ?? 6000;
  const pages = opts.pages ?? 600;
  process.stdout.write(
    `\nAdaptive pace: ${pages} pages of ${PAGE} with no configured limit; the vendor allows ${limit} requests per ${windowMs / 1000} s ` +
      `(120 a minute scaled ${60_000 / windowMs}x) and refuses the rest with 429\n`,
  );
  const out: PaceOutcome[] = [];
  const only = process.env.PACE_CASES?.split(',').map(Number);
  for (const [i, c] of paceCases(limit, windowMs).entries()) if (!only || only.includes(i + 1)) out.push(await paceCase(c, pages, c.judged));
  printTable('Adaptive pace, no configured limit', [
    ['case', 'requests', 'refused', 'time', 'ideal', 'vs ideal', 'burst bound', 'pace at end', 'verdict'],
    ...out.map((o) => [
      o.case,
      String(o.requests),
      `${o.refused} (${(o.refusedShare * 100).toFixed(2)}%)`,
      `${o.seconds.toFixed(1)} s`,
      `${o.idealSeconds.toFixed(1)} s`,
      `${o.overIdeal >= 0 ? '+' : ''}${(o.overIdeal * 100).toFixed(1)}%`,
      `${o.burstBound.toFixed(1)} s`,
      o.endRpm === null ? 'unpaced' : `${Math.round(o.endRpm)}/min`,
      paceCases(limit, windowMs).find((c) => c.name === o.case)!.judged ? (o.pass ? 'PASS' : 'FAIL') : 'reported',
    ]),
  ]);
  process.stdout.write(
    '  ideal = requests ÷ the hidden limit; burst bound = the first window free, then the limit (a client bursting each window)\n' +
      '  target: within 10% of ideal with under 2% of requests refused\n',
  );
  return out;
}
