import { Fragment } from 'react';
import type { SourceStatus } from '../../src-shared/domain.js';
import { countKeys, formatInteger } from '../lib/format.js';
import { RelativeTime } from './RelativeTime.js';
import { StatusPill } from './StatusPill.js';

const countLabels: Record<(typeof countKeys)[number], string> = {
  fetched: 'Fetched',
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchg.',
  deleted: 'Deleted',
  quarantined: 'Quar.',
  failed: 'Failed',
};

/** One row per configured source with its last run's counts; the last error spans a row underneath. */
export function SourcesTable({
  sources,
  syncing,
  now,
}: {
  sources: readonly SourceStatus[];
  /** Sources with a run in progress right now (from live progress events, fresher than the status). */
  syncing: ReadonlySet<string>;
  now: number;
}) {
  return (
    <table className="grid" data-testid="sources-table">
      <thead>
        <tr>
          <th>Source</th>
          <th>State</th>
          <th>Last success</th>
          {countKeys.map((key) => (
            <th key={key} className="num" title={`Last run: ${key}`}>
              {countLabels[key]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => {
          const run = source.lastRun;
          const error = run?.error ?? null;
          return (
            <Fragment key={source.name}>
              <tr data-testid="source-row" className={error ? 'has-detail' : undefined}>
                <td>
                  <div className="strong nowrap">{source.name}</div>
                  <div className="muted small nowrap">
                    {source.kind} · {source.entity}
                  </div>
                </td>
                <td>
                  <StatusPill status={syncing.has(source.name) ? 'syncing' : source.state} />
                </td>
                <td>
                  <RelativeTime iso={source.lastSuccessAt} now={now} />
                </td>
                {countKeys.map((key) => (
                  <td key={key} className={`num ${key === 'failed' && (run?.counts.failed ?? 0) > 0 ? 'text-bad' : ''}`}>
                    {run ? formatInteger(run.counts[key]) : '—'}
                  </td>
                ))}
              </tr>
              {error ? (
                <tr className="detail-row">
                  <td colSpan={3 + countKeys.length}>
                    <span className="error-class">{error.class}</span> {error.message}
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
