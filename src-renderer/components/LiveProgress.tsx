import type { Progress } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import type { ThroughputTracker } from '../lib/throughput.js';

/** One line per running sync: records so far (of the total, when known), records per second and time left. */
export function LiveProgress({
  running,
  throughput,
  now,
}: {
  running: readonly Progress[];
  throughput: ThroughputTracker;
  now: number;
}) {
  const t = useT();
  const fmt = useFormat();
  if (running.length === 0) return null;
  return (
    <ul className="live-progress" data-testid="live-progress">
      {running.map((p) => {
        const { perSecond, etaMs } = throughput.rate(p, now);
        return (
          <li key={p.runId} data-testid="live-run" data-source={p.source}>
            <span className="strong">{p.source}</span>{' '}
            <span className="num">
              {p.total !== null
                ? t('progress.ofTotal', { fetched: fmt.integer(p.fetched), total: fmt.integer(p.total) })
                : t('progress.fetched', { count: p.fetched })}
            </span>
            <span className="muted"> · {t('unit.pages', { count: p.pages })}</span>
            {perSecond !== null ? (
              <span className="num" data-testid="live-rate">
                {' '}
                · {fmt.rate(perSecond)}
              </span>
            ) : null}
            {etaMs !== null ? (
              <span className="num" data-testid="live-eta">
                {' '}
                · {t('progress.eta', { time: fmt.duration(etaMs) })}
              </span>
            ) : null}
            {p.phase === 'finishing' ? <span className="muted"> · {t('progress.finishingShort')}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
