// Responsiveness of the UI-facing thread: the real `syncflow serve` in a child process (its engine in a worker
// thread, or in-process for a build from before the engine host), with serveProbe.mjs measuring its main thread's
// event-loop delay, while a UI-like client calls getStatus every 250 ms and listCategories + a faceted search every
// second. Three phases: a full sync of N from the demo API into an empty data dir, opening the resulting catalog
// (a fresh serve: start-up until the first getStatus answer, then 5 s at rest), and a re-sync after 1% changed.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import got from 'got';
import { buildMain, startDemoChild } from './benchSetup.js';
import { KEY_VAR, mutate } from './engineRuns.js';
import { fmt, percentiles, printTable } from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('./serveProbe.mjs', import.meta.url));
const REST_MS = 5000;

export interface PhaseFigures {
  ms: number;
  uiThreadP99Ms: number;
  uiThreadMaxMs: number;
  getStatusP95Ms: number;
  listCategoriesP95Ms: number;
  searchP95Ms: number;
  calls: { getStatus: number; listCategories: number; search: number; failed: number };
  /** Peak RSS of the whole serve process (worker threads included) since it started, from /proc VmHWM. */
  peakRssMb: number | null;
  /** Opening only: the UI thread from process start to the first getStatus answer (module loading included). */
  boot?: { uiThreadP99Ms: number; uiThreadMaxMs: number };
}

export interface ResponsivenessResult {
  responsiveness: {
    startupReadyMs: number;
    uiThreadP99Ms: number;
    uiThreadMaxMs: number;
    getStatusP95Ms: number;
    listCategoriesP95Ms: number;
    searchP95Ms: number;
  };
  responsivenessPhases: { cli: string; n: number; fullSync: PhaseFigures; open: PhaseFigures; resync: PhaseFigures };
}

interface Serve {
  child: ChildProcess;
  url: string;
  token: string;
  startedAt: number;
  probe(cmd: 'reset' | 'report'): Promise<{ p99Ms: number; maxMs: number }>;
  stop(): Promise<void>;
}

