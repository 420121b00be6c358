import { useFormat, useT } from '../i18n/index.js';
import { historyEntries } from '../lib/history.js';
import { useCall } from '../lib/hooks.js';
import { syncflow } from '../transport.js';

const opTone = { created: 'ok', updated: 'info', deleted: 'bad' } as const;

/** The product's change feed, newest first: created / updated (field: old → new) / deleted. */
export function ProductHistory({ id, version, currency }: { id: string; version: number; currency: string }) {
  const t = useT();
  const fmt = useFormat();
  const history = useCall(`history:${id}:${version}`, () => syncflow.productHistory({ id }));
  return (
    <section aria-labelledby="product-history-title" data-testid="product-history">
      <h3 id="product-history-title">{t('product.history')}</h3>
      {history.status === 'loading' ? (
        <div className="muted small">{t('common.loading')}</div>
      ) : history.status === 'failed' ? (
        <div className="text-bad small">{t('product.history.failed', { error: history.error })}</div>
      ) : history.value.length === 0 ? (
        <div className="muted small">{t('product.history.empty')}</div>
      ) : (
        <ol className="history">
          {historyEntries(history.value, { t, fmt, currency }).map((entry) => (
            <li key={entry.seq} className="history-entry" data-testid="history-entry">
              <div className="history-head">
                <span className={`pill pill-${opTone[entry.op]}`}>{t(`change.${entry.op}`)}</span>
                <time dateTime={entry.at} className="muted small">
                  {fmt.dateTime(entry.at)}
                </time>
                {entry.runId !== null ? (
                  <span className="muted small">{t('product.history.run', { id: String(entry.runId) })}</span>
                ) : null}
                {entry.origin ? (
                  <span className="muted small" data-testid="history-origin">
                    {entry.origin === 'operator'
                      ? t('product.history.origin.operator')
                      : t('product.history.origin', { origin: entry.origin })}
                  </span>
                ) : null}
              </div>
              {entry.fields.length > 0 ? (
                <ul className="history-fields">
                  {entry.fields.map((f) => (
                    <li key={f.field}>
                      <span className="history-field">{f.field}</span> <span className="history-old">{f.from}</span>{' '}
                      <span aria-hidden="true">→</span>
                      <span className="visually-hidden">{t('product.history.changedTo')}</span>{' '}
                      <span className="history-new">{f.to}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
