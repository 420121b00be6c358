// Sync figures at N products (issue "Orchestration and resilience", Performance): the demo vendor API in a child
// process; fetch + parse alone; a full sync through the real Engine against the DB ingest limit measured by
// storeBench in the same run, with peak RSS and event-loop delay; the sqlite-utils peer; a 1%-changed re-sync by the
// full strategy and by the incremental cursor; and seed 004's rate-limited source against its theoretical minimum.
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoAccountMapping, selectFor } from '../../src-main/engine/connectors/ploomes.js';
import { buildMain, ensureSqliteUtils, startDemoChild, type DemoChild } from './benchSetup.js';
import {
  closeEngine,
  KEY_VAR,
  measured,
  openEngine,
  phaseHeads,
  phases,
  runSummary,
  syncOnce,
  type EngineRunsInput,
  type EngineRunsResult,
} from './engineRuns.js';
import { fetchAllPages } from './pageFetch.js';
import { peerBench, type PeerOutcome } from './peerBench.js';
import { fmt, printTable } from './stats.js';

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const MB = 2 ** 20;

/** The engine's runs in a fresh process (engineChild.ts), which inherits this one's tsx loader. */
function engineRunsInChild(input: EngineRunsInput): Promise<EngineRunsResult> {
  const child = fork(fileURLToPath(new URL('./engineChild.ts', import.meta.url)), [JSON.stringify(input)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { ok: true; result: EngineRunsResult } | { ok: false; message: string }) =>
      m.ok ? resolve(m.result) : reject(new Error(`engine runs failed: ${m.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`the engine process exited (${code}) without an answer`)));
  });
}

/** Seed 004: one request per 500 ms, pages of 100, 11,793 products, through a declarative `rest` source. */
async function rateLimitedBench(dir: string, userKey: string) {
  const size = 11_793;
  const pageSize = 100;
  const intervalMs = 500;
  const server = await startDemoChild(size);
  try {
    const engine = await openEngine(join(dir, 'sync-rate-limited'), {
      name: 'seed004',
      kind: 'rest',
      baseUrl: server.url,
      path: '/Products',
      headers: { 'User-Key': `\${env:${KEY_VAR}}` },
      query: { $orderby: 'Id', $count: 'true', $expand: 'OtherProperties,Family,Group', $select: selectFor(demoAccountMapping) },
      recordSelector: 'value',
      pagination: { type: 'offset', limitParam: '$top', offsetParam: '$skip', pageSize, totalPath: '@odata.count' },
      request: { minIntervalMs: intervalMs },
      mapping: demoAccountMapping,
    });
    try {
      process.env[KEY_VAR] = userKey;
      const before = (await server.stats()).requests;
      const m = await measured(() => syncOnce(engine, false));
      // The stats request that reads the counter counts itself.
      const requests = (await server.stats()).requests - before - 1;
      const expectedRequests = Math.ceil(size / pageSize);
      const minMs = (expectedRequests - 1) * intervalMs;
      return {
        size,
        pageSize,
        intervalMs,
        requests,
        expectedRequests,
        ms: m.ms,
        runDurationMs: m.value.run.durationMs,
        fetched: m.value.run.counts.fetched,
        minMs,
        ratio: m.ms / minMs,
      };
    } finally {
      await closeEngine(engine);
      rmSync(join(dir, 'sync-rate-limited'), { recursive: true, force: true });
    }
  } finally {
    await server.stop();
  }
}

export async function syncBench(dir: string, n: number, ingestLimitRowsPerSec: number) {
  process.stdout.write('\n');
  buildMain();
  const sqliteUtils = ensureSqliteUtils();
  let server: DemoChild | null = await startDemoChild(n);
  process.stdout.write(`setup: demo vendor API (child pid ${server.pid}) at ${server.url}, ${n.toLocaleString('en')} products; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on this machine skew the figures)\n`);
  try {
    const { url, userKey } = server;
    process.env[KEY_VAR] = userKey;

    // 2. Fetch + parse only.
    const fetchOnly = await measured(() => fetchAllPages(url, userKey, n));
    const fetchParse = {
      ms: fetchOnly.ms,
      records: fetchOnly.value.records,
      requests: fetchOnly.value.requests,
      mb: fetchOnly.value.bytes / MB,
      recordsPerSec: fetchOnly.value.records / (fetchOnly.ms / 1000),
    };
    printTable(`Fetch + parse only (got + JSON.parse, pages of 300, child-process server; ${n.toLocaleString('en')} products)`, [
      ['ms', 'records', 'requests', 'MB of JSON', 'records/s'],
      [fmt(fetchParse.ms, 0), fetchParse.records, fetchParse.requests, fmt(fetchParse.mb, 0), fmt(fetchParse.recordsPerSec, 0)],
    ]);

    // 3, 5, 6. Full sync of N through the real engine, then the 1%-changed re-syncs, in a fresh process.
    const engineResult = await engineRunsInChild({ dataDir: join(dir, 'sync'), url, userKey, n });
    rmSync(join(dir, 'sync'), { recursive: true, force: true });
    const { full: first, resync: second, incremental: third, mutated1: changed1, mutated2: changed2 } = engineResult;
    const rowsPerSec = n / (first.ms / 1000);
    const fullSync = {
      ms: first.ms,
      rowsPerSec,
      ingestLimitRowsPerSec,
      ratioToLimit: rowsPerSec / ingestLimitRowsPerSec,
      rssStartMb: first.rssStartMb,
      peakRssMb: first.peakRssMb,
      eventLoopP99Ms: first.eventLoopP99Ms,
      eventLoopMaxMs: first.eventLoopMaxMs,
      run: runSummary(first),
    };
    printTable(`Full sync through the Engine (fresh process; ploomes source → child server; map, validate, checksum, store, FTS)`, [
      ['ms', ...phaseHeads, 'created', 'rows/s', 'DB ingest limit rows/s', '% of limit (≥ 80)', '', 'RSS at start MB', 'peak RSS MB (≤ 300)', '', 'event-loop p99 ms (≤ 50)', '', 'event-loop max ms'],
      [
        fmt(fullSync.ms, 0), ...phases(first), first.value.run.counts.created, fmt(rowsPerSec, 0), fmt(ingestLimitRowsPerSec, 0),
        fmt(fullSync.ratioToLimit * 100), verdict(fullSync.ratioToLimit >= 0.8),
        fmt(first.rssStartMb, 0), fmt(first.peakRssMb, 0), verdict(first.peakRssMb <= 300),
        fmt(first.eventLoopP99Ms), verdict(first.eventLoopP99Ms <= 50), fmt(first.eventLoopMaxMs),
      ],
    ]);

    // 5. Re-sync with 1% changed, full strategy.
    const resync = {
      mutated: changed1,
      ms: second.ms,
      ratioToFetchParse: second.ms / fetchParse.ms,
      updatedOk: second.value.run.counts.updated === changed1,
      peakRssMb: second.peakRssMb,
      eventLoopP99Ms: second.eventLoopP99Ms,
      eventLoopMaxMs: second.eventLoopMaxMs,
      run: runSummary(second),
    };
    printTable('Re-sync with 1% changed, full strategy (syncNow({ full: true }))', [
      ['mutated', 'strategy', 'ms', ...phaseHeads, 'fetch+parse ms', '× fetch+parse (≤ 1.2)', '', 'updated', 'unchanged', 'updated = mutated', 'peak RSS MB', 'event-loop p99 ms', 'event-loop max ms'],
      [
        changed1, second.value.run.strategy, fmt(second.ms, 0), ...phases(second), fmt(fetchParse.ms, 0), fmt(resync.ratioToFetchParse, 2),
        verdict(resync.ratioToFetchParse <= 1.2), second.value.run.counts.updated, second.value.run.counts.unchanged,
        verdict(resync.updatedOk), fmt(second.peakRssMb, 0), fmt(second.eventLoopP99Ms), fmt(second.eventLoopMaxMs),
      ],
    ]);

    // 6. Incremental with 1% changed.
    const incremental = {
      mutated: changed2,
      ms: third.ms,
      ratioToFullSync: third.ms / fullSync.ms,
      strategyOk: third.value.run.strategy === 'incremental',
      updatedOk: third.value.run.counts.updated === changed2,
      eventLoopP99Ms: third.eventLoopP99Ms,
      eventLoopMaxMs: third.eventLoopMaxMs,
      run: runSummary(third),
    };
    printTable('Incremental sync with 1% changed (cursor LastUpdateDate; syncNow({ full: false }))', [
      ['mutated', 'strategy', '', 'ms', ...phaseHeads, 'fetched', 'updated', 'updated = mutated', '% of full sync (≤ 5)', ''],
      [
        changed2, third.value.run.strategy, verdict(incremental.strategyOk), fmt(third.ms, 0), ...phases(third), third.value.run.counts.fetched,
        third.value.run.counts.updated, verdict(incremental.updatedOk), fmt(incremental.ratioToFullSync * 100, 2),
        verdict(incremental.ratioToFullSync <= 0.05),
      ],
    ]);

    // 4. Peer: NDJSON + sqlite-utils insert.
    let peer: (PeerOutcome & { ratioDefault: number; ratioWal: number }) | { skipped: string };
    if (!sqliteUtils) {
      peer = { skipped: 'sqlite-utils is not installed and `apt-get install -y sqlite-utils` failed' };
      process.stdout.write(`\nPeer (sqlite-utils insert --nl --pk Id): SKIPPED: ${peer.skipped}\n`);
    } else {
      const p = await peerBench(sqliteUtils, dir, url, userKey, n);
      peer = { ...p, ratioDefault: fullSync.rowsPerSec / p.default.rowsPerSec, ratioWal: fullSync.rowsPerSec / p.wal.rowsPerSec };
      printTable(`Peer: pages → NDJSON (${fmt(p.ndjsonMb, 0)} MB, written in ${fmt(p.ndjsonWriteMs, 0)} ms, not counted), then sqlite-utils insert --nl --pk Id (insert timed)`, [
        ['journal', 'insert ms', 'rows', 'rows/s', 'Syncflow full sync rows/s', 'Syncflow ÷ peer', 'target', ''],
        ['default', fmt(p.default.ms, 0), p.default.rows, fmt(p.default.rowsPerSec, 0), fmt(fullSync.rowsPerSec, 0), fmt(peer.ratioDefault, 2), '≥ 3', verdict(peer.ratioDefault >= 3)],
        ['WAL', fmt(p.wal.ms, 0), p.wal.rows, fmt(p.wal.rowsPerSec, 0), fmt(fullSync.rowsPerSec, 0), fmt(peer.ratioWal, 2), '≥ 1.5', verdict(peer.ratioWal >= 1.5)],
      ]);
    }
    await server.stop();
    server = null;

    // 7. Rate-limited source.
    const rate = await rateLimitedBench(dir, userKey);
    printTable(`Rate-limited source (seed 004: rest, minIntervalMs ${rate.intervalMs}, pages of ${rate.pageSize}, ${rate.size.toLocaleString('en')} products)`, [
      ['requests', `expected`, 'fetched', 'ms', 'theoretical min ms', '× min (≤ 1.03)', ''],
      [rate.requests, rate.expectedRequests, rate.fetched, fmt(rate.ms, 0), rate.minMs, fmt(rate.ratio, 4), verdict(rate.ratio <= 1.03 && rate.requests === rate.expectedRequests)],
    ]);

    return { n, fetchParse, fullSync, resync, incremental, peer, rateLimited: rate };
  } finally {
    await server?.stop();
  }
}
