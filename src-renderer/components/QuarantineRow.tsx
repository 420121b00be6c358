// One quarantined record in the Problems table: source, record, rule and reason, first and last seen, and its
// actions (show the raw payload, retry against the current config, dismiss).
import type { QuarantineItem } from '../../src-shared/opsTypes.js';
import { useFormat, useT } from '../i18n/index.js';
import { RelativeTime } from './RelativeTime.js';

export function QuarantineRow(p: {
  item: QuarantineItem;
  now: number;
  open: boolean;
  busy: boolean;
  onToggle: () => void;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const { item } = p;
  return (
    <>
      <tr data-testid="quarantine-row">
        <td className="strong">{item.source}</td>
        <td className="mono">{item.recordKey ?? '—'}</td>
        <td>
          <span className="error-class">{item.rule}</span> {item.reason}
        </td>
        <td title={fmt.dateTime(item.firstSeenAt)}>
          <RelativeTime iso={item.firstSeenAt} now={p.now} />
        </td>
        <td title={fmt.dateTime(item.lastSeenAt)}>
          <RelativeTime iso={item.lastSeenAt} now={p.now} />
          {item.occurrences > 1 ? (
            <div className="muted small">{t('problems.occurrences', { count: item.occurrences })}</div>
          ) : null}
        </td>
        <td>
          <div className="actions-cell">
            <button type="button" className="btn btn-small btn-ghost" aria-expanded={p.open} onClick={p.onToggle}>
              {t('problems.payload')}
            </button>
            <button type="button" className="btn btn-small" disabled={p.busy} onClick={p.onRetry}>
              {t('problems.retry')}
            </button>
            <button type="button" className="btn btn-small btn-ghost" disabled={p.busy} onClick={p.onDismiss}>
              {t('common.dismiss')}
            </button>
          </div>
        </td>
      </tr>
      {p.open ? (
        <tr>
          <td colSpan={6}>
            <pre className="payload mono" tabIndex={0} data-testid="quarantine-payload">
              {JSON.stringify(item.payload, null, 2)}
            </pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
