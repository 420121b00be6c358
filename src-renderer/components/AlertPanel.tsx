import { useState } from 'react';
import { ALL_SOURCES, type Alert } from '../../src-shared/domain.js';
import { isMessageKey, useFormat, useT } from '../i18n/index.js';
import { RelativeTime } from './RelativeTime.js';

/**
 * Open alerts (they resolve by themselves when their condition clears), and the alert history on demand with
 * when each was raised and resolved.
 */
export function AlertPanel({
  open,
  history,
  now,
  onShowHistory,
}: {
  open: readonly Alert[];
  /** Resolved alerts, newest first; null until asked for. */
  history: readonly Alert[] | null;
  now: number;
  onShowHistory: (show: boolean) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [showHistory, setShowHistory] = useState(false);
  const kind = (a: Alert): string => {
    const key = `alert.kind.${a.kind}`;
    return isMessageKey(key) ? t(key) : a.kind;
  };
  const source = (a: Alert): string => (a.source === ALL_SOURCES ? t('alerts.allSources') : a.source);
  const toggle = (): void => {
    setShowHistory(!showHistory);
    onShowHistory(!showHistory);
  };

  return (
    <section className="alerts" aria-labelledby="alerts-title" data-testid="alerts">
      <div className="alerts-head">
        <h2 id="alerts-title">{open.length > 0 ? t('alerts.count', { count: open.length }) : t('alerts.none')}</h2>
        <button type="button" className="btn btn-small btn-ghost" aria-expanded={showHistory} onClick={toggle}>
          {showHistory ? t('alerts.hideHistory') : t('alerts.showHistory')}
        </button>
      </div>
      {open.length > 0 ? (
        <ul className="alert-list" aria-live="polite">
          {open.map((a) => (
            <li
              key={a.id ?? `${a.kind}:${a.source}`}
              className={`alert alert-${a.level === 'error' ? 'bad' : 'warn'}`}
              data-testid="alert"
              data-kind={a.kind}
              data-source={a.source}
            >
              <span className="alert-kind">{kind(a)}</span>
              <span className="strong">{source(a)}</span>
              <span className="alert-msg">
                {a.message}
                {(a.repeats ?? 1) > 1 ? <span className="muted"> (×{fmt.integer(a.repeats)})</span> : null}
              </span>
              <span className="muted small nowrap">
                {t('alerts.raised')} <RelativeTime iso={a.raisedAt ?? a.at} now={now} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {showHistory ? (
        <div
          className="panel panel-flush table-frame"
          data-testid="alert-history"
          role="region"
          aria-label={t('alerts.showHistory')}
          tabIndex={0}
        >
          {history === null ? (
            <div className="muted small pad">{t('common.loading')}</div>
          ) : history.length === 0 ? (
            <div className="muted small pad">{t('alerts.historyEmpty')}</div>
          ) : (
            <table className="grid grid-compact">
              <thead>
                <tr>
                  <th scope="col">{t('alerts.kind')}</th>
                  <th scope="col">{t('common.source')}</th>
                  <th scope="col">{t('alerts.message')}</th>
                  <th scope="col">{t('alerts.raised')}</th>
                  <th scope="col">{t('alerts.resolved')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((a) => (
                  <tr key={a.id ?? `${a.kind}:${a.source}:${a.at}`} data-testid="alert-history-row" data-kind={a.kind}>
                    <td className="nowrap">{kind(a)}</td>
                    <td className="nowrap">{source(a)}</td>
                    <td>{a.message}</td>
                    <td className="nowrap">{fmt.dateTime(a.raisedAt ?? a.at)}</td>
                    <td className="nowrap">{a.resolvedAt ? fmt.dateTime(a.resolvedAt) : t('alerts.stillOpen')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </section>
  );
}
