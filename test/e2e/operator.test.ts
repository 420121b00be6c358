// What an operator does on the dashboard and the catalog, in real Chromium against `syncflow serve`: pause a
// source for 30 minutes; take the vendor down and see one failure explained and alerted, bring it back and see the
// alert resolve into the history; walk the virtualised catalog by keyboard; export it to CSV; open a customer.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOperatorUi, type OperatorUi } from './harness.js';
import { openScreen } from './screens.js';

describe('operator actions in Chromium', () => {
  let ui: OperatorUi;
  beforeAll(async () => {
    ui = await startOperatorUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  const row = (source: string) => ui.page.locator(`[data-testid="source-row"][data-source="${source}"]`);

  it('pauses a source for 30 minutes and shows until when; resume ends it', async () => {
    const { page } = ui;
    await openScreen(page, 'dashboard');
    const before = Date.now();
    await row('ploomes').getByTestId('pause-source').selectOption('30m');
    await expect.poll(() => row('ploomes').getAttribute('data-state')).toBe('paused');
    const paused = row('ploomes').getByTestId('source-paused');
    expect(await paused.textContent()).toMatch(/^Paused until \d+\/\d+\/\d+, /);
    // 30 minutes from when it was asked.
    const stamp = Date.parse((await paused.getAttribute('data-until'))!);
    expect(stamp).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(stamp).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
    await row('crm').waitFor();
    expect(await row('crm').getAttribute('data-state')).toBe('idle');
    await row('ploomes').getByRole('button', { name: 'Resume ploomes' }).click();
    await expect.poll(() => row('ploomes').getAttribute('data-state')).toBe('idle');
  });

  it('vendor down: one failure, explained and alerted; back up: the alert resolves into the history', async () => {
    const { page } = ui;
    await openScreen(page, 'dashboard');
    await ui.vendorDown();
    await row('ploomes').getByRole('button', { name: 'Sync ploomes', exact: true }).click();
    await expect.poll(() => row('ploomes').getAttribute('data-state'), { timeout: 60_000 }).toBe('offline');
    const banner = page.getByTestId('offline-banner');
    expect(await banner.textContent()).toContain('ploomes cannot be reached.');
    const alert = page.locator('[data-testid="alert"][data-source="ploomes"][data-kind="run-failed"]');
    await alert.waitFor();
    expect(await page.getByTestId('people-error').first().textContent()).toContain('ploomes could not be reached.');
    // No failure storm: the one sync asked for is the one failed run.
    const failed = page.locator('[data-testid="run-row"]').filter({ hasText: 'failed' });
    expect(await failed.count()).toBe(1);

    await ui.vendorUp();
    await row('ploomes').getByRole('button', { name: 'Sync ploomes', exact: true }).click();
    await expect.poll(() => row('ploomes').getAttribute('data-state'), { timeout: 60_000 }).toBe('idle');
    await expect.poll(() => alert.count()).toBe(0);
    expect(await banner.count()).toBe(0);
    await page.getByRole('button', { name: 'Alert history' }).click();
    const resolved = page.locator('[data-testid="alert-history-row"][data-kind="run-failed"]');
    await resolved.waitFor();
    expect(await resolved.first().textContent()).not.toContain('still open');
  });

  it('walks the catalog by keyboard: / searches, arrows move, Enter opens, Esc closes', async () => {
    const { page } = ui;
    await openScreen(page, 'catalog');
    await page.getByTestId('result-row').first().waitFor();
    // Only the rows in view exist in the page, however many are loaded.
    expect(await page.getByTestId('result-row').count()).toBeLessThan(80);
    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('catalog-search');
    await page.keyboard.type('atlas');
    // The answer to the whole query, not to "atl" typed on the way (a late answer resets the active row).
    await expect.poll(() => page.getByTestId('result-total').getAttribute('data-query')).toBe('atlas');
    expect(Number(await page.getByTestId('result-total').getAttribute('data-total'))).toBeLessThan(11793);
    // The list holds the focus and names its active row by aria-activedescendant.
    const focused = () =>
      page.evaluate(() => {
        const id = document.activeElement?.getAttribute('aria-activedescendant');
        return id ? (document.getElementById(id)?.getAttribute('data-index') ?? null) : null;
      });
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('0');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('1');
    await page.keyboard.press('Enter');
    await page.getByTestId('product-detail').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('product-detail').count()).toBe(0);
    await expect.poll(focused).toBe('1');
    // End jumps to the last loaded row; the next page loads as it comes into view.
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('result-row').last().getAttribute('data-index')).not.toBe('99');
  });

  it('exports the current result set to CSV', async () => {
    const { page } = ui;
    await openScreen(page, 'catalog');
    await page.getByTestId('catalog-search').fill('atlas');
    const total = async () => Number(await page.getByTestId('result-total').getAttribute('data-total'));
    await expect.poll(() => page.getByTestId('result-total').getAttribute('data-query')).toBe('atlas');
    expect(await total()).toBeLessThan(11793);
    expect(await total()).toBeGreaterThan(1000);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,code,name,brand,category,type,price,currency,stock,active');
    expect(lines.length - 1).toBe(await total());
  });

  it('opens a customer from the records screen', async () => {
    const { page } = ui;
    await openScreen(page, 'records');
    await page.getByTestId('record-row').first().waitFor();
    expect(await page.getByTestId('record-row').count()).toBe(12);
    await page.getByTestId('record-row').filter({ hasText: 'Cliente 3 Ltda' }).click();
    await page.getByTestId('record-detail').waitFor();
    await expect.poll(() => page.getByTestId('record-detail').textContent()).toContain('Joinville');
  });
});
