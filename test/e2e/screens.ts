// Every screen of the operator UI, for the accessibility, layout and screenshot checks in screens.test.ts.
// A new screen is one entry: its id (the sidebar button's data-screen) and what shows it has loaded its data.
import type { Page } from 'playwright-core';

export interface ScreenCheck {
  id: string;
  ready(page: Page): Promise<void>;
}

export const screens: ScreenCheck[] = [
  { id: 'dashboard', ready: (page) => page.getByTestId('source-row').first().waitFor() },
  { id: 'catalog', ready: (page) => page.getByTestId('result-row').first().waitFor() },
  {
    id: 'records',
    ready: (page) => page.getByTestId('record-row').first().waitFor(),
  },
  { id: 'problems', ready: (page) => page.getByTestId('quarantine-total').waitFor() },
  { id: 'history', ready: (page) => page.getByTestId('history-row').first().waitFor() },
  { id: 'activity', ready: (page) => page.getByTestId('activity-line').first().waitFor() },
  { id: 'settings', ready: (page) => page.getByTestId('settings-source-row').first().waitFor() },
];

export const viewports = [
  { width: 1366, height: 850 },
  { width: 800, height: 700 },
] as const;

export async function openScreen(page: Page, id: string): Promise<void> {
  await page.locator(`nav [data-screen="${id}"]`).click();
}
