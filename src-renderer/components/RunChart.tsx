// Duration and records fetched of the runs shown, oldest left: two small SVG line charts sharing the time axis.
// Drawn by hand (a few dozen points) rather than pulling in a charting library for two polylines.
import type { SyncRun } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';

const W = 600;
const H = 90;

function line(values: number[]): string {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? W / (values.length - 1) : 0;
  return values.map((v, i) => `${(i * step).toFixed(1)},${(H - (v / max) * (H - 8) - 4).toFixed(1)}`).join(' ');
}

export function RunChart({ runs }: { runs: readonly SyncRun[] }) {
  const t = useT();
  const fmt = useFormat();
  const done = [...runs].filter((r) => r.durationMs !== null).reverse();
  if (done.length < 2) return null;
  const durations = done.map((r) => r.durationMs ?? 0);
  const records = done.map((r) => r.counts.fetched);
  const series = [
    {
      label: t('history.chart.duration'),
      values: durations,
      max: fmt.duration(Math.max(...durations)),
      cls: 'chart-a',
    },
    { label: t('history.chart.records'), values: records, max: fmt.integer(Math.max(...records)), cls: 'chart-b' },
  ];
  return (
    <div className="run-chart" data-testid="run-chart">
      {series.map((s) => (
        <figure key={s.cls} className="chart">
          <figcaption className="small">
            {s.label} <span className="muted">({t('history.chart.max', { value: s.max })})</span>
          </figcaption>
          <svg
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`${s.label}: ${fmt.dateTime(done[0]!.startedAt)} – ${fmt.dateTime(done[done.length - 1]!.startedAt)}`}
          >
            <polyline
              className={s.cls}
              points={line(s.values)}
              fill="none"
              strokeWidth="2"
              vectorEffect="non-scaling-stroke"
            />
          </svg>
          <div className="chart-axis small muted">
            <span>{fmt.dateTime(done[0]!.startedAt)}</span>
            <span>{fmt.dateTime(done[done.length - 1]!.startedAt)}</span>
          </div>
        </figure>
      ))}
    </div>
  );
}
