// One run in full: strategy and why, counts, traffic, the run's explanation of itself, retries with their causes,
// the error in plain words, the records it quarantined and its log lines.
import type { RunDetail } from '../../src-shared/opsTypes.js';
import { formatBytes } from '../../src-shared/units.js';
import { useFormat, useT } from '../i18n/index.js';
import { describeRunError } from '../lib/errors.js';
import { ErrorText } from './ErrorText.js';
import { StatusPill } from './StatusPill.js';

export function RunDetailView({ detail, onClose }: { detail: RunDetail; onClose: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const { run } = detail;
  return (
    <div
      className="panel run-detail"
      data-testid="run-detail"
      role="region"
      aria-label={t('history.detail.title', { id: run.id })}
    >
      <div className="toolbar">
        <h2>{t('history.detail.title', { id: run.id })}</h2>
        <StatusPill status={run.status} />
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <dl className="fields">
        <div className="field">
          <dt>{t('common.source')}</dt>
          <dd>{run.source}</dd>
        </div>
        <div className="field">
          <dt>{t('runs.trigger')}</dt>
          <dd>{t(`trigger.${run.trigger}`)}</dd>
        </div>
        <div className="field field-wide">
          <dt>{t('runs.strategy')}</dt>
          <dd data-testid="run-strategy">
            {t(`strategy.${run.strategy}`)} — {run.strategyReason}
          </dd>
        </div>
        <div className="field">
          <dt>{t('runs.started')}</dt>
          <dd>{fmt.dateTime(run.startedAt)}</dd>
        </div>
        <div className="field">
          <dt>{t('runs.duration')}</dt>
          <dd>{fmt.duration(run.durationMs)}</dd>
        </div>
        <div className="field field-wide">
          <dt>{t('runs.counts')}</dt>
          <dd>
            {fmt.counts(run.counts)} · {t('unit.pages', { count: run.pages })}
          </dd>
        </div>
        <div className="field">
          <dt>{t('runs.requests')}</dt>
          <dd>
            {fmt.integer(run.requests)} · {formatBytes(run.bytes)}
          </dd>
        </div>
      </dl>
      {run.error ? <ErrorText error={describeRunError(run.error, t, { name: run.source })} /> : null}

      {detail.explanationText.length > 0 ? (
        <>
          <h3>{t('history.detail.explain')}</h3>
          {/* The engine's own sentences (English), the same `syncflow runs --id N --explain` prints. */}
          <ul className="plain-list" data-testid="run-explanation" lang="en">
            {detail.explanationText.map((line, i) => (
              <li key={i}>{line.trim()}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>{t('history.detail.retries', { count: detail.retries.length })}</h3>
      {detail.retries.length > 0 ? (
        <ul className="plain-list">
          {detail.retries.map((r, i) => (
            <li key={i}>
              {fmt.dateTime(r.at)} · {t('history.detail.attempt', { count: r.attempt })} ·{' '}
              <span className="error-class">{r.errorClass ? t(`errorClass.${r.errorClass}`) : ''}</span> {r.message}
            </li>
          ))}
        </ul>
      ) : null}

      <h3>{t('history.detail.quarantined', { count: detail.quarantined.length })}</h3>
      {detail.quarantined.length > 0 ? (
        <div className="table-frame list-frame" tabIndex={0}>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('problems.record')}</th>
                <th scope="col">{t('problems.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.quarantined.map((q) => (
                <tr key={q.id}>
                  <td className="mono">{q.recordKey ?? '—'}</td>
                  <td>
                    <span className="error-class">{q.rule}</span> {q.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <h3>{t('history.detail.log', { count: detail.logs.length })}</h3>
      <div className="log-panel" tabIndex={0} data-testid="run-log">
        {detail.logs.map((l) => (
          <div key={`${l.seq}-${l.time}`} className={`log-line log-${l.level}`}>
            <span className="log-time">{fmt.dateTime(l.time)}</span>{' '}
            <span className="log-level">{t(`log.level.${l.level}`)}</span> <span className="log-msg">{l.msg}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
