import { Fragment } from 'react';
import type { AgentMetrics, SourceStatus } from '../../src-shared/domain.js';
import { countKeys, useFormat, useT } from '../i18n/index.js';
import { describeRunError } from '../lib/errors.js';
import { isPaused, pausedUntil } from '../lib/metrics.js';
import type { SourceActions as Actions } from '../lib/sourceActions.js';
import { BreakerState } from './BreakerState.js';
import { ErrorText } from './ErrorText.js';
import { RelativeTime } from './RelativeTime.js';
import { SourceActions } from './SourceActions.js';
import { StatusPill } from './StatusPill.js';

/** One row per configured source with its last run's counts and actions; the last error spans a row underneath. */
export function SourcesTable({
  sources,
  syncing,
  queue,
  actions,
  now,
}: {
  sources: readonly SourceStatus[];
  /** Sources with a run in progress right now (from live progress events, fresher than the status). */
  syncing: ReadonlySet<string>;
  queue: AgentMetrics['queue'] | undefined;
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
          {countKeys.map((key) => (
            <th
              key={key}
              scope="col"
              className="num"
              title={t('sources.lastRunCount', { what: t(`countShort.${key}`) })}
            >
              {t(`countShort.${key}`)}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">{t('common.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => {
          const run = source.lastRun;
          const error = run?.error ?? null;
          const running = syncing.has(source.name) || source.state === 'syncing';
          const paused = isPaused(queue, source.name);
          const until = pausedUntil(queue, source.name);
          return (
            <Fragment key={source.name}>
              <tr data-testid="source-row" data-source={source.name} className={error ? 'has-detail' : undefined}>
                <td>
                  <div className="strong nowrap">{source.name}</div>
                  <div className="muted small nowrap">
                    {source.kind} · {source.entity}
                  </div>
                </td>
                <td className="state-cell">
                  <div className="state-pills">
                    <StatusPill status={running ? 'syncing' : source.state} />
                    {paused ? (
                      <span
                        className="pill pill-warn"
                        data-testid="source-paused"
                        title={
                          until
                            ? t('sources.pausedUntil', { time: fmt.dateTime(until) })
                            : t('sources.pausedIndefinitely')
                        }
                      >
                        {t('status.paused')}
                      </span>
                    ) : null}
                  </div>
                  <BreakerState breaker={source.breaker} now={now} />
                </td>
                <td>
                  <RelativeTime iso={source.lastSuccessAt} now={now} />
                </td>
                {countKeys.map((key) => (
                  <td
                    key={key}
                    className={`num ${key === 'failed' && (run?.counts.failed ?? 0) > 0 ? 'text-bad' : ''}`}
                  >
                    {run ? fmt.integer(run.counts[key]) : '—'}
                  </td>
                ))}
                <td>
                  <SourceActions source={source.name} running={running} paused={paused} actions={actions} />
                </td>
              </tr>
              {error ? (
                <tr className={`detail-row ${run?.status === 'failed' ? '' : 'detail-warn'}`}>
                  <td colSpan={4 + countKeys.length}>
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
