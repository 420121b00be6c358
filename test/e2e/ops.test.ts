// The operator screens in a real browser against `syncflow serve` and a fake vendor on 127.0.0.1: add a source in
// Settings, test its connection, save it and see it sync without a restart; open a quarantined record, fix the
// rule in Settings, retry it and see it load; approve a guarded delete while the agent runs; filter the history
// and open a run. axe-core on each screen; screenshots at 1366 and 800 px.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { startCli, type Started } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';
import { startMutableVendor, vendorSource, type MutableVendor } from '../fixtures/mutableVendor.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = join(repoRoot, 'test-output', 'e2e');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('operator screens in Chromium: Settings, Problems, History, Activity', () => {
  const tmp = tempDir();
  let vendor: MutableVendor;
  let vendor2: MutableVendor;
  let serve: Started;
  let browser: Browser;
  let api: <T>(method: string, input?: unknown) => Promise<T>;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    vendor = await startMutableVendor(10);
    vendor2 = await startMutableVendor(10, 101);
    vendor.items[2]!.sku = 'X-3';
    const config = join(tmp.dir, 'syncflow.yaml');
    // JSON is YAML; the comment must survive the app's edits.
    writeFileSync(
      config,
      `# kept by the operator\n${JSON.stringify({ syncOnStart: false, sources: [vendorSource('shop', vendor.url)] }, null, 2)}\n`,
    );
    serve = await startCli(
      ['serve', '--no-sync', '--config', config, '--data-dir', join(tmp.dir, 'data')],
      /Syncflow UI: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/,
    );
    const [, base, token] = serve.match;
    api = async <T>(method: string, input: unknown = {}) => {
      const res = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; result: T; error?: { message: string } };
      if (!body.ok) throw new Error(body.error?.message);
      return body.result;
    };
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await vendor?.close();
    await vendor2?.close();
    tmp.cleanup();
  });

  const screen = (page: Page, name: string) => page.locator('nav').getByRole('button', { name, exact: true }).click();
  const axe = async (page: Page) => {
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () => {
      type Violation = { id: string; impact: string | null; nodes: { target: string[]; html: string }[] };
      // Colour contrast belongs to the app's theme (the shell's palette, checked with every screen by its own axe run).
      const r = await (
        window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }
      ).axe.run({ include: ['#main'] }, { rules: { 'color-contrast': { enabled: false } } });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id}: ${v.nodes
              .slice(0, 3)
              .map((n) => n.html.slice(0, 120))
              .join(' | ')}`,
        );
    });
    expect(result).toEqual([]);
  };
  const shoot = async (page: Page, name: string) => {
    for (const width of [1366, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  };

  it('adds, tests and saves a source that syncs without a restart; fixes a quarantined record; approves a delete; reads history and activity', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${serve.match[1]!}/?token=${serve.match[2]!}`);
    await expect.poll(() => page.url()).not.toContain('token=');
    await api('syncNow', { source: 'shop' });

    // Settings: a new source, its connection tested, saved.
    await screen(page, 'Settings');
    await page.getByTestId('settings-source-row').first().waitFor();
    await page.getByRole('button', { name: 'Add a source' }).click();
    const editor = page.getByTestId('source-editor');
    await editor.getByLabel('Name', { exact: true }).fill('shop2');
    // The schema's field-level message, next to the field, while typing.
    await editor.getByLabel('Base URL').fill('not-a-url');
    await editor.getByText(/expected an absolute http\(s\) URL/).waitFor();
    await editor.getByLabel('Base URL').fill(vendor2.url);
    await expect.poll(() => editor.getByText(/expected an absolute http\(s\) URL/).count()).toBe(0);
    await editor.getByLabel('Path', { exact: true }).fill('/products');
    await editor.getByLabel('Records at (JSON path)').fill('items');
    const {
      name: _n,
      kind: _k,
      baseUrl: _b,
      path: _p,
      recordSelector: _r,
      ...rest
    } = vendorSource('shop2', vendor2.url);
    await editor.getByLabel(/Mapping, validation/).fill(JSON.stringify(rest, null, 2));
    await editor.getByLabel('Cron expression').fill('0 */6 * * *');
    await expect
      .poll(() => editor.getByTestId('schedule-preview').textContent())
      .toContain('Every 6 hours at minute 00');
    await editor.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => editor.getByTestId('test-result').textContent())
      .toContain('Connected: one page with 10 records');
    expect(await editor.getByTestId('test-preview-row').count()).toBe(5);
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Saved and applied.').waitFor();
    await expect.poll(() => page.getByTestId('settings-source-row').count()).toBe(2);
    await axe(page);
    await shoot(page, 'settings');

    // Dashboard's Sync now runs the new source too: no restart.
    await screen(page, 'Dashboard');
    await page.getByRole('button', { name: 'Sync now' }).first().click();
    await expect
      .poll(
        async () =>
          (await api<{ source: string; status: string }[]>('listRuns', { source: 'shop2' })).map((r) => r.status),
        { timeout: 30_000 },
      )
      .toContain('succeeded');

    // Problems: the quarantined record, its payload; fix the rule in Settings, retry, it loads.
    await screen(page, 'Problems');
    const row = page.getByTestId('quarantine-row').filter({ hasText: 'shop' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('regex:code');
    await row.getByRole('button', { name: 'Payload' }).click();
    await expect.poll(() => page.getByTestId('quarantine-payload').first().textContent()).toContain('X-3');
    await axe(page);
    await shoot(page, 'problems');

    await screen(page, 'Settings');
    await page
      .getByTestId('settings-source-row')
      .filter({ hasText: /^shop(?!2)/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    const more = page.getByTestId('source-editor').getByLabel(/Mapping, validation/);
    await more.fill((await more.inputValue()).replace('^SKU-', '^(SKU|X)-'));
    await page.getByTestId('source-editor').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('source-editor').getByText('Saved and applied.').waitFor();

    await screen(page, 'Problems');
    const shopRow = page.getByTestId('quarantine-row').filter({ has: page.locator('td', { hasText: /^shop$/ }) });
    await shopRow.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.getByTestId('retry-result').textContent()).toContain('1 loaded, 0 still failing');
    await expect.poll(() => shopRow.count()).toBe(0);
    expect((await api<{ code: string } | null>('getProduct', { id: '3' }))?.code).toBe('X-3');

    // A guarded delete, approved from the app while serve holds the data dir.
    vendor.items.splice(5, 5);
    const [held] = await api<{ status: string; id: number }[]>('syncNow', { source: 'shop', full: true });
    expect(held, JSON.stringify(held)).toMatchObject({ status: 'needs_review' });
    const review = page.getByTestId('delete-review');
    await expect.poll(() => review.getByTestId('delete-record').count()).toBe(5);
    await review.getByRole('button', { name: /Approve: delete 5 records/ }).click();
    await expect.poll(() => review.count()).toBe(0);
    const approved = await api<{ decidedRunId: number }[]>('listDeleteReviews', { status: 'approved' });
    expect(approved).toHaveLength(1);

    // History: filter to shop2, open a run.
    await screen(page, 'History');
    await page.getByLabel('Source', { exact: true }).selectOption('shop2');
    await expect
      .poll(async () => (await page.getByTestId('history-row').allTextContents()).every((t) => t.includes('shop2')))
      .toBe(true);
    await page.getByTestId('history-row').first().getByRole('button').click();
    await expect.poll(() => page.getByTestId('run-detail').textContent()).toContain('no previous successful sync');
    await expect.poll(() => page.getByTestId('run-log').textContent()).toContain('sync started');
    // The run explains itself in sentences.
    await expect.poll(() => page.getByTestId('run-explanation').textContent()).toContain('because of this: no previous successful sync');
    await page.getByLabel('Source', { exact: true }).selectOption('');
    await axe(page);
    await shoot(page, 'history');

    // Activity: the log filtered by text, with the log file's place.
    await screen(page, 'Activity');
    await expect.poll(() => page.getByTestId('log-file').textContent()).toContain('syncflow.log');
    await page.getByLabel('Search the log').fill('approved the deletes');
    await expect.poll(async () => (await page.getByTestId('activity-line').allTextContents()).length).toBe(1);
    await page.getByLabel('Search the log').fill('');
    await axe(page);
    await shoot(page, 'activity');
    expect(errors).toEqual([]);
  });

  it('Settings: notification switches saved to the config; a credential stored write-only as a ${file:} reference', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    await page.goto(`${serve.match[1]!}/?token=${serve.match[2]!}`);
    await screen(page, 'Settings');
    const notify = page.getByTestId('notification-settings');
    await notify.getByLabel('Mute all notifications').check();
    await notify.getByTestId('notify-muted').waitFor();
    await notify.getByLabel(/data is stale/).uncheck();
    await expect
      .poll(() => api<{ mute: boolean; kinds: Record<string, boolean> }>('getNotificationSettings'))
      .toMatchObject({ mute: true, kinds: { stale: false, 'run-failed': true } });
    await notify.getByLabel('Mute all notifications').uncheck();
    await expect.poll(async () => (await api<{ mute: boolean }>('getNotificationSettings')).mute).toBe(false);

    // Over serve there is no keychain: the value goes to an owner-only file and the screen gives the reference.
    const creds = page.getByTestId('credentials');
    await creds.getByLabel('Name').fill('SHOP_KEY');
    await creds.getByLabel('Value (never shown again)').fill('e2e-secret-value');
    await creds.getByRole('button', { name: 'Store credential' }).click();
    await expect.poll(() => creds.getByTestId('secret-ref').textContent()).toMatch(/\$\{file:.*SHOP_KEY\}/);
    expect(await creds.getByLabel('Value (never shown again)').inputValue()).toBe('');
    expect(await page.content()).not.toContain('e2e-secret-value');
    // Keyboard: the mute switch is reachable and toggles with Space.
    await notify.getByLabel('Mute all notifications').focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => (await api<{ mute: boolean }>('getNotificationSettings')).mute).toBe(true);
    await axe(page);
    await shoot(page, 'settings-notifications');
    await page.close();
  });
});
