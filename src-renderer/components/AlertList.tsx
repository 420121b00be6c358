import { ALL_SOURCES } from '../../src-shared/domain.js';
import type { ShownAlert } from '../lib/alerts.js';
import { useT } from '../i18n/index.js';
import { RelativeTime } from './RelativeTime.js';

/** Live alerts (failed runs, repeated failures, error rate, stale data, deletes waiting for review, queue backlog),
 * newest first. */
export function AlertList({
  alerts,
  now,
  onDismiss,
  onDismissAll,
}: {
  alerts: readonly ShownAlert[];
  now: number;
  onDismiss: (key: string) => void;
  onDismissAll: () => void;
}) {
  const t = useT();
  return (
    <section className="alerts" aria-label={t('alerts.label')} aria-live="polite" data-testid="alerts">
      {alerts.length > 1 ? (
        <div className="alerts-head">
          <span className="strong">{t('alerts.count', { count: alerts.length })}</span>
          <button type="button" className="btn btn-small btn-ghost" onClick={onDismissAll}>
            {t('alerts.dismissAll')}
          </button>
        </div>
      ) : null}
      <ul className="alert-list">
        {alerts.map((a) => (
          <li
            key={a.key}
            className={`alert alert-${a.level === 'error' ? 'bad' : 'warn'}`}
            data-testid="alert"
            data-kind={a.kind}
          >
            <span className="alert-kind">{t(`alert.kind.${a.kind}`)}</span>
            <span className="strong">{a.source === ALL_SOURCES ? t('alerts.allSources') : a.source}</span>
            <span className="alert-msg">
              {a.message}
              {a.repeats > 1 ? <span className="muted"> (×{a.repeats})</span> : null}
            </span>
            <span className="muted small nowrap">
              <RelativeTime iso={a.at} now={now} />
            </span>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-label={t('alerts.dismissOne', { message: a.message })}
              onClick={() => onDismiss(a.key)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
