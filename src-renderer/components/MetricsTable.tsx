import type { AgentMetrics } from '../../src-shared/domain.js';
import { formatDuration, formatInteger } from '../lib/format.js';
import { formatErrorsByClass, formatFreshness, formatRatio } from '../lib/metrics.js';

/** Per-source health over the metrics window: success rate, durations, failures by class, throughput, freshness. */
export function MetricsTable({ metrics }: { metrics: AgentMetrics }) {
  return (
    <table className="grid" data-testid="metrics-table">
      <thead>
        <tr>
          <th>Source</th>
          <th className="num">Runs</th>
          <th className="num">Success rate</th>
          <th className="num">Avg duration</th>
          <th className="num">Throughput</th>
          <th className="num">Freshness</th>
          <th>Errors by class</th>
        </tr>
      </thead>
      <tbody>
        {metrics.sources.map((m) => {
          const errors = formatErrorsByClass(m.errorsByClass);
          const rateTone =
            m.successRate === null
              ? ''
              : m.successRate < 0.5
                ? 'text-bad'
                : m.successRate < 1
                  ? 'text-warn'
                  : 'text-ok';
          return (
            <tr key={m.source} data-testid="metrics-row" data-source={m.source}>
              <td className="strong">{m.source}</td>
              <td className="num">{formatInteger(m.runs)}</td>
              <td className={`num ${rateTone}`} data-testid="success-rate">
                {formatRatio(m.successRate)}
              </td>
              <td className="num">{formatDuration(m.avgDurationMs)}</td>
              <td className="num nowrap">{m.throughput === null ? '—' : `${formatInteger(m.throughput)} rec/s`}</td>
              <td className="num" title="Time since the last successful sync">
                {formatFreshness(m.freshnessSeconds)}
              </td>
              <td className={errors ? 'text-bad mono' : 'muted'}>{errors || 'none'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
