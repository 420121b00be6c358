import { Fragment } from 'react';
import type { AgentMetrics, SourceStatus, SyncRun } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { describeRunError } from '../lib/errors.js';
import type { SourceActions as Actions } from '../lib/sourceActions.js';
import { sourceView, type NetworkView } from '../lib/sourceState.js';
import { BreakerState } from './BreakerState.js';
import { ErrorText } from './ErrorText.js';
import { RelativeTime } from './RelativeTime.js';
import { SourceActions } from './SourceActions.js';
import { StatusPill } from './StatusPill.js';

const COLUMNS = 8;

/**
 * One row per configured source: what it is doing, its last success and last attempt apart, when it runs next,
 * how fresh its data is, the last run's counts and its actions; the last error spans a row underneath.
 */
export function SourcesTable({
  sources,
  syncing,
  queued,
  queue,
  network,
  stale,
  runs,
  actions,
  now,
}: {
  sources: readonly SourceStatus[];
  /** Sources with a run in progress right now (from live progress events, fresher than the status). */
  syncing: ReadonlySet<string>;
  queued: ReadonlySet<string>;
  queue: AgentMetrics['queue'] | undefined;
  network: NetworkView;
  /** Sources with an open stale-data alert. */
  stale: ReadonlySet<string>;
  /** Recent runs, newest first: when an unreachable source went offline. */
  runs: readonly SyncRun[];
  actions: Actions;
  now: number;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <table className="grid grid-tight" data-testid="sources-table">
      <thead>
        <tr>
          <th scope="col">{t('common.source')}</th>
          <th scope="col">{t('sources.state')}</th>
          <th scope="col">{t('sources.lastSuccess')}</th>
          <th scope="col">{t('sources.lastAttempt')}</th>
          <th scope="col">{t('sources.nextRun')}</th>
          <th scope="col" className="num" title={t('metrics.freshness.title')}>
            {t('metrics.freshness')}
          </th>
          <th scope="col">{t('sources.lastRun')}</th>
          <th scope="col" className="sticky-col">
            <span className="visually-hidden">{t('common.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => {
          const run = source.lastRun;
          const error = run?.error ?? null;
          const view = sourceView(source, {
            running: syncing.has(source.name) || syncing.has(''),
            queued: queued.has(source.name),
            queue,
            network,
            runs,
          });
          const nextRunAt = (source as { nextRunAt?: string | null }).nextRunAt ?? null;
          const age = source.lastSuccessAt ? Math.max(0, (now - Date.parse(source.lastSuccessAt)) / 1000) : null;
          return (
            <Fragment key={source.name}>
              <tr data-testid="source-row" data-source={source.name} data-state={view.state}>
                <th scope="row" className="row-head">
                  <div className="strong nowrap">{source.name}</div>
                  <div className="muted small nowrap">
                    {source.kind} · {source.entity}
                  </div>
                </th>
                <td className="state-cell">
                  <StatusPill status={view.state} testId="source-state" />
                  {view.state === 'paused' ? (
                    <div className="small muted" data-testid="source-paused" data-until={view.until ?? ''}>
                      {view.until ? t('sources.pausedUntil', { time: fmt.dateTime(view.until) }) : t('sources.pausedIndefinitely')}
                    </div>
                  ) : null}
                  {view.state === 'offline' && view.since ? (
                    <div className="small muted">{t('sources.offlineSince', { time: fmt.since(view.since, now) })}</div>
                  ) : null}
                  <BreakerState breaker={source.breaker} now={now} />
                </td>
                <td>
                  <RelativeTime iso={source.lastSuccessAt} now={now} />
                </td>
                <td>
                  {run ? (
                    <>
                      <RelativeTime iso={run.finishedAt ?? run.startedAt} now={now} />{' '}
                      <StatusPill status={run.status} />
                    </>
                  ) : (
                    <span className="muted">{t('time.never')}</span>
                  )}
                </td>
                <td>
                  {nextRunAt ? (
                    <RelativeTime iso={nextRunAt} now={now} future />
                  ) : (
                    <span className="muted">{t('sources.notScheduled')}</span>
                  )}
                </td>
                <td className={`num nowrap ${stale.has(source.name) ? 'text-warn' : ''}`} data-testid="source-freshness">
                  {fmt.age(age)}
                </td>
                <td className="counts">{run ? fmt.counts(run.counts) : '—'}</td>
                <td className="sticky-col">
                  <SourceActions
                    source={source.name}
                    running={view.state === 'syncing'}
                    paused={view.state === 'paused'}
                    actions={actions}
                    segments={source.segments ?? []}
                  />
                </td>
              </tr>
              {error ? (
                <tr className={`detail-row ${run?.status === 'failed' ? '' : 'detail-warn'}`}>
                  <td colSpan={COLUMNS}>
                    <ErrorText error={describeRunError(error, t, source)} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
