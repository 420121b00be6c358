// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert, SourceStatus, SyncRun } from '../../src-shared/domain.js';
import type { NetworkView } from '../../src-renderer/lib/sourceState.js';
import { AlertPanel } from '../../src-renderer/components/AlertPanel.js';
import { LiveProgress } from '../../src-renderer/components/LiveProgress.js';
import { SourcesTable } from '../../src-renderer/components/SourcesTable.js';
import { StatusBanner } from '../../src-renderer/components/StatusBanner.js';
import { I18nProvider } from '../../src-renderer/i18n/index.js';
import type { SourceActions } from '../../src-renderer/lib/sourceActions.js';
import { ThroughputTracker } from '../../src-renderer/lib/throughput.js';

afterEach(cleanup);

const now = Date.parse('2026-03-01T12:00:00.000Z');
const online: NetworkView = { online: true, offlineSince: null, reason: null };
const actions: SourceActions = { pending: () => false, syncing: new Set(), act: vi.fn(async () => undefined) };

const failedRun: SyncRun = {
  id: 7,
  source: 'ploomes',
  trigger: 'manual',
  strategy: 'incremental',
  strategyReason: 'cursor',
  status: 'failed',
  startedAt: '2026-03-01T11:58:00.000Z',
  finishedAt: '2026-03-01T11:58:01.000Z',
  durationMs: 1000,
  pages: 0,
  counts: { fetched: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, quarantined: 0, failed: 0 },
  error: { class: 'auth', message: 'HTTP 401' },
  requests: 1,
  bytes: 0,
};

const source = (over: Partial<SourceStatus> = {}): SourceStatus => ({
  name: 'ploomes',
  kind: 'ploomes',
  entity: 'products',
  state: 'error',
  lastRun: failedRun,
  lastSuccessAt: '2026-03-01T09:00:00.000Z',
  nextRunAt: '2026-03-01T12:25:00.000Z',
  ...over,
});

function table(sources: SourceStatus[], extra: { paused?: boolean; network?: NetworkView; runs?: SyncRun[] } = {}) {
  const queue = {
    depth: 0,
    running: [],
    paused: {
      all: false,
      allUntil: null,
      sources: extra.paused ? [{ source: 'ploomes', until: '2026-03-01T12:30:00.000Z' }] : [],
    },
  };
  return render(
    <I18nProvider locale="en">
      <SourcesTable
        sources={sources}
        syncing={new Set()}
        queued={new Set()}
        queue={queue}
        network={extra.network ?? online}
        stale={new Set()}
        runs={extra.runs ?? []}
        actions={actions}
        now={now}
      />
    </I18nProvider>,
  );
}

describe('sources table', () => {
  it('shows last success and last attempt apart, the next run in words, and the error for people', () => {
    table([source()]);
    const row = screen.getByTestId('source-row');
    expect(row.getAttribute('data-state')).toBe('error');
    const cells = within(row).getAllByRole('cell');
    expect(cells[1]?.textContent).toBe('3 hr. ago');
    expect(cells[2]?.textContent).toContain('1 min. ago');
    expect(cells[2]?.textContent).toContain('failed');
    expect(cells[3]?.textContent).toBe('in 25 min.');
    expect(screen.getByText('Ploomes refused the User-Key.')).toBeTruthy();
    expect(screen.getByText('Check the key in Settings → Sources.')).toBeTruthy();
  });

  it('says paused until when, with Resume instead of Pause', () => {
    table([source({ lastRun: null, state: 'idle' })], { paused: true });
    expect(screen.getByTestId('source-row').getAttribute('data-state')).toBe('paused');
    expect(screen.getByTestId('source-paused').getAttribute('data-until')).toBe('2026-03-01T12:30:00.000Z');
    expect(screen.getByRole('button', { name: 'Resume ploomes' })).toBeTruthy();
    expect(screen.queryByLabelText('Pause ploomes')).toBeNull();
  });

  it('says offline since when the agent is offline', () => {
    table([source({ lastRun: null, state: 'idle' })], {
      network: { online: false, offlineSince: '2026-03-01T11:50:00.000Z', reason: 'ENETUNREACH' },
    });
    expect(screen.getByTestId('source-row').getAttribute('data-state')).toBe('offline');
    expect(screen.getByText('since 10 min. ago')).toBeTruthy();
  });
});

