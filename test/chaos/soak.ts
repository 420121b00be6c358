// The chaos soak: a real `syncflow sync` child process syncs the demo vendor through the fault-injecting proxy while
// the vendor edits and deletes records (between runs and while being paged), and is SIGKILLed at seeded moments:
// after a committed page, at a random instant in mid-page, and once the last page is in, while the search index is
// built. Once the catalog is loaded, every fourth kill lands in a `syncflow push` to a REST target (fakeTarget.ts),
// with a write in flight (applied at the target or not). A last full sync and an incremental (faults still on,
// vendor quiet) must then leave the catalog equal to the vendor, record by record and field by field, and a last
// push the target equal to the catalog, with no pushed version applied twice.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startDemoServer, type DemoServer } from '../../src-main/demo/demoServer.js';
import { DEMO_ID_BASE, mulberry32 } from '../../src-main/demo/demoCatalog.js';
import { demoAccountFields, demoAccountMapping } from '../../src-main/engine/connectors/ploomes.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { compareCatalog, type Verdict } from './compare.js';
import { compareTarget, startFakeTarget, type FakeTarget, type TargetVerdict } from './fakeTarget.js';
import { FAULT_KINDS, startFaultProxy, type FaultKind } from './faultProxy.js';

export interface SoakOptions {
  size: number;
  kills: number;
  seed: number;
  /** The kill phase stops here even if fewer kills were made (0: no limit). */
  durationMs: number;
  /** Chance that a listing request gets a fault. */
  faultRate: number;
  /** Time a clean sync of the same catalog first (the report compares). */
  baseline: boolean;
  log?: (line: string) => void;
}

export const KILL_MOMENTS = ['paging', 'mid-page', 'index-build', 'push'] as const;
export type KillMoment = (typeof KILL_MOMENTS)[number];

export interface SoakReport {
  options: Omit<SoakOptions, 'log'>;
  kills: number;
  killsByMoment: Record<KillMoment, number>;
  /** Index-build kills that landed while the search index was still incomplete. */
  killsDuringIndexBuild: number;
  runsCompleted: number;
  faults: Record<FaultKind, number>;
  vendorEdits: number;
  vendorDeletes: number;
  retries: number;
  verdict: Verdict;
  /** Pushes run (killed or not), writes the target received, and the target against the catalog at the end. */
  push: { runs: number; writes: number; verdict: TargetVerdict };
  finalRuns: string[];
  soakMs: number;
  cleanMs: number | null;
}


type Kill =
  | { moment: 'paging'; fraction: number }
  | { moment: 'mid-page'; afterMs: number }
  | { moment: 'index-build'; afterMs: number }
  | { moment: 'push'; arm: (fire: () => void) => void };

interface ChildResult {
  killed: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `syncflow <args>`, SIGKILLing it at the planned moment if it gets there. */
function runChild(args: string[], env: NodeJS.ProcessEnv, kill: Kill | null): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, SYNCFLOW_CONFIG: '', ...env } });
    let stdout = '';
    let stderr = '';
    let buffered = '';
    let armed = false;
    let timer: NodeJS.Timeout | undefined;
    const fire = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
    if (kill?.moment === 'push') kill.arm(fire);
    const arm = (ms: number) => {
      if (armed) return;
      armed = true;
      timer = setTimeout(fire, ms);
    };
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^progress \S+ run \d+ fetched (\d+)(?:\/(\d+))?/.exec(line);
        if (!m || !kill) continue;
        const fetched = Number(m[1]);
        const total = m[2] === undefined ? null : Number(m[2]);
        if (kill.moment === 'paging' && total !== null && fetched >= Math.ceil(kill.fraction * total)) fire();
        else if (kill.moment === 'mid-page') arm(kill.afterMs);
        else if (kill.moment === 'index-build' && total !== null && fetched >= total) arm(kill.afterMs);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, stdout, stderr });
    });
  });
}

/** Changes waiting for the target (`syncflow targets --json`). */
async function targetLag(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const r = await runChild(args, env, null);
  if (r.code !== 0) throw new Error(`syncflow targets failed:\n${r.stderr}`);
  return (JSON.parse(r.stdout) as { lag: number }[])[0]?.lag ?? 0;
}

function writeConfig(file: string, baseUrl: string, targetUrl?: string): void {
  // JSON is YAML: the demo account's custom-field mapping goes in as the operator would write it.
  const source = {
    name: 'big',
    kind: 'ploomes',
    baseUrl,
    apiKey: '${env:SYNCFLOW_CHAOS_KEY}',
    timeoutMs: 1500,
    maxRetries: 8,
    mapping: demoAccountFields,
  };
  // Pushed only when the soak says (pushAfterSync off), so every push is one it can kill.
  const target = { name: 'erp', kind: 'rest', baseUrl: targetUrl, path: '/products', batchSize: 100, timeoutMs: 5000, pushAfterSync: false };
  writeFileSync(
    file,
    `syncOnStart: false\nresilience: { baseDelayMs: 100, maxDelayMs: 1500 }\nsources:\n  - ${JSON.stringify(source)}\n` +
      (targetUrl ? `targets:\n  - ${JSON.stringify(target)}\n` : ''),
  );
}

