import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AgentStatus, LogLine, Progress, SyncRun } from '../../src-shared/domain.js';
import { AlertList } from '../components/AlertList.js';
import { LogPanel } from '../components/LogPanel.js';
import { MetricsTable } from '../components/MetricsTable.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { RunsTable } from '../components/RunsTable.js';
import { SourcesTable } from '../components/SourcesTable.js';
import { StatusTiles } from '../components/StatusTiles.js';
import { EmptyState } from '../components/StatusPill.js';
import { addAlert, dismissAlert } from '../lib/alerts.js';
import type { ShownAlert } from '../lib/alerts.js';
import { useHealth } from '../lib/health.js';
import { useEngineEvent, useNow } from '../lib/hooks.js';
import { mergeLogs } from '../lib/logs.js';
import { applyProgress, summarizeProgress } from '../lib/progress.js';
import { useSourceActions } from '../lib/sourceActions.js';
import { syncflow } from '../transport.js';
import { useFormat, useT } from '../i18n/index.js';

const RUNS_SHOWN = 20;
const POLL_IDLE_MS = 15_000;
const POLL_SYNCING_MS = 3_000;
const LOG_FLUSH_MS = 100;

/** The newest run we know of (highest id), from the runs list and each source's last run. */
function latestRun(status: AgentStatus | null, runs: readonly SyncRun[]): SyncRun | null {
  let latest: SyncRun | null = null;
  const candidates = [...runs, ...(status?.sources.map((s) => s.lastRun) ?? [])];
  for (const run of candidates) if (run && (!latest || run.id > latest.id)) latest = run;
  return latest;
}

