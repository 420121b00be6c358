// Activity: the engine's log with filters (level, source, run), text search, full dates, a pause for the
// autoscroll, and where the log file is. The search runs over the log files on disk (rotated ones too), newest
// first; "Load older lines" pages further back. New lines arrive as events and are re-queried at most once a
// second; while older pages are shown the live updates pause, so the pages stay contiguous.
import { useEffect, useRef, useState } from 'react';
import type { LogLevel, LogLine } from '../../src-shared/domain.js';
import { FilterInput } from '../components/FilterInput.js';
import { FilterSelect } from '../components/FilterSelect.js';
import { useFormat, useT } from '../i18n/index.js';
import { useEngineEvent } from '../lib/hooks.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';

const levels: LogLevel[] = ['debug', 'info', 'warn', 'error'];
const PAGE = 500;

export function Activity({ visible }: { visible: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const [level, setLevel] = useState<LogLevel | ''>('');
  const [source, setSource] = useState('');
  const [runId, setRunId] = useState('');
  const [text, setText] = useState('');
  const [paused, setPaused] = useState(false);
  const [older, setOlder] = useState<{ lines: LogLine[]; next?: string } | null>(null);
  const { busy, act } = useBusyAction();
  const run = /^\d+$/.test(runId.trim()) ? Number(runId.trim()) : undefined;
  const sources = useReload(() => syncflow.getStatus({}), []);
  const filter = {
    ...(level ? { level } : {}),
    ...(source ? { source } : {}),
    ...(run ? { runId: run } : {}),
    ...(text.trim() ? { text: text.trim() } : {}),
  };
  const logs = useReload(() => syncflow.queryLogs({ limit: PAGE, ...filter }), [level, source, run, text]);
  useEffect(() => setOlder(null), [level, source, run, text]);
  const next = older ? older.next : logs.value?.next;
  const loadOlder = () =>
    act(async () => {
      if (!next) return;
      const page = await syncflow.queryLogs({ limit: PAGE, ...filter, cursor: next });
      setPaused(true);
      setOlder({ lines: [...page.lines, ...(older?.lines ?? [])], ...(page.next ? { next: page.next } : {}) });
    });
  const follow = (on: boolean) => {
    setPaused(on);
    if (!on && older) {
      setOlder(null);
      logs.reload();
    }
  };
  // Events are throttled to one query a second, so a busy sync does not flood the screen.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEngineEvent('log', () => {
    if (!visible || pending.current || older) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      logs.reload();
    }, 1000);
  });
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const frame = useRef<HTMLDivElement>(null);
  const lines = [...(older?.lines ?? []), ...(logs.value?.lines ?? [])];
  useEffect(() => {
    if (!paused && frame.current) frame.current.scrollTop = frame.current.scrollHeight;
  }, [lines, paused]);

  return (
    <section className="screen" aria-labelledby="activity-title">
      <header className="screen-header">
        <h1 id="activity-title">{t('activity.title')}</h1>
        <p className="subtitle muted small" data-testid="log-file">
          {logs.value?.logFile ? t('activity.logFile', { file: logs.value.logFile }) : t('activity.noLogFile')}
        </p>
      </header>
      <div className="toolbar filters">
        <FilterSelect
          label={t('activity.level')}
          value={level}
          options={levels.map((l) => ({
            value: l,
            label: t('activity.levelAndAbove', { level: t(`log.level.${l}`) }),
          }))}
          onChange={setLevel}
        />
        <FilterSelect
          label={t('common.source')}
          value={source}
          options={(sources.value?.sources ?? []).map((s) => ({ value: s.name, label: s.name }))}
          onChange={setSource}
        />
        <FilterInput
          label={t('activity.run')}
          narrow
          numeric
          value={runId}
          onChange={setRunId}
          invalid={runId.trim() !== '' && run === undefined}
        />
        <FilterInput label={t('activity.search')} type="search" value={text} onChange={setText} />
        <label className="check">
          <input type="checkbox" checked={paused} onChange={(e) => follow(e.target.checked)} />
          {t('activity.pause')}
        </label>
      </div>
      {runId.trim() !== '' && run === undefined ? (
        <p className="text-bad small" role="alert">
          {t('activity.runInvalid')}
        </p>
      ) : null}
      <div className="toolbar">
        <button type="button" className="btn btn-small" disabled={busy || !next} onClick={() => void loadOlder()}>
          {t('activity.older')}
        </button>
        <span className="muted small" role="status">
          {older ? t('activity.reading') : logs.value?.from === 'files' ? t('activity.fromFiles') : ''}
        </span>
      </div>
      <div
        className="log-panel log-tall"
        tabIndex={0}
        ref={frame}
        data-testid="activity-log"
        aria-live={paused ? 'off' : 'polite'}
      >
        {lines.length === 0 ? <p className="log-empty">{t('log.empty')}</p> : null}
        {lines.map((l, i) => (
          <div key={`${l.time}:${i}`} className={`log-line log-${l.level}`} data-testid="activity-line">
            <span className="log-time">{fmt.dateTime(l.time)}</span>{' '}
            <span className="log-level">{t(`log.level.${l.level}`)}</span>{' '}
            {l.source ? <span className="log-source">{l.source}</span> : null}{' '}
            {l.runId ? <span className="muted">#{l.runId}</span> : null} <span className="log-msg">{l.msg}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
