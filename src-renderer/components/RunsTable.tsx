import { runThroughput, type SyncRun } from '../../src-shared/domain.js';
import { formatBytes } from '../../src-shared/units.js';
import { formatAbsolute, formatCounts, formatDuration, formatInteger } from '../lib/format.js';
import { RelativeTime } from './RelativeTime.js';
import { StatusPill } from './StatusPill.js';

const formatRate = (perSecond: number | null): string =>
  perSecond === null ? '—' : `${formatInteger(perSecond)} rec/s`;

/** The most recent runs across all sources, newest first. */
export function RunsTable({ runs, now }: { runs: readonly SyncRun[]; now: number }) {
  return (
    <table className="grid" data-testid="runs-table">
      <thead>
        <tr>
          <th>Source</th>
          <th>Trigger</th>
          <th>Strategy</th>
          <th>Status</th>
          <th>Started</th>
          <th className="num">Duration</th>
          <th className="num" title="HTTP requests made (retries included)">
            Requests
          </th>
          <th className="num" title="Response bytes received">
            Data
          </th>
          <th className="num" title="Records fetched per second">
            Rate
          </th>
          <th>Counts</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid="run-row">
            <td className="strong">{run.source}</td>
            <td>{run.trigger}</td>
            <td title={run.strategyReason}>{run.strategy}</td>
            <td>
              <StatusPill
                status={run.status}
                title={run.error ? `${run.error.class}: ${run.error.message}` : undefined}
              />
            </td>
            <td>
              <RelativeTime iso={run.startedAt} now={now} />
            </td>
            <td className="num" title={run.finishedAt ? `finished ${formatAbsolute(run.finishedAt)}` : undefined}>
              {run.status === 'running' ? '…' : formatDuration(run.durationMs)}
            </td>
            <td className="num">{formatInteger(run.requests)}</td>
            <td className="num nowrap">{formatBytes(run.bytes)}</td>
            <td className="num nowrap" data-testid="run-rate">
              {formatRate(runThroughput(run))}
            </td>
            <td className="counts" title={`${formatCounts(run.counts)} · ${run.pages} pages`}>
              {formatCounts(run.counts)}
              {run.error ? <div className="text-bad small">{run.error.message}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
