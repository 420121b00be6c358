// Problems: catalog records whose sources disagree (Conflicts), records in quarantine (retry against the current config, dismiss), runs that failed (in plain words,
// with what to do), and mass deletes waiting for an operator (the list, approve or reject).
import { useState } from 'react';
import type { RetryResult } from '../../src-shared/opsTypes.js';
import { ConflictList } from '../components/ConflictList.js';
import { ErrorText } from '../components/ErrorText.js';
import { Pager } from '../components/Pager.js';
import { QuarantineRow } from '../components/QuarantineRow.js';
import { RelativeTime } from '../components/RelativeTime.js';
import { useFormat, useT } from '../i18n/index.js';
import { describeRunError } from '../lib/errors.js';
import { useEngineEvent, useNow } from '../lib/hooks.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';

const PAGE = 50;

export function Problems() {
  const t = useT();
  const fmt = useFormat();
  const now = useNow();
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const [retried, setRetried] = useState<RetryResult | null>(null);
  const quarantine = useReload(() => syncflow.listQuarantine({ limit: PAGE, offset }), [offset]);
  const failed = useReload(() => syncflow.listRuns({ status: 'failed', limit: 20 }), []);
  const reviews = useReload(() => syncflow.listDeleteReviews({ limit: 500 }), []);
  const status = useReload(() => syncflow.getStatus({}), []);
  const reloadAll = () => {
    quarantine.reload();
    failed.reload();
    reviews.reload();
  };
  useEngineEvent('runFinished', reloadAll);
  const { busy, act } = useBusyAction(reloadAll);
  const retry = (ids: number[] | 'all') =>
    act(async () => setRetried(await syncflow.retryQuarantined(ids === 'all' ? { all: true } : { ids })));
  const kindOf = (source: string) => status.value?.sources.find((s) => s.name === source)?.kind;

  const q = quarantine.value;
  return (
    <section className="screen" aria-labelledby="problems-title">
      <header className="screen-header">
        <h1 id="problems-title">{t('problems.title')}</h1>
      </header>

      <ConflictList now={now} />

      <h2>{t('problems.quarantine')}</h2>
      <div className="toolbar">
        <span className="muted" data-testid="quarantine-total">
          {t('problems.quarantine.total', { count: q?.total ?? 0 })}
        </span>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy || !q || q.total === 0}
          onClick={() => void retry('all')}
        >
          {t('problems.retryAll')}
        </button>
      </div>
      {retried ? (
        <p className="notice" role="status" data-testid="retry-result">
          {t('problems.retried', {
            loaded: retried.outcomes.filter((o) => o.loaded).length,
            failed: retried.outcomes.filter((o) => !o.loaded).length,
          })}
        </p>
      ) : null}
      <div className="panel panel-flush table-frame">
        {q && q.items.length > 0 ? (
          <table className="grid" data-testid="quarantine-table">
            <thead>
              <tr>
                <th scope="col">{t('common.source')}</th>
                <th scope="col">{t('problems.record')}</th>
                <th scope="col">{t('problems.reason')}</th>
                <th scope="col">{t('problems.firstSeen')}</th>
                <th scope="col">{t('problems.lastSeen')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {q.items.map((item) => (
                <QuarantineRow
                  key={item.id}
                  item={item}
                  now={now}
                  open={open === item.id}
                  busy={busy}
                  onToggle={() => setOpen(open === item.id ? null : item.id)}
                  onRetry={() => void retry([item.id])}
                  onDismiss={() => void act(() => syncflow.dismissQuarantined({ ids: [item.id] }))}
                />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="empty">{t('problems.quarantine.empty')}</p>
        )}
      </div>
      {q && q.total > PAGE ? (
        <Pager offset={offset} pageSize={PAGE} count={q.items.length} total={q.total} onOffset={setOffset} />
      ) : null}

      <h2>{t('problems.deletes')}</h2>
      {reviews.value && reviews.value.length > 0 ? (
        reviews.value.map((r) => (
          <div key={r.runId} className="panel" data-testid="delete-review">
            <p className="strong">
              {t('problems.deletes.summary', { source: r.source, missing: r.missing, live: r.live })}
            </p>
            <p className="muted small">
              {r.reason} · <RelativeTime iso={r.createdAt} now={now} />
            </p>
            <div className="table-frame list-frame" tabIndex={0}>
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">{t('problems.record')}</th>
                    <th scope="col">{t('problems.code')}</th>
                    <th scope="col">{t('problems.name')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.records.map((rec) => (
                    <tr key={rec.id} data-testid="delete-record">
                      <td className="mono">{rec.id}</td>
                      <td>{rec.code ?? ''}</td>
                      <td>{rec.name ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {r.records.length < r.missing ? (
              <p className="muted small">{t('problems.deletes.more', { count: r.missing - r.records.length })}</p>
            ) : null}
            <div className="toolbar">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => void act(() => syncflow.approveDeletes({ runId: r.runId }))}
              >
                {t('problems.deletes.approve', { count: r.missing })}
              </button>
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() => void act(() => syncflow.rejectDeletes({ runId: r.runId }))}
              >
                {t('problems.deletes.reject')}
              </button>
            </div>
          </div>
        ))
      ) : (
        <p className="empty">{t('problems.deletes.empty')}</p>
      )}

      <h2>{t('problems.failed')}</h2>
      <div className="panel panel-flush table-frame">
        {failed.value && failed.value.length > 0 ? (
          <table className="grid" data-testid="failed-runs">
            <thead>
              <tr>
                <th scope="col">{t('common.source')}</th>
                <th scope="col">{t('runs.started')}</th>
                <th scope="col">{t('problems.whatHappened')}</th>
              </tr>
            </thead>
            <tbody>
              {failed.value.map((run) => (
                <tr key={run.id}>
                  <td className="strong">{run.source}</td>
                  <td title={fmt.dateTime(run.startedAt)}>
                    <RelativeTime iso={run.startedAt} now={now} />
                  </td>
                  <td>
                    {run.error ? (
                      <>
                        <span className="error-class">{t(`errorClass.${run.error.class}`)}</span>
                        <ErrorText
                          error={describeRunError(run.error, t, {
                            name: run.source,
                            ...(kindOf(run.source) ? { kind: kindOf(run.source)! } : {}),
                          })}
                        />
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="empty">{t('problems.failed.empty')}</p>
        )}
      </div>
    </section>
  );
}
