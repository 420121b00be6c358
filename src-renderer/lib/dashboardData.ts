// Everything the dashboard shows, kept fresh: status, recent runs, the log tail, open alerts and live progress.
// Polling backs up the event stream (it notices runs started elsewhere and an engine that came back); bursts of
// progress and log events during a large sync are collected and rendered a few times a second at most.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentStatus, Alert, LogLine, Progress, SyncRun } from '../../src-shared/domain.js';
import { useHealth } from './health.js';
import { useEngineEvent } from './hooks.js';
import { mergeLogs } from './logs.js';
import { ThroughputTracker } from './throughput.js';
import { syncflow } from '../transport.js';

const RUNS_SHOWN = 20;
const POLL_IDLE_MS = 15_000;
const POLL_SYNCING_MS = 3_000;
/** How often bursts of progress and log events reach the screen. */
export const FLUSH_MS = 250;

/** Collects events and hands them over at most every FLUSH_MS. */
function useBatched<T>(apply: (batch: T[]) => void): (item: T) => void {
  const pending = useRef<T[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(apply);
  useEffect(() => {
    latest.current = apply;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback((item: T) => {
    pending.current.push(item);
    timer.current ??= setTimeout(() => {
      timer.current = null;
      const batch = pending.current;
      pending.current = [];
      latest.current(batch);
    }, FLUSH_MS);
  }, []);
}

export interface DashboardData {
  status: AgentStatus | null;
  loaded: boolean;
  runs: SyncRun[];
  logs: LogLine[];
  active: ReadonlyMap<number, Progress>;
  openAlerts: Alert[];
  /** Resolved alerts, newest first; null until loadHistory() is called. */
  alertHistory: Alert[] | null;
  throughput: ThroughputTracker;
  refresh: () => Promise<void>;
  loadHistory: () => Promise<void>;
  markFinished: (runs: readonly SyncRun[]) => void;
  setPolling: (syncing: boolean) => void;
}

export function useDashboardData(): DashboardData {
  const health = useHealth();
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [logs, setLogs] = useState<LogLine[]>([]);
  const [active, setActive] = useState<ReadonlyMap<number, Progress>>(() => new Map());
  const [openAlerts, setOpenAlerts] = useState<Alert[]>([]);
  const [alertHistory, setAlertHistory] = useState<Alert[] | null>(null);
  const [syncing, setPolling] = useState(false);
  const throughput = useRef(new ThroughputTracker()).current;

  /** Runs reported finished; a late progress event or a stale status never revives them. */
  const finished = useRef(new Set<number>());
  const issued = useRef(0);
  const applied = useRef(0);
  const lastLogSeq = useRef<number | null>(null);
  const historyWanted = useRef(false);

  useEffect(() => {
    lastLogSeq.current = logs[logs.length - 1]?.seq ?? lastLogSeq.current;
  }, [logs]);

  const loadHistory = useCallback(async () => {
    historyWanted.current = true;
    try {
      setAlertHistory(await syncflow.listAlerts({ open: false, limit: 100 }));
    } catch (err) {
      health.report(err);
    }
  }, [health]);

  const refresh = useCallback(async () => {
    const seq = ++issued.current;
    try {
      const afterSeq = lastLogSeq.current;
      const [nextStatus, nextRuns, tail, alerts] = await Promise.all([
        syncflow.getStatus({}),
        syncflow.listRuns({ limit: RUNS_SHOWN }),
        syncflow.tailLogs(afterSeq === null ? { limit: 200 } : { afterSeq, limit: 500 }),
        syncflow.listAlerts({ open: true, limit: 100 }),
      ]);
      health.ok();
      setLogs((prev) => mergeLogs(prev, tail));
      if (seq < applied.current) return; // an answer to a newer request is already on screen
      applied.current = seq;
      setStatus(nextStatus);
      setRuns(nextRuns);
      setOpenAlerts(alerts);
      setActive((prev) => {
        const next = new Map<number, Progress>();
        for (const p of nextStatus.running) {
          if (!finished.current.has(p.runId)) next.set(p.runId, prev.get(p.runId) ?? p);
        }
        return next;
      });
      if (historyWanted.current) void loadHistory();
    } catch (err) {
      health.report(err);
    } finally {
      setLoaded(true);
    }
  }, [health, loadHistory]);

  const markFinished = useCallback(
    (finishedRuns: readonly SyncRun[]) => {
      for (const run of finishedRuns) {
        finished.current.add(run.id);
        throughput.forget(run.id);
      }
      setActive((prev) => {
        const next = new Map(prev);
        for (const run of finishedRuns) next.delete(run.id);
        return next;
      });
    },
    [throughput],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    const timer = setInterval(() => void refresh(), syncing ? POLL_SYNCING_MS : POLL_IDLE_MS);
    return () => clearInterval(timer);
  }, [refresh, syncing]);

  const onProgress = useBatched<Progress>((batch) => {
    const at = Date.now();
    setActive((prev) => {
      const next = new Map(prev);
      for (const p of batch) {
        if (finished.current.has(p.runId)) continue;
        throughput.observe(p, at);
        next.set(p.runId, p);
      }
      return next;
    });
  });
  useEngineEvent('progress', onProgress);

  const onLogs = useBatched<LogLine>((batch) => setLogs((prev) => mergeLogs(prev, batch)));
  useEngineEvent('log', onLogs);

  useEngineEvent('runFinished', (run) => {
    markFinished([run]);
    setRuns((prev) => [run, ...prev.filter((r) => r.id !== run.id)].slice(0, RUNS_SHOWN));
    void refresh();
  });

  useEngineEvent('alert', (alert) =>
    setOpenAlerts((prev) => [alert, ...prev.filter((a) => !(a.kind === alert.kind && a.source === alert.source))]),
  );
  useEngineEvent('alertResolved', (alert) => {
    setOpenAlerts((prev) => prev.filter((a) => a.id !== alert.id));
    if (historyWanted.current) setAlertHistory((prev) => (prev ? [alert, ...prev.filter((a) => a.id !== alert.id)] : prev));
  });

  return {
    status,
    loaded,
    runs,
    logs,
    active,
    openAlerts,
    alertHistory,
    throughput,
    refresh,
    loadHistory,
    markFinished,
    setPolling,
  };
}
