import { useFormat, useT } from '../i18n/index.js';
import type { ProgressSummary } from '../lib/progress.js';

/** One bar for all running syncs: determinate (fetched/total) when totals are known, else indeterminate. */
export function ProgressBar({ summary, active }: { summary: ProgressSummary; active: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const determinate = summary.determinate && summary.total !== null;
  const percent = summary.fraction !== null ? Math.round(summary.fraction * 1000) / 10 : 0;
  const label = active
    ? summary.fetched > 0 || summary.pages > 0
      ? summary.label
      : t('progress.starting')
    : summary.label;
  return (
    <div className="progress-wrap">
      <div
        className={`progress ${active && !determinate ? 'progress-indeterminate' : ''}`}
        role="progressbar"
        aria-label={t('progress.label')}
        aria-valuemin={0}
        aria-valuemax={determinate ? (summary.total ?? 0) : 100}
        aria-valuenow={determinate ? summary.fetched : active ? undefined : 0}
        aria-valuetext={label}
        aria-busy={active}
      >
        <div className="progress-fill" style={{ width: active && !determinate ? undefined : `${percent}%` }} />
      </div>
      <div className="progress-label">
        <span>{label}</span>
        {active && determinate ? <span className="num">{fmt.ratio(summary.fraction)}</span> : null}
      </div>
    </div>
  );
}
