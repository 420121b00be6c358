// The Catalog's virtualised result list scrolling through a catalog of N products (issue 13: "scrolls through a
// million products page by page without jank"). A data dir is filled through the store's bulk load, the real
// `syncflow serve` opens it, and real Chromium moves through the list the way an operator does: PageDown held
// (key repeat, 25 a second) and the mouse wheel (40 notches a second), the next page of results fetched from the
// API as it comes into view. The old stress case, one screenful per animation frame, runs last. Per way: frame
// times from requestAnimationFrame, long tasks, frames while a page fetch was in flight, frames showing the
// "Loading…" row, rows reached, and Chromium's own style, layout and script time per frame (CDP Performance).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { catalogPath, openDatabase } from '../../src-main/engine/store/database.js';
import { productChunks } from './benchData.js';
import { startServe } from './serveProcess.js';
import { fmt, percentiles, printTable } from './stats.js';
import { focusList, scrollEveryFrame, startRecording, type PageRecording } from './uiScrollPage.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type ScrollWay = 'pagedown' | 'wheel' | 'every-frame';
const ways: ScrollWay[] = ['pagedown', 'wheel', 'every-frame'];

export interface ScrollFigures {
  way: ScrollWay;
  /** Which build served the page: "this" or the `--compare-cli` path. */
  build: string;
  inputs: number;
  frames: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  /** Frames longer than two at 60 Hz (33.4 ms). */
  framesOver33: number;
  longTasks: number;
  longTaskMaxMs: number;
  fetches: number;
  fetchFrameP95Ms: number;
  fetchFrameMaxMs: number;
  loaderFrames: number;
  rowsReached: number;
  /** Chromium's main-thread time per frame, from CDP Performance.getMetrics. */
  styleMsPerFrame: number;
  layoutMsPerFrame: number;
  scriptMsPerFrame: number;
  loadAverage: [number, number];
}

export interface UiScrollResult {
  n: number;
  loadMs: number;
  seconds: number;
  runs: ScrollFigures[];
}

/** N products in a data dir, through the store's public bulk load (as a first sync writes them). */
async function fillCatalog(dataDir: string, n: number): Promise<number> {
  const t = performance.now();
  const db = openDatabase(catalogPath(dataDir));
  const store = new CatalogStore(db);
  const page = db.transaction((rows: Parameters<CatalogStore['applyPage']>[0]) =>
    store.applyPage(rows, null, '2026-11-23T00:00:00.000Z', { deferIndex: true }),
  );
  for (const chunk of productChunks(n, 5000)) {
    page(chunk);
    store.pageCommitted();
  }
  await store.finishBulk();
  await store.close();
  db.close();
  return performance.now() - t;
}

/** A kept data dir (`--ui-data DIR`) is reused when it already holds N products: filling 1M takes minutes. */
export async function catalogFor(dataDir: string, n: number): Promise<number> {
  const marker = join(dataDir, `ui-scroll-filled-${n}`);
  if (existsSync(marker)) {
    process.stdout.write(`setup: reusing the catalog of ${n.toLocaleString('en')} products in ${dataDir}\n`);
    return 0;
  }
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`setup: filling a catalog of ${n.toLocaleString('en')} products\n`);
  const ms = await fillCatalog(dataDir, n);
  writeFileSync(marker, new Date().toISOString());
  return ms;
}

/** Chromium's cumulative main-thread timings (seconds), counted from when the session enabled them. */
async function chromiumMetrics(page: Page): Promise<() => Promise<Record<string, number>>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
}

