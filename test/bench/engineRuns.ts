// The engine's runs for the sync figures: a full sync of N into an empty catalog, a full-strategy re-sync after 1% of
// the source changed, and an incremental one after another 1%, each timed with its peak RSS and event-loop delay.
// They run in a fresh process (engineChild.ts), as the engine runs in the desktop app's main process, so the
// figures carry none of the memory the store figures left behind in the bench process.
import { demoAccountFields } from '../../src-main/engine/connectors/ploomes.js';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import got from 'got';
import { syncflowConfig } from '../../src-shared/config.js';
import type { SyncRun } from '../../src-shared/domain.js';
import type { PaceExplanation } from '../../src-shared/runExplanation.js';
import { Engine } from '../../src-main/engine/engine.js';
import { tuneEngineHeap } from '../../src-main/engine/heapTuning.js';
import { fmt } from './stats.js';

/** The key the sources read through `${env:…}`, as a real config would. */
export const KEY_VAR = 'SYNCFLOW_BENCH_USER_KEY';
const MB = 2 ** 20;

export interface Measured<T> {
  value: T;
  ms: number;
  /** CPU time of this process, every thread (user + system): what the wall time is made of on a loaded machine. */
  cpuMs: number;
  /** CPU time of another process meanwhile (the demo server), when a pid was given and /proc has it. */
  otherCpuMs: number | null;
  rssStartMb: number;
  peakRssMb: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

/** A full garbage collection, so a figure's RSS does not carry what the store figures left behind. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** CPU time (user + system) of a process from /proc (Linux), in ms; null where it cannot be read. */
export function procCpuMs(pid: number): number | null {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, counted after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Wall time, CPU time, peak RSS (sampled every 50 ms) and main event-loop delay while `fn` runs. */
export async function measured<T>(fn: () => Promise<T>, otherPid?: number): Promise<Measured<T>> {
  collectGarbage();
  const eld = monitorEventLoopDelay({ resolution: 10 });
  const rssStart = process.memoryUsage.rss();
  let peak = rssStart;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  eld.enable();
  const otherStart = otherPid === undefined ? null : procCpuMs(otherPid);
  const cpuStart = cpuNow();
  const t = process.hrtime.bigint();
  try {
    const value = await fn();
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const cpuMs = cpuNow() - cpuStart;
    const otherEnd = otherPid === undefined ? null : procCpuMs(otherPid);
    const otherCpuMs = otherStart === null || otherEnd === null ? null : otherEnd - otherStart;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, ms, cpuMs, otherCpuMs, rssStartMb: rssStart / MB, peakRssMb: peak / MB, eventLoopP99Ms: eld.percentile(99) / 1e6, eventLoopMaxMs: eld.max / 1e6 };
  } finally {
    eld.disable();
    clearInterval(timer);
  }
}

export interface TimedRun {
  run: SyncRun;
  /** What the source's adaptive pace did in the run (from its explanation): a paced run waits, whatever the CPU. */
  pace: PaceExplanation | null;
  /** From syncNow to the first committed page, to the last one; what follows is the run's end (deletes, index build). */
  firstPageMs: number;
  lastPageMs: number;
}

export async function syncOnce(engine: Engine, full: boolean): Promise<TimedRun> {
  const t = performance.now();
  let firstPageMs = NaN;
  let lastPageMs = NaN;
  const off = engine.events.on('progress', () => {
    lastPageMs = performance.now() - t;
    if (Number.isNaN(firstPageMs)) firstPageMs = lastPageMs;
  });
  try {
    const [run] = await engine.syncNow({ full });
    if (!run) throw new Error('syncNow returned no run');
    if (run.status !== 'succeeded') throw new Error(`sync ${run.status}: ${run.error?.class ?? ''} ${run.error?.message ?? ''}`);
    const pace = (await engine.getRun({ id: run.id, logLimit: 1 }))?.explanation?.pace ?? null;
    return { run, pace, firstPageMs, lastPageMs };
  } finally {
    off();
  }
}

export const runSummary = (m: Measured<TimedRun>) => ({
  id: m.value.run.id,
  strategy: m.value.run.strategy,
  strategyReason: m.value.run.strategyReason,
  durationMs: m.value.run.durationMs,
  pages: m.value.run.pages,
  counts: m.value.run.counts,
  firstPageMs: m.value.firstPageMs,
  lastPageMs: m.value.lastPageMs,
  afterLastPageMs: m.ms - m.value.lastPageMs,
  pace: m.value.pace,
});

/** The pace of a run in one cell: unpaced, or start → end requests a minute (slowest) and how often it changed. */
export const paceCell = (m: Measured<TimedRun>): string => {
  const p = m.value.pace;
  if (!p) return 'n/a';
  const rpm = (r: number | null) => (r === null ? 'unpaced' : String(Math.round(r)));
  return p.changes.length === 0 && p.startRpm === null ? 'unpaced' : `${rpm(p.startRpm)} → ${rpm(p.endRpm)} (min ${rpm(p.minRpm)}; ${p.changes.length} changes)`;
};

/** Where a run's time went: before the first page, paging, after the last page (the run's end). */
export const phases = (m: Measured<TimedRun>) => [fmt(m.value.firstPageMs, 0), fmt(m.value.lastPageMs - m.value.firstPageMs, 0), fmt(m.ms - m.value.lastPageMs, 0)];
export const phaseHeads = ['to 1st page ms', 'paging ms', 'after last page ms'];

export async function openEngine(dataDir: string, source: Record<string, unknown>): Promise<Engine> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const config = syncflowConfig.parse({ sources: [source], syncOnStart: false });
  tuneEngineHeap(); // as the app's entry points do
  return Engine.open({ dataDir, config, fileLogs: false });
}


