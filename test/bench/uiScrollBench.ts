// The Catalog's virtualised result list scrolling through a catalog of N products (issue 13: "scrolls through a
// million products page by page without jank"): a data dir is filled through the store's bulk load, the real
// `syncflow serve` opens it, and real Chromium scrolls the list one screenful per frame (far faster than a person
// pages) for a time budget, loading further pages as it reaches their end. Printed: frame times (p50, p95, max),
// long tasks over 50 ms, and how many rows the list reached.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CatalogStore } from '../../src-main/engine/store/catalogStore.js';
import { catalogPath, openDatabase } from '../../src-main/engine/store/database.js';
import { productChunks } from './benchData.js';
import { fmt, percentiles, printTable } from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface UiScrollResult {
  n: number;
  loadMs: number;
  seconds: number;
  frames: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  longTasks: number;
  longTaskMaxMs: number;
  rowsReached: number;
  rowsPerSecond: number;
  /** The machine's 1-minute load average before and after: frame times mean little on a saturated machine. */
  loadAverage: [number, number];
}

/** N products in a fresh data dir, through the store's public bulk load (as a first sync writes them). */
async function fillCatalog(dataDir: string, n: number): Promise<number> {
  const t = performance.now();
  const db = openDatabase(catalogPath(dataDir));
  const store = new CatalogStore(db);
  const page = db.transaction((rows: Parameters<CatalogStore['applyPage']>[0]) => store.applyPage(rows, null, '2026-11-23T00:00:00.000Z', { deferIndex: true }));
  for (const chunk of productChunks(n, 5000)) {
    page(chunk);
    store.pageCommitted();
  }
  await store.finishBulk();
  await store.close();
  db.close();
  return performance.now() - t;
}

async function startServe(dataDir: string, config: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [`${root}bin/syncflow.js`, 'serve', '--no-sync', '--data-dir', dataDir, '--config', config], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      const m = /Syncflow UI: (\S+)/.exec(text);
      if (!m) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL: ${text}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs in the page: one screenful down per animation frame until the time is up. */
async function scrollInPage(seconds: number) {
  const scroller = document.querySelector<HTMLElement>('[data-testid="results-scroll"]')!;
  const frames: number[] = [];
  const long: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) long.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
  const end = performance.now() + seconds * 1000;
  let last = await frame();
  while (last < end) {
    scroller.scrollTop += scroller.clientHeight;
    const t = await frame();
    frames.push(t - last);
    last = t;
  }
  observer.disconnect();
  const indexes = [...document.querySelectorAll<HTMLElement>('[data-testid="result-row"]')].map((r) => Number(r.dataset['index']));
  return { frames, long, rowsReached: Math.max(0, ...indexes) + 1 };
}

export async function uiScrollBench(dir: string, n: number, seconds: number): Promise<UiScrollResult> {
  process.stdout.write('setup: npm run build (serve serves the built renderer)\n');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const dataDir = join(dir, 'ui-scroll');
  process.stdout.write(`setup: filling a catalog of ${n.toLocaleString('en')} products\n`);
  const loadMs = await fillCatalog(dataDir, n);
  const config = join(dir, 'ui-scroll.yaml');
  writeFileSync(config, 'sources:\n  - { name: bench, kind: rest, baseUrl: "http://127.0.0.1:9", path: /p, mapping: { fields: { id: id, name: name } } }\n');
  const serve = await startServe(dataDir, config);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 850 }, locale: 'en-US' });
    // tsx keeps function names with a __name helper that the page does not have.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(serve.url);
    await page.locator('nav [data-screen="catalog"]').click();
    await page.getByTestId('result-row').first().waitFor({ timeout: 120_000 });
    const loadBefore = loadavg()[0]!;
    const r = await page.evaluate(scrollInPage, seconds);
    const p = percentiles(r.frames);
    const result: UiScrollResult = {
      n,
      loadMs,
      seconds,
      frames: r.frames.length,
      frameP50Ms: p.p50,
      frameP95Ms: p.p95,
      frameMaxMs: Math.max(0, ...r.frames),
      longTasks: r.long.length,
      longTaskMaxMs: Math.max(0, ...r.long),
      rowsReached: r.rowsReached,
      rowsPerSecond: r.rowsReached / seconds,
      loadAverage: [loadBefore, loadavg()[0]!],
    };
    printTable(`Catalog list scroll in Chromium (${n.toLocaleString('en')} products, one screenful per frame for ${seconds} s)`, [
      ['frames', 'frame p50 ms', 'frame p95 ms', 'frame max ms', 'long tasks > 50 ms', 'longest task ms', 'rows reached', 'rows/s'],
      [result.frames, fmt(result.frameP50Ms), fmt(result.frameP95Ms), fmt(result.frameMaxMs), result.longTasks, fmt(result.longTaskMaxMs), result.rowsReached, fmt(result.rowsPerSecond, 0)],
    ]);
    process.stdout.write(`  (catalog fill: ${fmt(loadMs / 1000)} s, not part of the figures; load average ${fmt(result.loadAverage[0], 2)} → ${fmt(result.loadAverage[1], 2)} on ${cpus().length} cores)\n`);
    return result;
  } finally {
    await browser.close();
    await serve.stop();
  }
}