async function startServe(cli: string, dataDir: string, config: string, env: NodeJS.ProcessEnv): Promise<Serve> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--import', probe, cli, 'serve', '--no-sync', '--data-dir', dataDir, '--config', config], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let text = '';
  const waiters: ((line: string) => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    let i: number;
    while ((i = text.indexOf('\n')) >= 0) {
      const line = text.slice(0, i);
      text = text.slice(i + 1);
      for (const w of waiters.splice(0)) w(line);
    }
  });
  const nextLine = (match: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const listen = (line: string) => {
        const m = match.exec(line);
        if (m) resolve(m);
        else waiters.push(listen);
      };
      waiters.push(listen);
      child.once('exit', (code) => reject(new Error(`serve exited (${code}) while waiting for ${match}`)));
    });
  const ui = new URL((await nextLine(/Syncflow UI: (\S+)/))[1]!);
  return {
    child,
    url: ui.origin,
    token: ui.searchParams.get('token')!,
    startedAt,
    async probe(cmd) {
      const reply = nextLine(new RegExp(`^bench-probe ${cmd} (\\{.*\\})$`));
      child.stdin!.write(`${cmd}\n`);
      return JSON.parse((await reply)[1]!) as { p99Ms: number; maxMs: number };
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// got, not fetch: fetch gives up on a response whose headers take over 300 s, and syncNow answers when the run ends.
async function call(serve: Serve, method: string, input: unknown): Promise<unknown> {
  const body = await got
    .post(`${serve.url}/api/${method}`, { headers: { authorization: `Bearer ${serve.token}` }, json: input, throwHttpErrors: false })
    .json<{ ok: boolean; result?: unknown; error?: { message: string } }>();
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? 'failed'}`);
  return body.result;
}

/** The UI's polling: each loop waits for its answer, then for the rest of its interval (as a UI timer would). */
function uiClient(serve: Serve) {
  const lat = { getStatus: [] as number[], listCategories: [] as number[], search: [] as number[] };
  let failed = 0;
  let running = true;
  const timed = async (name: keyof typeof lat, input: unknown) => {
    const t = performance.now();
    try {
      await call(serve, name, input);
      lat[name].push(performance.now() - t);
    } catch {
      failed++;
    }
  };
  const loop = async (intervalMs: number, work: () => Promise<void>) => {
    while (running) {
      const t = performance.now();
      await work();
      const wait = intervalMs - (performance.now() - t);
      if (wait > 0 && running) await new Promise((r) => setTimeout(r, wait));
    }
  };
  const loops = [
    loop(250, () => timed('getStatus', {})),
    loop(1000, async () => {
      await timed('listCategories', {});
      await timed('search', { query: 'compressor', facets: true, limit: 50 });
    }),
  ];
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { lat, failed };
    },
  };
}

function peakRssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function phase(serve: Serve, work: () => Promise<unknown>, resetProbe = true): Promise<PhaseFigures> {
  if (resetProbe) await serve.probe('reset');
  const client = uiClient(serve);
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  const { lat, failed } = await client.stop();
  const eld = await serve.probe('report');
  return {
    ms,
    uiThreadP99Ms: eld.p99Ms,
    uiThreadMaxMs: eld.maxMs,
    getStatusP95Ms: percentiles(lat.getStatus).p95,
    listCategoriesP95Ms: percentiles(lat.listCategories).p95,
    searchP95Ms: percentiles(lat.search).p95,
    calls: { getStatus: lat.getStatus.length, listCategories: lat.listCategories.length, search: lat.search.length, failed },
    peakRssMb: peakRssMb(serve.child.pid),
  };
}

async function syncNow(serve: Serve, full: boolean): Promise<void> {
  const runs = (await call(serve, 'syncNow', { full })) as { status: string; error?: { message: string } }[];
  const bad = runs.find((r) => r.status !== 'succeeded');
  if (bad) throw new Error(`sync ${bad.status}: ${bad.error?.message ?? ''}`);
}

export async function responsivenessBench(dir: string, n: number, cli = join(root, 'bin', 'syncflow.js')): Promise<ResponsivenessResult> {
  process.stdout.write(`\nresponsiveness: serve = ${cli}\n`);
  if (cli === join(root, 'bin', 'syncflow.js')) buildMain();
  const demo = await startDemoChild(n);
  const dataDir = join(dir, 'responsiveness-data');
  const config = join(dir, 'responsiveness.yaml');
  writeFileSync(
    config,
    `syncOnStart: false\nsources:\n  - { name: ploomes, kind: ploomes, baseUrl: "${demo.url}", apiKey: "\${env:${KEY_VAR}}", pageSize: 300, paging: offset }\n`,
  );
  const env = { [KEY_VAR]: demo.userKey, SYNCFLOW_CONFIG: '' };
  let serve: Serve | undefined;
  try {
    const first = (serve = await startServe(cli, dataDir, config, env));
    const fullSync = await phase(first, () => syncNow(first, false));
    await first.stop();

    // Opening: the probe runs from the process's first moment. Up to the first getStatus answer is reported as
    // `boot`; the phase's own figures are the 5 s at rest that follow; its worst figures count both.
    const second = (serve = await startServe(cli, dataDir, config, env));
    await call(second, 'getStatus', {});
    const startupReadyMs = performance.now() - second.startedAt;
    const boot = await second.probe('reset');
    const rest = await phase(second, () => new Promise((r) => setTimeout(r, REST_MS)), false);
    const open: PhaseFigures = {
      ...rest,
      uiThreadP99Ms: Math.max(rest.uiThreadP99Ms, boot.p99Ms),
      uiThreadMaxMs: Math.max(rest.uiThreadMaxMs, boot.maxMs),
      boot: { uiThreadP99Ms: boot.p99Ms, uiThreadMaxMs: boot.maxMs },
    };

    await mutate(demo.url, demo.userKey, Math.max(1, Math.floor(n / 100)));
    const resync = await phase(second, () => syncNow(second, true));
    await second.stop();

    const phases = { fullSync, open, resync };
    const worst = (k: keyof PhaseFigures) => Math.max(...Object.values(phases).map((p) => p[k] as number));
    const responsiveness = {
      startupReadyMs,
      uiThreadP99Ms: worst('uiThreadP99Ms'),
      uiThreadMaxMs: worst('uiThreadMaxMs'),
      getStatusP95Ms: worst('getStatusP95Ms'),
      listCategoriesP95Ms: worst('listCategoriesP95Ms'),
      searchP95Ms: worst('searchP95Ms'),
    };
    printTable(`Responsiveness of serve's UI-facing thread, N = ${n.toLocaleString('en')} (targets at 1M in brackets)`, [
      ['phase', 'ms', 'UI p99 ms [10]', 'UI max ms [50]', 'getStatus p95', 'listCategories p95', 'search p95', 'calls', 'peak RSS MB'],
      ...Object.entries(phases).map(([name, p]) => [
        name,
        fmt(p.ms, 0),
        fmt(p.uiThreadP99Ms),
        fmt(p.uiThreadMaxMs),
        fmt(p.getStatusP95Ms),
        fmt(p.listCategoriesP95Ms),
        fmt(p.searchP95Ms),
        `${p.calls.getStatus}/${p.calls.listCategories}/${p.calls.search}${p.calls.failed ? ` (${p.calls.failed} failed)` : ''}`,
        p.peakRssMb === null ? 'n/a' : fmt(p.peakRssMb, 0),
      ]),
    ]);
    process.stdout.write(`  startupReadyMs (process start to first getStatus answer, existing catalog) = ${fmt(startupReadyMs, 0)} [1000]\n`);
    process.stdout.write(
      `  open: UI thread until that answer (process boot, module loading) p99 ${fmt(boot.p99Ms)} / max ${fmt(boot.maxMs)} ms; ` +
        `the 5 s at rest after it p99 ${fmt(rest.uiThreadP99Ms)} / max ${fmt(rest.uiThreadMaxMs)} ms\n`,
    );
    process.stdout.write('  call p95 targets: <= 50 ms during the syncs, <= 20 ms at rest (open)\n');
    return { responsiveness, responsivenessPhases: { cli, n, ...phases } };
  } finally {
    await serve?.stop(); // a failed phase must not leave the child running
    await demo.stop();
  }
}
