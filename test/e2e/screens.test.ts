// Every screen in real Chromium against `syncflow serve`: no serious or critical axe-core violations in the light
// and dark themes, nothing wider than the window at 800 px, no unclipped result cell wider than its column, a screenshot of each at 1366 and 800 px
// (test-output/e2e/screens, gitignored), and the whole UI in Brazilian Portuguese.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { plain, shots, startOperatorUi, type OperatorUi } from './harness.js';
import { openScreen, screens, viewports } from './screens.js';

/** The Catalog's result cells left unclipped (no .cut: ResultRow judged them short enough) whose text is wider
 * than their column. */
const unclippedSpills = (page: Page): Promise<(string | null)[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.result-row [role="gridcell"]:not(.cut)')]
      .filter((cell) => cell.scrollWidth > cell.clientWidth)
      .map((cell) => cell.textContent),
  );

describe('every screen in Chromium', () => {
  let ui: OperatorUi;
  beforeAll(async () => {
    ui = await startOperatorUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const viewport of viewports) {
      it(`${scheme}, ${viewport.width} px: no serious accessibility problem, nothing off-screen`, async () => {
        const { page } = ui;
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(viewport);
        for (const screen of screens) {
          await openScreen(page, screen.id);
          await screen.ready(page);
          await page.screenshot({ path: join(shots, `${screen.id}-${viewport.width}-${scheme}.png`) });
          expect(await seriousViolations(page), `${screen.id} at ${viewport.width} px (${scheme})`).toEqual([]);
          // Wide tables scroll inside their own frame; the page itself never gets wider than the window.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${screen.id} is wider than ${viewport.width} px`).toBeLessThanOrEqual(0);
          if (screen.id === 'catalog') expect(await unclippedSpills(page), `at ${viewport.width} px`).toEqual([]);
        }
      });
    }
  }

  it('reads in Brazilian Portuguese: button, counts and prices', async () => {
    const { page } = ui;
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(viewports[0]);
    await openScreen(page, 'dashboard');
    await page.getByTestId('language-select').selectOption('pt-BR');
    await expect.poll(() => page.getByRole('button', { name: 'Sincronizar agora' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
    expect(plain(await page.getByTestId('catalog-count').textContent())).toBe('11.793');
    await page.screenshot({ path: join(shots, 'dashboard-1366-pt-BR.png') });

    await openScreen(page, 'catalog');
    await page.getByTestId('result-row').first().waitFor();
    const prices = await page.getByTestId('result-price').allTextContents();
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices.filter((p) => p !== '—')) expect(plain(price)).toMatch(/^R\$ \d{1,3}(\.\d{3})*,\d{2}$/);
    expect(await unclippedSpills(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'catalog-1366-pt-BR.png') });

    // Remembered: a reload keeps Portuguese.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Sincronizar agora' }).count()).toBe(1);
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.getByRole('button', { name: 'Sync now' }).count()).toBe(1);
  });
});