/** Changes `count` products on the demo server (POST /__demo/mutate, at most 50,000 a call); returns how many it changed. */
export async function mutate(url: string, userKey: string, count: number): Promise<number> {
  let changed = 0;
  for (let left = count; left > 0; ) {
    const k = Math.min(left, 50_000);
    const res = await got
      .post(`${url}/__demo/mutate`, { headers: { 'User-Key': userKey }, searchParams: { count: k } })
      .json<{ ids: number[] }>();
    changed += res.ids.length;
    left -= k;
  }
  return changed;
}

export interface EngineRunsInput {
  dataDir: string;
  url: string;
  userKey: string;
  n: number;
  /** The demo server's pid, for its CPU time during each run. */
  serverPid?: number;
}

export interface EngineRunsResult {
  full: Measured<TimedRun>;
  mutated1: number;
  resync: Measured<TimedRun>;
  mutated2: number;
  incremental: Measured<TimedRun>;
}

export async function engineRuns(input: EngineRunsInput): Promise<EngineRunsResult> {
  process.env[KEY_VAR] = input.userKey;
  const engine = await openEngine(input.dataDir, {
    name: 'ploomes',
    kind: 'ploomes',
    // The throughput figures measure the engine behind six pages in flight, as before keyset paging.
    paging: 'offset',
    baseUrl: input.url,
    apiKey: `\${env:${KEY_VAR}}`,
    pageSize: 300,
    // The demo is an account with its own custom-field keys; mapping them keeps the workload a real account's.
    mapping: demoAccountFields,
  });
  try {
    const k = Math.max(1, Math.floor(input.n / 100));
    const full = await measured(() => syncOnce(engine, false), input.serverPid);
    const mutated1 = await mutate(input.url, input.userKey, k);
    const resync = await measured(() => syncOnce(engine, true), input.serverPid);
    const mutated2 = await mutate(input.url, input.userKey, k);
    const incremental = await measured(() => syncOnce(engine, false), input.serverPid);
    return { full, mutated1, resync, mutated2, incremental };
  } finally {
    await closeEngine(engine);
  }
}

/**
 * Engine.close() awaits the exit of the WAL-checkpoint worker, which is unref'd (walCheckpointer.ts); with nothing
 * else holding the event loop the process exits before close() returns. A ref'd timer holds it until it does.
 */
export async function closeEngine(engine: Engine): Promise<void> {
  const hold = setInterval(() => undefined, 1000);
  try {
    await engine.close();
  } finally {
    clearInterval(hold);
  }
}