describe('a source that cannot be reached', () => {
  it('reads offline since its first connect failure, with a banner until it syncs again', () => {
    const refused = (id: number, startedAt: string): SyncRun => ({
      ...failedRun,
      id,
      startedAt,
      error: { class: 'network', message: 'connect ECONNREFUSED 127.0.0.1:18777' },
    });
    const runs = [refused(9, '2026-03-01T11:55:00.000Z'), refused(8, '2026-03-01T11:40:00.000Z'), failedRun];
    table([source({ lastRun: runs[0] })], { runs });
    expect(screen.getByTestId('source-row').getAttribute('data-state')).toBe('offline');
    expect(screen.getByText('since 20 min. ago')).toBeTruthy();
    expect(screen.getByText('ploomes could not be reached.')).toBeTruthy();
    cleanup();
    render(
      <I18nProvider locale="en">
        <StatusBanner network={online} unreachable={[{ name: 'ploomes', since: runs[1]!.startedAt }]} stale={[]} now={now} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('offline-banner').textContent).toContain('ploomes cannot be reached. Since 20 min. ago.');
  });
});

describe('banners and alerts', () => {
  it('shows the offline banner only while offline, and a stale banner naming the sources', () => {
    const stale: Alert[] = [{ kind: 'stale', level: 'warning', source: 'erp', message: 'erp: no sync for 30 h', at: '' }];
    const { rerender } = render(
      <I18nProvider locale="pt-BR">
        <StatusBanner
          network={{ online: false, offlineSince: null, reason: 'connect ENETUNREACH' }}
          unreachable={[]}
          stale={[]}
          now={now}
        />
      </I18nProvider>,
    );
    expect(screen.getByTestId('offline-banner').textContent).toContain('Sem conexão.');
    rerender(
      <I18nProvider locale="pt-BR">
        <StatusBanner network={online} unreachable={[]} stale={stale} now={now} />
      </I18nProvider>,
    );
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.getByTestId('stale-banner').textContent).toContain('Dados desatualizados: erp.');
  });

  it('lists open alerts with repeats and the history with raised and resolved times', () => {
    const open: Alert[] = [
      { id: 3, kind: 'run-failed', level: 'error', source: 'erp', message: 'erp: sync failed', at: '', repeats: 4 },
    ];
    const history: Alert[] = [
      {
        id: 1,
        kind: 'stale',
        level: 'warning',
        source: 'erp',
        message: 'erp: stale',
        at: '2026-03-01T08:00:00.000Z',
        raisedAt: '2026-03-01T07:00:00.000Z',
        resolvedAt: '2026-03-01T09:00:00.000Z',
      },
    ];
    render(
      <I18nProvider locale="en">
        <AlertPanel open={open} history={history} now={now} onShowHistory={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByRole('heading').textContent).toBe('1 alert');
    expect(screen.getByTestId('alert').textContent).toContain('(×4)');
    fireEvent.click(screen.getByRole('button', { name: 'Alert history' }));
    const row = screen.getByTestId('alert-history-row');
    expect(row.getAttribute('data-kind')).toBe('stale');
    expect(row.textContent).not.toContain('still open');
    expect(screen.getByRole('button', { name: 'Hide history' }).getAttribute('aria-expanded')).toBe('true');
  });
});

describe('live progress', () => {
  it('shows records per second and the time left', () => {
    const tracker = new ThroughputTracker();
    const p = { runId: 1, source: 'erp', phase: 'fetching' as const, pages: 3, fetched: 1000, total: 10_000 };
    tracker.observe(p, now - 4000);
    tracker.observe({ ...p, fetched: 500 }, now - 4000);
    render(
      <I18nProvider locale="en">
        <LiveProgress running={[{ ...p, fetched: 5000 }]} throughput={tracker} now={now} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('live-rate').textContent).toContain('1,000 rec/s');
    expect(screen.getByTestId('live-eta').textContent).toContain('about 5.0s left');
  });
});
