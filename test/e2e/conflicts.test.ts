// Two sources into one catalog in real Chromium against `syncflow serve`: an ERP and a CRM (json-server on
// 127.0.0.1) list the same products by code under `policy: review`. Their overlapping product conflicts; the
// operator opens Problems → Conflicts (the route a desktop notification opens), picks per field, and the Catalog
// shows the picked values. A pinned price holds through 3 syncs with the vendor disagreeing, and the detail says so.
// axe-core on the screens with a conflict and a pin; screenshots at 1366 and 800 px (test-output, gitignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsonServer } from '../fixtures/jsonServer.js';
import { startCli, type Started } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';
import { seriousViolations } from './axe.js';
import { plain, shots } from './harness.js';
import { openScreen, viewports } from './screens.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
type Vendor = Awaited<ReturnType<typeof startJsonServer>>;

const rest = (name: string, url: string) => [
  `  - name: ${name}`,
  '    kind: rest',
  `    baseUrl: ${url}`,
  '    path: /products',
  '    pagination: { type: offset, offsetParam: _start, limitParam: _limit, pageSize: 50 }',
  '    mapping: { fields: { id: id, name: name, code: code, price: price, stock: stock, sourceUpdatedAt: updated } }',
];

describe('conflicts, pins and provenance in Chromium', () => {
  const tmp = tempDir();
  let erp: Vendor;
  let crm: Vendor;
  let serve: Started;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token: string;

  /** The contract over the HTTP bridge, as the page calls it (the test's own syncs and checks). */
  const call = async <T,>(method: string, input: object = {}): Promise<T> => {
    const res = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { ok: boolean; result: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
    return body.result;
  };
  /** A vendor edits a product (json-server keeps it in memory). */
  const edit = async (vendor: Vendor, id: string, patch: object) => {
    const res = await fetch(`${vendor.url}/products/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
    expect(res.ok).toBe(true);
  };
  const syncAll = async () => {
    const runs = await call<{ source: string; status: string }[]>('syncNow', { full: true });
    expect(runs.map((r) => `${r.source}:${r.status}`).sort()).toEqual(['crm:succeeded', 'erp:succeeded']);
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const item = (id: string, code: string, name: string) => ({ id, code, name, price: 10, stock: 5, updated: at(1) });
    erp = await startJsonServer({ products: [item('E1', 'X-1', 'Compressor Atlas'), item('E2', 'X-2', 'Bomba Schulz')] });
    crm = await startJsonServer({ products: [item('C1', 'X-1', 'Compressor Atlas')] });
    const config = join(tmp.dir, 'syncflow.yaml');
    const lines = ['syncOnStart: false', 'resilience: { maxRetries: 0 }', 'sources:', ...rest('erp', erp.url), ...rest('crm', crm.url)];
    writeFileSync(config, [...lines, 'catalog:', '  products: { match: code, policy: review }', ''].join('\n'));
    serve = await startCli(['serve', '--no-sync', '--config', config, '--data-dir', join(tmp.dir, 'data')], /Syncflow UI: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/);
    base = serve.match[1]!;
    token = serve.match[2]!;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', viewport: viewports[0] });
    page = await context.newPage();
    await page.goto(`${base}/?token=${token}`);
    await syncAll();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await erp?.close();
    await crm?.close();
    tmp.cleanup();
  });

  it('a conflict shows up live, the operator picks per field, the catalog shows the picks', async () => {
    await page.getByRole('button', { name: 'Sync now' }).waitFor();
    // The Conflicts section, opened by its route (a desktop notification's click loads this hash).
    await page.goto(`${base}/#/problems/conflicts`);
    await page.getByText('No catalog record waits for review.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('conflicts-title');

    // Both vendors change price and stock of X-1, to different values.
    await edit(erp, 'E1', { price: 20, stock: 7, updated: at(2) });
    await edit(crm, 'C1', { price: 3006.22, stock: 9, updated: at(3) });
    await syncAll();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    const field = (name: string) => conflict.locator(`[data-field="${name}"]`);
    expect(plain(await field('price').textContent())).toContain('From crm: R$3,006.22');
    expect(plain(await field('price').textContent())).toContain('updated at the source');
    expect(plain(await field('price').textContent())).toContain('Keep what the catalog shows: R$20.00');

    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: join(shots, `conflicts-${viewport.width}.png`), fullPage: true });
      expect(await seriousViolations(page), `Problems → Conflicts at ${viewport.width} px`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `wider than ${viewport.width} px`).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize(viewports[0]);

    // Per field: the price from the CRM, the stock as the ERP says.
    await field('price').getByRole('radio', { name: /From crm/ }).check();
    await field('stock').getByRole('radio', { name: /From erp/ }).check();
    await conflict.getByRole('button', { name: 'Apply 2 picks' }).click();
    await page.getByText('No catalog record waits for review.').waitFor();

    await openScreen(page, 'catalog');
    await page.getByLabel('Search products').fill('Compressor');
    await page.getByTestId('result-row').filter({ hasText: 'Compressor Atlas' }).click();
    const detail = page.getByTestId('product-detail');
    await detail.getByTestId('provenance').waitFor();
    const row = (name: string) => detail.locator(`[data-testid="provenance-row"][data-field="${name}"]`);
    await expect.poll(async () => plain(await row('price').textContent())).toContain('R$3,006.22');
    expect(await row('price').getByTestId('provenance-origin').textContent()).toBe("an operator's pick");
    expect(plain(await row('stock').textContent())).toContain('7');
    const product = await call<{ price: number; stock: number }>('getProduct', { id: 'E1', source: 'erp' });
    expect([product.price, product.stock]).toEqual([3006.22, 7]);
  });

  it('a pinned price holds through 3 syncs with the vendor disagreeing; the detail says so', async () => {
    await openScreen(page, 'catalog');
    await page.getByLabel('Search products').fill('Bomba');
    // The previous search's rows stay until the debounced one answers: click the product by its name.
    const bomba = page.getByTestId('result-row').filter({ hasText: 'Bomba Schulz' });
    await bomba.click();
    const detail = page.getByTestId('product-detail');
    await detail.getByRole('heading', { name: 'Bomba Schulz' }).waitFor();
    const price = detail.locator('[data-testid="provenance-row"][data-field="price"]');
    await price.getByRole('button', { name: 'Pin Price to this value' }).click();
    await detail.getByTestId('pin-form').getByRole('textbox').fill('12.34');
    await detail.getByRole('button', { name: 'Pin value' }).click();
    await expect.poll(() => price.getByTestId('provenance-origin').textContent()).toBe('pinned by an operator');

    for (const [i, vendorPrice] of [50, 51, 52].entries()) {
      await edit(erp, 'E2', { price: vendorPrice, updated: at(10 + i) });
      await syncAll();
      expect((await call<{ price: number }>('getProduct', { id: 'E2', source: 'erp' })).price).toBe(12.34);
    }
    // Reopen the detail: the pinned value, and what the source says instead.
    await detail.getByRole('button', { name: 'Close product details' }).click();
    await bomba.click();
    await expect.poll(async () => plain(await price.textContent())).toContain('R$12.34');
    expect(plain(await price.getByTestId('pin-disagrees').textContent())).toBe('The source disagrees: R$52.00');
    // History names the operator for the pin.
    await expect.poll(() => detail.getByTestId('history-origin').allTextContents()).toContain('by an operator');

    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: join(shots, `catalog-pin-${viewport.width}.png`), fullPage: true });
      expect(await seriousViolations(page), `Catalog detail with a pin at ${viewport.width} px`).toEqual([]);
    }
  });
});