export function Dashboard() {
  const t = useT();
  const fmt = useFormat();
  const health = useHealth();
  const now = useNow();
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [active, setActive] = useState<Map<number, Progress>>(() => new Map());
  const [requesting, setRequesting] = useState(false);
  const [logs, setLogs] = useState<LogLine[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [alerts, setAlerts] = useState<ShownAlert[]>([]);

  /** Runs reported finished; a late progress event or a stale status never revives them. */
  const finished = useRef(new Set<number>());
  const issued = useRef(0);
  const applied = useRef(0);
  const lastLogSeq = useRef<number | null>(null);

  useEffect(() => {
    lastLogSeq.current = logs[logs.length - 1]?.seq ?? lastLogSeq.current;
  }, [logs]);

  const refresh = useCallback(async () => {
    const seq = ++issued.current;
    try {
      const afterSeq = lastLogSeq.current;
      const [nextStatus, nextRuns, tail] = await Promise.all([
        syncflow.getStatus({}),
        syncflow.listRuns({ limit: RUNS_SHOWN }),
        syncflow.tailLogs(afterSeq === null ? { limit: 200 } : { afterSeq, limit: 500 }),
      ]);
      health.ok();
      setLogs((prev) => mergeLogs(prev, tail));
      if (seq < applied.current) return; // an answer to a newer request is already on screen
      applied.current = seq;
      setStatus(nextStatus);
      setRuns(nextRuns);
      setActive((prev) => {
        const next = new Map<number, Progress>();
        for (const p of nextStatus.running) {
          if (!finished.current.has(p.runId)) next.set(p.runId, prev.get(p.runId) ?? p);
        }
        return next;
      });
    } catch (err) {
      health.report(err);
    } finally {
      setLoaded(true);
    }
  }, [health]);

  /** Runs a sync call returned are over: drop them from the live progress, whatever events still arrive. */
  const markFinished = useCallback((finishedRuns: readonly SyncRun[]) => {
    for (const run of finishedRuns) finished.current.add(run.id);
    setActive((prev) => {
      const next = new Map(prev);
      for (const run of finishedRuns) next.delete(run.id);
      return next;
    });
  }, []);

  const actions = useSourceActions({ onRuns: markFinished, refresh });
  const syncing = requesting || active.size > 0 || actions.syncing.size > 0;

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Polling backs up the event stream: it notices runs started elsewhere and an engine that came back.
  useEffect(() => {
    const timer = setInterval(() => void refresh(), syncing ? POLL_SYNCING_MS : POLL_IDLE_MS);
    return () => clearInterval(timer);
  }, [refresh, syncing]);

  useEngineEvent('alert', (alert) => setAlerts((prev) => addAlert(prev, alert)));

  useEngineEvent('progress', (p) => setActive((prev) => applyProgress(prev, p, finished.current)));

  useEngineEvent('runFinished', (run) => {
    finished.current.add(run.id);
    setActive((prev) => {
      if (!prev.has(run.id)) return prev;
      const next = new Map(prev);
      next.delete(run.id);
      return next;
    });
    setRuns((prev) => [run, ...prev.filter((r) => r.id !== run.id)].slice(0, RUNS_SHOWN));
    void refresh();
  });

  // Log events can arrive in bursts during a large sync: collect them and render at most every LOG_FLUSH_MS.
  const pendingLogs = useRef<LogLine[]>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEngineEvent('log', (line) => {
    pendingLogs.current.push(line);
    flushTimer.current ??= setTimeout(() => {
      flushTimer.current = null;
      const batch = pendingLogs.current;
      pendingLogs.current = [];
      setLogs((prev) => mergeLogs(prev, batch));
    }, LOG_FLUSH_MS);
  });
  useEffect(
    () => () => {
      if (flushTimer.current) clearTimeout(flushTimer.current);
    },
    [],
  );

  const syncNow = async (): Promise<void> => {
    setRequesting(true);
    try {
      markFinished(await syncflow.syncNow({}));
      health.ok();
    } catch (err) {
      health.report(err);
    } finally {
      setRequesting(false);
      void refresh();
    }
  };

  const summary = useMemo(() => summarizeProgress([...active.values()], t, fmt), [active, t, fmt]);
  const syncingSources = useMemo(
    () => new Set([...[...active.values()].map((p) => p.source), ...actions.syncing]),
    [active, actions.syncing],
  );
  const last = latestRun(status, runs);

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
            ) : loaded ? (
              t('dashboard.statusUnavailable')
            ) : (
              t('common.loading')
            )}
          </div>
        </div>
        <div className="header-actions">
          <span className={`sync-state ${syncing ? 'is-syncing' : ''}`} data-testid="sync-state" role="status">
            {syncing ? t('dashboard.syncing') : t('dashboard.idle')}
          </span>
          <button type="button" className="btn btn-primary" onClick={() => void syncNow()} disabled={syncing}>
            {t('dashboard.syncNow')}
          </button>
        </div>
      </header>

      {alerts.length > 0 ? (
        <AlertList
          alerts={alerts}
          now={now}
          onDismiss={(key) => setAlerts((prev) => dismissAlert(prev, key))}
          onDismissAll={() => setAlerts([])}
        />
      ) : null}

      <div className="panel sync-panel">
        <ProgressBar summary={summary} active={syncing} />
      </div>

      <StatusTiles status={status} last={last} now={now} />

      <h2>{t('dashboard.sources')}</h2>
      <div className="panel panel-flush">
        {status && status.sources.length > 0 ? (
          <SourcesTable
            sources={status.sources}
            syncing={syncingSources}
            queue={status.metrics?.queue}
            actions={actions}
            now={now}
          />
        ) : (
          <EmptyState title={status ? t('dashboard.noSources') : t('dashboard.noStatus')}>
            {status ? t('dashboard.noSources.body') : null}
          </EmptyState>
        )}
      </div>

      {status?.metrics && status.metrics.sources.length > 0 ? (
        <>
          <h2>{t('dashboard.health', { hours: status.metrics.windowHours })}</h2>
          <div className="panel panel-flush">
            <MetricsTable metrics={status.metrics} />
          </div>
        </>
      ) : null}

      <h2>{t('dashboard.recentRuns')}</h2>
      <div className="panel panel-flush">
        {runs.length > 0 ? (
          <RunsTable runs={runs} now={now} />
        ) : (
          <EmptyState title={t('dashboard.noRuns')}>{t('dashboard.noRuns.body')}</EmptyState>
        )}
      </div>

      <h2>{t('dashboard.log')}</h2>
      <LogPanel lines={logs} />
    </section>
  );
}
