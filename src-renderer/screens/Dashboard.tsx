import { useEffect, useMemo } from 'react';
import type { SyncRun } from '../../src-shared/domain.js';
import { AlertPanel } from '../components/AlertPanel.js';
import { LiveProgress } from '../components/LiveProgress.js';
import { LogPanel } from '../components/LogPanel.js';
import { MetricsTable } from '../components/MetricsTable.js';
import { PauseMenu } from '../components/PauseMenu.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { RunsTable } from '../components/RunsTable.js';
import { SourcesTable } from '../components/SourcesTable.js';
import { StatusBanner } from '../components/StatusBanner.js';
import { StatusTiles } from '../components/StatusTiles.js';
import { TableFrame } from '../components/TableFrame.js';
import { EmptyState } from '../components/StatusPill.js';
import { useFormat, useT } from '../i18n/index.js';
import { useDashboardData } from '../lib/dashboardData.js';
import { useNow } from '../lib/hooks.js';
import { summarizeProgress } from '../lib/progress.js';
import { ALL, useSourceActions } from '../lib/sourceActions.js';
import { isUnreachable, networkOf, queuedSources, unreachableSince } from '../lib/sourceState.js';

/** The newest run we know of (highest id), from the runs list and each source's last run. */
function latestRun(sourcesLast: readonly (SyncRun | null)[], runs: readonly SyncRun[]): SyncRun | null {
  let latest: SyncRun | null = null;
  for (const run of [...runs, ...sourcesLast]) if (run && (!latest || run.id > latest.id)) latest = run;
  return latest;
}

export function Dashboard() {
  const t = useT();
  const fmt = useFormat();
  const data = useDashboardData();
  const { status, runs, active } = data;
  const actions = useSourceActions({ onRuns: data.markFinished, refresh: data.refresh });
  const syncing = active.size > 0 || actions.syncing.size > 0;
  const now = useNow(syncing ? 1000 : 15_000);
  const { setPolling } = data;
  useEffect(() => setPolling(syncing), [setPolling, syncing]);

  const running = useMemo(() => [...active.values()], [active]);
  const summary = useMemo(() => summarizeProgress(running, t, fmt), [running, t, fmt]);
  const syncingSources = useMemo(
    () => new Set([...running.map((p) => p.source), ...actions.syncing]),
    [running, actions.syncing],
  );
  const network = networkOf(status);
  const queue = status?.metrics?.queue;
  const staleAlerts = data.openAlerts.filter((a) => a.kind === 'stale');
  const staleSources = useMemo(() => new Set(staleAlerts.map((a) => a.source)), [staleAlerts]);
  const unreachable = useMemo(
    () =>
      (status?.sources ?? []).flatMap((s) =>
        isUnreachable(s.lastRun) ? [{ name: s.name, since: unreachableSince(s, runs) }] : [],
      ),
    [status, runs],
  );
  const last = latestRun(status?.sources.map((s) => s.lastRun) ?? [], runs);
  const allPaused = queue?.paused.all ?? false;

  return (
    <section className="screen" aria-labelledby="dashboard-title">
      <header className="screen-header">
        <div>
          <h1 id="dashboard-title">{t('dashboard.title')}</h1>
          <div className="subtitle">
            {status ? (
              <>
                {t('dashboard.engine', { version: status.version })}
                {status.demo ? <span className="badge">{t('dashboard.demo')}</span> : null}
                <span className="sep">·</span>
                <span className="path" title={status.dataDir}>
                  {status.dataDir}
                </span>
              </>
            ) : data.loaded ? (
              t('dashboard.statusUnavailable')
            ) : (
              t('common.loading')
            )}
          </div>
        </div>
        <div className="header-actions" role="group" aria-label={t('dashboard.allSources')}>
          <span className={`sync-state ${syncing ? 'is-syncing' : ''}`} data-testid="sync-state" role="status">
            {syncing ? t('dashboard.syncing') : t('dashboard.idle')}
          </span>
          {syncing ? (
            <button
              type="button"
              className="btn btn-danger"
              disabled={actions.pending(ALL, 'stop')}
              onClick={() => void actions.act(ALL, 'stop')}
            >
              {t('dashboard.stopAll')}
            </button>
          ) : null}
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void actions.act(ALL, 'sync')}
            disabled={syncing}
          >
            {t('dashboard.syncNow')}
          </button>
          <button type="button" className="btn" onClick={() => void actions.act(ALL, 'full')} disabled={syncing}>
            {t('dashboard.fullSyncAll')}
          </button>
          {allPaused ? (
            <button type="button" className="btn btn-ghost" onClick={() => void actions.act(ALL, 'resume')}>
              {t('dashboard.resumeAll')}
            </button>
          ) : (
            <PauseMenu
              label={t('dashboard.pauseAll')}
              testId="pause-all"
              disabled={actions.pending(ALL, 'pause')}
              onPause={(choice) => void actions.act(ALL, 'pause', choice)}
            />
          )}
        </div>
      </header>

      <StatusBanner network={network} unreachable={unreachable} stale={staleAlerts} now={now} />

      <div className="panel sync-panel">
        <ProgressBar summary={summary} active={syncing} />
        <LiveProgress running={running} throughput={data.throughput} now={now} />
      </div>

      <AlertPanel
        open={data.openAlerts}
        history={data.alertHistory}
        now={now}
        onShowHistory={(show) => {
          if (show) void data.loadHistory();
        }}
      />

      <StatusTiles status={status} last={last} now={now} />

      <h2>{t('dashboard.sources')}</h2>
      <TableFrame label={t('dashboard.sources')}>
        {status && status.sources.length > 0 ? (
          <SourcesTable
            sources={status.sources}
            syncing={syncingSources}
            queued={queuedSources(queue)}
            queue={queue}
            network={network}
            stale={staleSources}
            runs={runs}
            actions={actions}
            now={now}
          />
        ) : (
          <EmptyState title={status ? t('dashboard.noSources') : t('dashboard.noStatus')}>
            {status ? t('dashboard.noSources.body') : null}
          </EmptyState>
        )}
      </TableFrame>

      {status?.metrics && status.metrics.sources.length > 0 ? (
        <>
          <h2>{t('dashboard.health', { hours: status.metrics.windowHours })}</h2>
          <TableFrame label={t('dashboard.health', { hours: status.metrics.windowHours })}>
            <MetricsTable metrics={status.metrics} />
          </TableFrame>
        </>
      ) : null}

      <h2>{t('dashboard.recentRuns')}</h2>
      <TableFrame label={t('dashboard.recentRuns')}>
        {runs.length > 0 ? (
          <RunsTable runs={runs} now={now} />
        ) : (
          <EmptyState title={t('dashboard.noRuns')}>{t('dashboard.noRuns.body')}</EmptyState>
        )}
      </TableFrame>

      <h2>{t('dashboard.log')}</h2>
      <LogPanel lines={data.logs} />
    </section>
  );
}
