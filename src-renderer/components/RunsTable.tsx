import { runThroughput, type SyncRun } from '../../src-shared/domain.js';
import { formatBytes } from '../../src-shared/units.js';
import { useFormat, useT } from '../i18n/index.js';
import { describeRunError } from '../lib/errors.js';
import { RelativeTime } from './RelativeTime.js';
import { StatusPill } from './StatusPill.js';

/** The most recent runs across all sources, newest first. */
export function RunsTable({ runs, now }: { runs: readonly SyncRun[]; now: number }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <table className="grid" data-testid="runs-table">
      <thead>
        <tr>
          <th scope="col">{t('common.source')}</th>
          <th scope="col">{t('runs.trigger')}</th>
          <th scope="col">{t('runs.strategy')}</th>
          <th scope="col">{t('runs.status')}</th>
          <th scope="col">{t('runs.started')}</th>
          <th scope="col" className="num">
            {t('runs.duration')}
          </th>
          <th scope="col" className="num" title={t('runs.requests.title')}>
            {t('runs.requests')}
          </th>
          <th scope="col" className="num" title={t('runs.data.title')}>
            {t('runs.data')}
          </th>
          <th scope="col" className="num" title={t('runs.rate.title')}>
            {t('runs.rate')}
          </th>
          <th scope="col">{t('runs.counts')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const error = run.error ? describeRunError(run.error, t, { name: run.source }) : null;
          return (
            <tr key={run.id} data-testid="run-row">
              <td className="strong">{run.source}</td>
              <td>{t(`trigger.${run.trigger}`)}</td>
              <td title={run.strategyReason}>{t(`strategy.${run.strategy}`)}</td>
              <td>
                <StatusPill status={run.status} title={error ? `${error.sentence} ${error.raw}` : undefined} />
              </td>
              <td>
                <RelativeTime iso={run.startedAt} now={now} />
              </td>
              <td
                className="num"
                title={run.finishedAt ? t('runs.finishedAt', { time: fmt.dateTime(run.finishedAt) }) : undefined}
              >
                {run.status === 'running' ? '…' : fmt.duration(run.durationMs)}
              </td>
              <td className="num">{fmt.integer(run.requests)}</td>
              <td className="num nowrap">{formatBytes(run.bytes)}</td>
              <td className="num nowrap" data-testid="run-rate">
                {fmt.rate(runThroughput(run))}
              </td>
              <td className="counts" title={`${fmt.counts(run.counts)} · ${t('unit.pages', { count: run.pages })}`}>
                {fmt.counts(run.counts)}
                {error ? <div className="text-bad small">{error.sentence}</div> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
