// One operator UI for an e2e file: the demo vendor (Ploomes-shaped) and a json-server CRM in other processes,
// `syncflow serve` over them, and Chromium on its page, everything synced once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../helpers/cli.js';
import { startCli, type Started } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';
import { startJsonServer } from '../fixtures/jsonServer.js';
import { viewports } from './screens.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const shots = join(repoRoot, 'test-output', 'e2e', 'screens');
/** Intl puts no-break spaces in money and units; compare on plain ones. */
export const plain = (s: string | null): string => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

export interface OperatorUi {
  page: Page;
  demoUrl: string;
  /** Takes the demo vendor down (kill -9). */
  vendorDown(): Promise<void>;
  /** Brings it back on the same port. */
  vendorUp(): Promise<void>;
  close(): Promise<void>;
}

export async function startOperatorUi(): Promise<OperatorUi> {
  mkdirSync(shots, { recursive: true });
  const tmp = tempDir();
  let demo: Started | null = await startCli(['demo-server', '--port', '0'], /Demo API: (http:\/\/127\.0\.0\.1:(\d+))/);
  const demoUrl = demo.match[1]!;
  const demoPort = demo.match[2]!;
  // A second entity (customers) for the records screen.
  const crm = await startJsonServer({
    customers: Array.from({ length: 12 }, (_, i) => ({ id: `C${i + 1}`, legal_name: `Cliente ${i + 1} Ltda`, city: 'Joinville' })),
  });
  const config = join(tmp.dir, 'syncflow.yaml');
  writeFileSync(
    config,
    [
      'resilience: { maxRetries: 0 }',
      'sources:',
      '  - name: ploomes',
      '    kind: ploomes',
      `    baseUrl: ${demoUrl}`,
      '    apiKey: ${env:E2E_PLOOMES_KEY}',
      // The demo keeps the brand in a custom field, as a real account does; an operator maps it.
      "    mapping: { fields: { brand: 'OtherProperties[FieldKey=product_brand].StringValue' } }",
      '  - name: crm',
      '    kind: rest',
      '    entity: customers',
      `    baseUrl: ${crm.url}`,
      '    path: /customers',
      '    pagination: { type: offset, offsetParam: _start, limitParam: _limit, pageSize: 10 }',
      '    mapping: { fields: { id: id, name: legal_name, city: city } }',
      '',
    ].join('\n'),
  );
  const serve = await startCli(
    ['serve', '--no-sync', '--config', config, '--data-dir', join(tmp.dir, 'data')],
    /Syncflow UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
    { E2E_PLOOMES_KEY: 'demo-key' },
  );
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  // axe-core is evaluated in the page; the built page's CSP would refuse it. Downloads are kept for the CSV test.
  const context: BrowserContext = await browser.newContext({
    bypassCSP: true,
    locale: 'en-US',
    viewport: viewports[0],
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(serve.match[1]!);
  await page.getByRole('button', { name: 'Sync now' }).click();
  for (const source of ['ploomes', 'crm']) {
    const done = page.locator(`[data-testid="source-row"][data-source="${source}"] [data-status="succeeded"]`);
    await done.first().waitFor({ timeout: 90_000 });
  }
  return {
    page,
    demoUrl,
    vendorDown: async () => {
      await demo?.stop('SIGKILL');
      demo = null;
    },
    vendorUp: async () => {
      demo = await startCli(['demo-server', '--port', demoPort], /Demo API: (http:\/\/127\.0\.0\.1:\d+)/);
    },
    close: async () => {
      await context.close();
      await browser.close();
      await serve.stop();
      await demo?.stop('SIGKILL');
      await crm.close();
      tmp.cleanup();
    },
  };
}