/** Sends input at a steady rate for the time given (the way a held key or a spun wheel does); returns the count. */
async function paced(seconds: number, perSecond: number, send: () => Promise<void>): Promise<number> {
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < seconds * 1000) {
    await send();
    sent++;
    const due = start + (sent * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return sent;
}

async function scrollOnce(
  page: Page,
  url: string,
  way: ScrollWay,
  seconds: number,
  build: string,
): Promise<ScrollFigures> {
  // A fresh page per way: each starts at the top with one page of results loaded, as an operator does.
  await page.goto(url);
  await page.locator('nav [data-screen="catalog"]').click();
  const first = page.locator('[data-testid="result-row"][data-index="0"]');
  await first.waitFor({ timeout: 300_000 });
  const box = (await page.getByTestId('results-scroll').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // The list takes the keyboard (builds before 2026-12-02 focused the row itself: a --compare-cli of one).
  if (way === 'pagedown') await page.evaluate(focusList);
  const metrics = await chromiumMetrics(page);
  const before = await metrics();
  const loadBefore = loadavg()[0]!;
  await page.evaluate(startRecording);
  let inputs = 0;
  if (way === 'pagedown') inputs = await paced(seconds, 25, () => page.keyboard.press('PageDown'));
  else if (way === 'wheel') inputs = await paced(seconds, 40, () => page.mouse.wheel(0, 100));
  else await page.evaluate(scrollEveryFrame, seconds);
  const r = await page.evaluate(() => (window as unknown as { __scrollStop(): Promise<PageRecording> }).__scrollStop());
  const after = await metrics();
  const perFrame = (name: string) => ((after[name]! - before[name]!) * 1000) / Math.max(1, r.frames.length);
  const p = percentiles(r.frames);
  const f = percentiles(r.framesDuringFetch);
  return {
    way,
    build,
    inputs: way === 'every-frame' ? r.frames.length : inputs,
    frames: r.frames.length,
    frameP50Ms: p.p50,
    frameP95Ms: p.p95,
    frameMaxMs: Math.max(0, ...r.frames),
    framesOver33: r.frames.filter((d) => d > 33.4).length,
    longTasks: r.longTasks.length,
    longTaskMaxMs: Math.max(0, ...r.longTasks),
    fetches: r.fetches,
    fetchFrameP95Ms: f.p95,
    fetchFrameMaxMs: Math.max(0, ...r.framesDuringFetch),
    loaderFrames: r.loaderFrames,
    rowsReached: r.rowsReached,
    styleMsPerFrame: perFrame('RecalcStyleDuration'),
    layoutMsPerFrame: perFrame('LayoutDuration'),
    scriptMsPerFrame: perFrame('ScriptDuration'),
    loadAverage: [loadBefore, loadavg()[0]!],
  };
}

function printRuns(n: number, seconds: number, runs: ScrollFigures[]): void {
  printTable(`Catalog list in Chromium (${n.toLocaleString('en')} products, ${seconds} s per way)`, [
    [
      'way',
      'build',
      'inputs',
      'frames',
      'p50 ms',
      'p95 ms',
      'max ms',
      '> 33 ms',
      'long tasks',
      'longest ms',
      'fetches',
      'p95 / max ms while fetching',
      'loader frames',
      'rows',
      'style / layout / script ms per frame',
      'load',
    ],
    ...runs.map((r) => [
      r.way,
      r.build,
      r.inputs,
      r.frames,
      fmt(r.frameP50Ms),
      fmt(r.frameP95Ms),
      fmt(r.frameMaxMs),
      r.framesOver33,
      r.longTasks,
      fmt(r.longTaskMaxMs),
      r.fetches,
      `${fmt(r.fetchFrameP95Ms)} / ${fmt(r.fetchFrameMaxMs)}`,
      r.loaderFrames,
      r.rowsReached,
      `${fmt(r.styleMsPerFrame, 2)} / ${fmt(r.layoutMsPerFrame, 2)} / ${fmt(r.scriptMsPerFrame, 2)}`,
      `${fmt(r.loadAverage[0], 1)}→${fmt(r.loadAverage[1], 1)}`,
    ]),
  ]);
}

export interface UiScrollOptions {
  seconds: number;
  /** Keep the filled catalog here and reuse it on the next run. */
  dataDir?: string;
  /** Another build's bin/syncflow.js (a checkout from before a change), measured on the same catalog, alternating. */
  compareCli?: string;
  /** Only these ways (default: all three). */
  ways?: ScrollWay[];
}

export async function uiScrollBench(dir: string, n: number, opts: UiScrollOptions): Promise<UiScrollResult> {
  process.stdout.write('setup: npm run build (serve serves the built renderer)\n');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const dataDir = opts.dataDir ?? join(dir, 'ui-scroll');
  const loadMs = await catalogFor(dataDir, n);
  const config = join(dir, 'ui-scroll.yaml');
  writeFileSync(
    config,
    'sources:\n  - { name: bench, kind: rest, baseUrl: "http://127.0.0.1:9", path: /p, mapping: { fields: { id: id, name: name } } }\n',
  );
  const builds: [string, string][] = [['this', join(root, 'bin/syncflow.js')]];
  if (opts.compareCli) builds.unshift([opts.compareCli, opts.compareCli]);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const runs: ScrollFigures[] = [];
  try {
    for (const way of opts.ways ?? ways) {
      for (const [build, cli] of builds) {
        const serve = await startServe(cli, dataDir, config);
        try {
          const page = await browser.newPage({ viewport: { width: 1366, height: 850 }, locale: 'en-US' });
          // tsx keeps function names with a __name helper that the page does not have.
          await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
          runs.push(await scrollOnce(page, serve.url, way, opts.seconds, build));
          await page.close();
        } finally {
          await serve.stop();
        }
      }
    }
  } finally {
    await browser.close();
  }
  printRuns(n, opts.seconds, runs);
  process.stdout.write(
    `  (catalog fill: ${loadMs ? `${fmt(loadMs / 1000)} s` : 'reused'}, not part of the figures; ${cpus().length} cores; load = 1-minute load average before → after)\n`,
  );
  return { n, loadMs, seconds: opts.seconds, runs };
}
