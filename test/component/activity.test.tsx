// @vitest-environment happy-dom
// Activity searches the log files of a real engine, newest first, and pages back with "Load older lines": the
// pages join without a gap or a repeat, and live updates stop while older lines are shown.
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Activity } from '../../src-renderer/screens/Activity.js';
import { I18nProvider } from '../../src-renderer/i18n/index.js';
import { agentPerTest, ONE_SOURCE } from './engineBridge.js';

const openAgent = agentPerTest();

// Each page is read from real log files by a real engine: on a loaded 2-core machine that can take more than
// waitFor's default second. A wait, not a speed limit.
configure({ asyncUtilTimeout: 15_000 });

const numbers = () =>
  screen
    .getAllByTestId('activity-line')
    .map((l) => /entry (\d+)/.exec(l.textContent ?? '')?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);

describe('Activity over the log files', () => {
  it('shows the newest 500 matching lines, then older pages that join them, until the first', async () => {
    const agent = await openAgent(ONE_SOURCE, { fileLogs: true });
    for (let i = 1; i <= 1200; i++) agent.engine.log.info(`entry ${i} of the test`);
    render(
      <I18nProvider locale="en">
        <Activity visible />
      </I18nProvider>,
    );
    fireEvent.change(screen.getByLabelText('Search the log'), { target: { value: 'of the test' } });
    await waitFor(() => expect(numbers()).toEqual(Array.from({ length: 500 }, (_, i) => 701 + i)));
    expect(screen.getByText('Searching the log files, newest first.')).toBeTruthy();

    const older = screen.getByRole('button', { name: 'Load older lines' }) as HTMLButtonElement;
    // The lines of a page show a render before the button leaves its busy state; a click before that is ignored
    // (a landing check at load 18 saw 1,000 lines where 1,200 were due).
    await waitFor(() => expect(older.disabled).toBe(false));
    fireEvent.click(older);
    await waitFor(() => expect(numbers()).toEqual(Array.from({ length: 1000 }, (_, i) => 201 + i)));
    expect(screen.getByText(/live updates are paused/)).toBeTruthy();
    expect((screen.getByLabelText('Pause autoscroll') as HTMLInputElement).checked).toBe(true);

    await waitFor(() => expect(older.disabled).toBe(false));
    fireEvent.click(older);
    await waitFor(() => expect(numbers()).toEqual(Array.from({ length: 1200 }, (_, i) => 1 + i)));
    await waitFor(() => expect(older.disabled).toBe(true));

    // Following the log again drops the older pages.
    fireEvent.click(screen.getByLabelText('Pause autoscroll'));
    await waitFor(() => expect(numbers()).toHaveLength(500));
  });
});
