import type { AgentMetrics } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { formatErrorsByClass } from '../lib/metrics.js';

/** Per-source health over the metrics window: success rate, durations, failures by class, throughput, freshness. */
export function MetricsTable({ metrics }: { metrics: AgentMetrics }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <table className="grid" data-testid="metrics-table">
      <thead>
        <tr>
          <th scope="col">{t('common.source')}</th>
          <th scope="col" className="num">
            {t('metrics.runs')}
          </th>
          <th scope="col" className="num">
            {t('metrics.successRate')}
          </th>
          <th scope="col" className="num">
            {t('metrics.avgDuration')}
          </th>
          <th scope="col" className="num">
            {t('metrics.throughput')}
          </th>
          <th scope="col" className="num">
            {t('metrics.freshness')}
          </th>
          <th scope="col">{t('metrics.errorsByClass')}</th>
        </tr>
      </thead>
      <tbody>
        {metrics.sources.map((m) => {
          const errors = formatErrorsByClass(m.errorsByClass, t, fmt);
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
              <td className="num">{fmt.integer(m.runs)}</td>
              <td className={`num ${rateTone}`} data-testid="success-rate">
                {fmt.ratio(m.successRate)}
              </td>
              <td className="num">{fmt.duration(m.avgDurationMs)}</td>
              <td className="num nowrap">{fmt.rate(m.throughput)}</td>
              <td className="num" title={t('metrics.freshness.title')}>
                {fmt.age(m.freshnessSeconds)}
              </td>
              <td className={errors ? 'text-bad' : 'muted'}>{errors || t('metrics.noErrors')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
