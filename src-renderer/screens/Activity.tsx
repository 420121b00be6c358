// Activity: the engine's log with filters (level, source, run), text search, full dates, a pause for the
// autoscroll, and where the log file is. New lines arrive as events and are re-queried at most once a second.
import { useEffect, useRef, useState } from 'react';
import type { LogLevel } from '../../src-shared/domain.js';
import { FilterSelect } from '../components/FilterSelect.js';
import { useFormat, useT } from '../i18n/index.js';
import { useEngineEvent } from '../lib/hooks.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';

const levels: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function Activity({ visible }: { visible: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const [level, setLevel] = useState<LogLevel | ''>('');
  const [source, setSource] = useState('');
  const [runId, setRunId] = useState('');
  const [text, setText] = useState('');
  const [paused, setPaused] = useState(false);
  const run = /^\d+$/.test(runId.trim()) ? Number(runId.trim()) : undefined;
  const sources = useReload(() => syncflow.getStatus({}), []);
  const logs = useReload(
    () =>
      syncflow.queryLogs({
        limit: 500,
        ...(level ? { level } : {}),
        ...(source ? { source } : {}),
        ...(run ? { runId: run } : {}),
        ...(text.trim() ? { text: text.trim() } : {}),
      }),
    [level, source, run, text],
  );
  // Events are throttled to one query a second, so a busy sync does not flood the screen.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEngineEvent('log', () => {
    if (!visible || pending.current) return;
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
  const lines = logs.value?.lines ?? [];
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
        <label>
          {t('activity.run')}
          <input
            aria-label={t('activity.run')}
            className="input input-narrow"
            inputMode="numeric"
            value={runId}
            onChange={(e) => setRunId(e.target.value)}
            aria-invalid={runId.trim() !== '' && run === undefined}
          />
        </label>
        <label>
          {t('activity.search')}
          <input
            aria-label={t('activity.search')}
            className="input"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={paused} onChange={(e) => setPaused(e.target.checked)} />
          {t('activity.pause')}
        </label>
      </div>
      {runId.trim() !== '' && run === undefined ? (
        <p className="text-bad small" role="alert">
          {t('activity.runInvalid')}
        </p>
      ) : null}
      <div
        className="log-panel log-tall"
        tabIndex={0}
        ref={frame}
        data-testid="activity-log"
        aria-live={paused ? 'off' : 'polite'}
      >
        {lines.length === 0 ? <p className="log-empty">{t('log.empty')}</p> : null}
        {lines.map((l) => (
          <div key={l.seq} className={`log-line log-${l.level}`} data-testid="activity-line">
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
