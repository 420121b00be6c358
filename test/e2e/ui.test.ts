// The operator's path in a real browser: `syncflow serve` against a vendor API in another process, Sync now,
// search, then the vendor goes away and search still answers from the local catalog.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { startCli, type Started } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = join(repoRoot, 'test-output', 'e2e');

describe('operator UI in Chromium', () => {
  const tmp = tempDir();
  let demo: Started;
  let serve: Started;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    demo = await startCli(['demo-server', '--port', '0'], /Demo API: (http:\/\/127\.0\.0\.1:\d+)/);
    const config = join(tmp.dir, 'syncflow.yaml');
    writeFileSync(config, `sources:\n  - name: ploomes\n    kind: ploomes\n    baseUrl: ${demo.match[1]}\n    apiKey: \${env:E2E_PLOOMES_KEY}\n    mapping:\n      fields:\n        brand: OtherProperties[FieldKey=product_brand].StringValue\n`);
    serve = await startCli(
      ['serve', '--no-sync', '--config', config, '--data-dir', join(tmp.dir, 'data')],
      /Syncflow UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
      { E2E_PLOOMES_KEY: 'demo-key' },
    );
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await demo?.stop('SIGKILL');
    tmp.cleanup();
  });

  it('syncs with a progress bar, searches, and keeps searching when the vendor is gone', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.match[1]!);
    // The token leaves the address bar once the page has it.
    await expect.poll(() => page.url()).not.toContain('token=');

    await expect.poll(() => page.getByTestId('sync-state').textContent()).toContain('Idle');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('progressbar').waitFor({ state: 'visible' });
    await page.screenshot({ path: join(shots, 'dashboard-syncing.png') });
    await page.getByTestId('last-run-status').filter({ hasText: 'succeeded' }).first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toContain('Idle');
    await expect.poll(() => page.getByText('11,793').or(page.getByText('11.793')).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'dashboard-done.png') });

    await page.getByRole('button', { name: 'Catalog' }).click();
    await page.getByLabel('Search products').fill('atlas');
    // The browse list (every product) shows until the debounced search answers; wait for the search's own total.
    const total = async () => Number((await page.getByTestId('result-total').textContent())!.replace(/\D/g, ''));
    await expect.poll(total).toBeLessThan(11793);
    expect(await total()).toBeGreaterThanOrEqual(1307);
    expect(await page.getByTestId('result-row').count()).toBeGreaterThan(0);
    await page.getByTestId('result-row').first().click();
    await page.getByTestId('product-detail').waitFor();
    await expect.poll(() => page.getByTestId('product-detail').textContent()).toMatch(/Atlas Copco/);
    await page.screenshot({ path: join(shots, 'catalog.png') });

    // The vendor disappears: the catalog is local, so search still answers.
    await demo.stop('SIGKILL');
    await page.getByLabel('Search products').fill('compressor');
    await expect.poll(() => page.getByTestId('result-total').textContent()).not.toMatch(/^\D*0\D*$/);
    await page.getByTestId('result-row').first().waitFor();
    await page.screenshot({ path: join(shots, 'catalog-offline.png') });
    expect(errors).toEqual([]);
  });
});