function countRetries(dataDir: string): number {
  const dir = join(dataDir, 'logs');
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const f of readdirSync(dir)) n += (readFileSync(join(dir, f), 'utf8').match(/retry (?:\d+\/\d+|of the by-id check) in \d+ ms/g) ?? []).length;
  return n;
}

function searchIndexIncomplete(dbFile: string): boolean {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'fts_stale'").get()?.value === '1';
  } finally {
    db.close();
  }
}

async function cleanSync(size: number, seed: number): Promise<number> {
  const demo = await startDemoServer({ size, seed });
  const tmp = tempDir('syncflow-chaos-clean-');
  try {
    const config = join(tmp.dir, 'syncflow.yaml');
    writeConfig(config, demo.url);
    const started = Date.now();
    const r = await runChild(['sync', 'big', '--json', '--data-dir', join(tmp.dir, 'data'), '--config', config], { SYNCFLOW_CHAOS_KEY: demo.userKey }, null);
    if (r.code !== 0) throw new Error(`the clean sync failed:\n${r.stderr}`);
    return Date.now() - started;
  } finally {
    await demo.close();
    tmp.cleanup();
  }
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? (() => undefined);
  const cleanMs = opts.baseline ? await cleanSync(opts.size, opts.seed) : null;
  if (cleanMs !== null) log(`clean sync of ${opts.size} records: ${(cleanMs / 1000).toFixed(1)} s`);

  const random = mulberry32(opts.seed).next;
  const demo: DemoServer = await startDemoServer({ size: opts.size, seed: opts.seed });
  // Deletes stay well under the mass-delete guard (20%): the soak is about proof, not about that guard.
  const maxDeletes = Math.max(5, Math.floor(opts.size * 0.01));
  let edits = 0;
  let deletes = 0;
  let vendorActive = true;
  const vendorChanges = (maxEdit: number, maxDelete: number) => {
    edits += demo.mutate(Math.floor(random() * (maxEdit + 1))).length;
    const d = Math.min(maxDeletes - deletes, Math.floor(random() * (maxDelete + 1)));
    if (d > 0) deletes += demo.remove(d).length;
  };
  const proxy = await startFaultProxy({
    upstream: demo.url,
    random,
    rate: opts.faultRate,
    slowMs: 2500,
    onListing: () => {
      if (vendorActive && random() < 0.08) vendorChanges(3, random() < 0.3 ? 1 : 0);
    },
  });
  const target: FakeTarget = await startFakeTarget();
  const tmp = tempDir('syncflow-chaos-');
  const dataDir = join(tmp.dir, 'data');
  const dbFile = join(dataDir, 'catalog.db');
  const config = join(tmp.dir, 'syncflow.yaml');
  writeConfig(config, proxy.url, target.url);
  const env = { SYNCFLOW_CHAOS_KEY: demo.userKey };
  const base = ['sync', 'big', '--progress', '--json', '--data-dir', dataDir, '--config', config];
  const push = ['push', 'erp', '--json', '--data-dir', dataDir, '--config', config];
  let pushes = 0;
  let loadKills = 0;
  const started = Date.now();
  const killsByMoment = Object.fromEntries(KILL_MOMENTS.map((k) => [k, 0])) as Record<KillMoment, number>;
  let kills = 0;
  let killsDuringIndexBuild = 0;
  let runsCompleted = 0;
  let loaded = false;
  try {
    while (kills < opts.kills && (opts.durationMs === 0 || Date.now() - started < opts.durationMs)) {
      if (kills > 0) vendorChanges(10, 3);
      // A third of the kills land in the initial load (a bulk load: index-build kills land there); then it is let
      // finish, and the rest land in full passes over a loaded catalog (deletes to prove) and some incrementals.
      if (!loaded && kills >= Math.ceil(opts.kills / 3)) {
        const r = await runChild(base, env, null);
        runsCompleted++;
        loaded = r.code === 0;
        loadKills = kills;
        log(`initial load let finish: exit ${r.code}`);
        continue;
      }
      const lag = loaded && (kills - loadKills) % 4 === 0 ? await targetLag(['targets', '--json', ...push.slice(3)], env) : 0;
      if (lag > 0) {
        // A push killed at a write in flight: the n-th of those waiting, applied at the target first or not.
        const nth = 1 + Math.floor(random() * Math.min(lag, 400));
        const apply = random() < 0.5;
        pushes++;
        const result = await runChild(push, env, { moment: 'push', arm: (fire) => target.holdAt(nth, apply, fire) });
        target.release();
        if (result.killed) {
          kills++;
          killsByMoment.push++;
          log(`kill ${kills}/${opts.kills}: push, write ${nth} in flight${apply ? ' (applied)' : ''}`);
        } else {
          runsCompleted++;
          log(`push ended before its kill (write ${nth}), exit ${result.code}`);
        }
        if (result.killed || result.code !== 0) continue;
      }
      const full = loaded && random() < 0.7;
      const r = random();
      const moment: KillMoment = !loaded && r < 0.3 ? 'index-build' : r < 0.65 ? 'paging' : 'mid-page';
      const kill: Kill =
        moment === 'paging'
          ? { moment, fraction: 0.05 + 0.9 * random() }
          : moment === 'index-build'
            ? { moment, afterMs: Math.floor(random() * 400) }
            : { moment, afterMs: Math.floor(random() * 3000) };
      const result = await runChild(full ? [...base, '--full'] : base, env, kill);
      if (result.killed) {
        kills++;
        killsByMoment[moment]++;
        if (moment === 'index-build' && searchIndexIncomplete(dbFile)) killsDuringIndexBuild++;
        log(`kill ${kills}/${opts.kills}: ${moment}${full ? ' (full pass)' : ''}`);
      } else {
        runsCompleted++;
        if (result.code === 0) loaded = true;
        log(`run ended before its kill (${moment}), exit ${result.code}`);
      }
    }
    // The vendor goes quiet; the network stays as bad. A full pass then an incremental must leave an exact copy.
    vendorActive = false;
    const finalRuns: string[] = [];
    const finish = async (args: string[], what: string): Promise<string> => {
      for (let attempt = 1; ; attempt++) {
        const r = await runChild(args, env, null);
        const summary = r.stdout.trim().split('\n').pop() ?? '';
        finalRuns.push(`${what} attempt ${attempt}: exit ${r.code} ${summary.slice(0, 600)}`);
        if (r.code === 0) return summary;
        if (attempt >= 5) throw new Error(`the final ${what} sync failed 5 times:\n${r.stderr}`);
      }
    };
    // `--full` first finishes a pass the kills interrupted; a pass is current as of when it began, so records the
    // vendor deleted since are for the next pass to find (without a delete feed nothing else can): one more then.
    const first = await finish([...base, '--full'], 'full');
    if (/"strategyReason":"resuming/.test(first)) await finish([...base, '--full'], 'fresh full');
    await finish(base, 'incremental');
    await finish(push, 'push');
    pushes++;
    const soakMs = Date.now() - started;
    const ids = Array.from({ length: opts.size }, (_, i) => DEMO_ID_BASE + i);
    const verdict = compareCatalog(dbFile, 'big', ids, (id) => demo.product(id), demoAccountMapping);
    const pushVerdict = compareTarget(dbFile, 'big', target);
    return {
      options: { size: opts.size, kills: opts.kills, seed: opts.seed, durationMs: opts.durationMs, faultRate: opts.faultRate, baseline: opts.baseline },
      kills,
      killsByMoment,
      killsDuringIndexBuild,
      runsCompleted,
      faults: { ...proxy.faults },
      vendorEdits: edits,
      vendorDeletes: deletes,
      retries: countRetries(dataDir),
      verdict,
      push: { runs: pushes, writes: target.writes, verdict: pushVerdict },
      finalRuns,
      soakMs,
      cleanMs,
    };
  } finally {
    await proxy.close();
    await target.close();
    await demo.close();
    tmp.cleanup();
  }
}

export function formatReport(r: SoakReport): string[] {
  const o = r.options;
  const v = r.verdict;
  const lines = [
    `chaos soak: ${o.size} records, seed ${o.seed}, fault rate ${o.faultRate}, ${o.kills} kills planned`,
    `kills survived: ${r.kills} (${KILL_MOMENTS.map((k) => `${k} ${r.killsByMoment[k]}`).join(', ')}; ${r.killsDuringIndexBuild} landed while the search index was incomplete)`,
    `runs that finished before their kill: ${r.runsCompleted}`,
    `faults injected: ${FAULT_KINDS.map((k) => `${k} ${r.faults[k]}`).join(', ')} (total ${Object.values(r.faults).reduce((a, b) => a + b, 0)})`,
    `vendor changes while syncing: ${r.vendorEdits} edits, ${r.vendorDeletes} deletes`,
    `retries: ${r.retries}`,
    `records lost: ${v.lost}`,
    `duplicated: ${v.duplicated}`,
    `wrongly deleted: ${v.wronglyDeleted}`,
    `wrongly kept: ${v.wronglyKept}`,
    `stale values: ${v.stale}${v.stale > 0 ? ` (${Object.entries(v.staleFields).map(([f, n]) => `${f} ${n}`).join(', ')})` : ''}`,
    `integrity_check: ${v.integrity}`,
    `push to the REST target: ${r.push.runs} pushes, ${r.killsByMoment.push} killed with a write in flight, ${r.push.writes} writes; ` +
      `target vs catalog: lost ${r.push.verdict.lost}, stale ${r.push.verdict.stale}, kept after delete ${r.push.verdict.extra}, ` +
      `applied twice ${r.push.verdict.appliedTwice}`,
    `total time: ${(r.soakMs / 1000).toFixed(1)} s${r.cleanMs !== null ? ` vs ${(r.cleanMs / 1000).toFixed(1)} s for a clean sync (${(r.soakMs / r.cleanMs).toFixed(1)}x)` : ''}`,
  ];
  for (const e of [...v.examples, ...r.push.verdict.examples]) lines.push(`  ${e}`);
  for (const f of r.finalRuns) lines.push(`  final ${f}`);
  return lines;
}
