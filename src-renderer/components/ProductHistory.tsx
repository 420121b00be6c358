import { formatAbsolute } from '../lib/format.js';
import { historyEntries } from '../lib/history.js';
import { useCall } from '../lib/hooks.js';
import { syncflow } from '../transport.js';

const opTone = { created: 'ok', updated: 'info', deleted: 'bad' } as const;

/** The product's change feed, newest first: created / updated (field: old → new) / deleted. */
export function ProductHistory({ id, version }: { id: string; version: number }) {
  const history = useCall(`history:${id}:${version}`, () => syncflow.productHistory({ id }));
  return (
    <section aria-labelledby="product-history-title" data-testid="product-history">
      <h3 id="product-history-title">History</h3>
      {history.status === 'loading' ? (
        <div className="muted small">Loading…</div>
      ) : history.status === 'failed' ? (
        <div className="text-bad small">Could not load the history: {history.error}</div>
      ) : history.value.length === 0 ? (
        <div className="muted small">No recorded changes.</div>
      ) : (
        <ol className="history">
          {historyEntries(history.value).map((entry) => (
            <li key={entry.seq} className="history-entry" data-testid="history-entry">
              <div className="history-head">
                <span className={`pill pill-${opTone[entry.op]}`}>{entry.op}</span>
                <time dateTime={entry.at} className="muted small">
                  {formatAbsolute(entry.at)}
                </time>
                {entry.runId !== null ? <span className="muted small">run #{entry.runId}</span> : null}
              </div>
              {entry.fields.length > 0 ? (
                <ul className="history-fields">
                  {entry.fields.map((f) => (
                    <li key={f.field}>
                      <span className="history-field">{f.field}</span> <span className="history-old">{f.from}</span>{' '}
                      <span aria-label="changed to">→</span> <span className="history-new">{f.to}</span>
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
