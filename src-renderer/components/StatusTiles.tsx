import type { AgentStatus, SyncRun } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { RelativeTime } from './RelativeTime.js';
import { StatusPill } from './StatusPill.js';

/** The dashboard's headline numbers: catalog size, cache, queue, source health, last run. */
export function StatusTiles({ status, last, now }: { status: AgentStatus | null; last: SyncRun | null; now: number }) {
  const t = useT();
  const fmt = useFormat();
  const cache = status?.cache;
  const hitRatio =
    status?.metrics?.cacheHitRatio ??
    (cache && cache.hits + cache.misses > 0 ? cache.hits / (cache.hits + cache.misses) : null);
  const queue = status?.metrics?.queue;
  const failingSources =
    status?.sources.filter((s) => s.state === 'error' || s.lastRun?.status === 'failed' || s.breaker?.state === 'open')
      .length ?? 0;
  const reviewing = status?.sources.filter((s) => s.lastRun?.status === 'needs_review').length ?? 0;

  return (
    <div className="tiles">
      <div className="tile">
        <div className="tile-label">{t('tiles.products')}</div>
        <div className="tile-value num" data-testid="catalog-count">
          {status ? fmt.integer(status.catalog.products) : '—'}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">{t('tiles.cacheHitRate')}</div>
        <div className="tile-value num" data-testid="cache-hit-ratio">
          {cache ? fmt.ratio(hitRatio) : '—'}
          {cache?.evictions !== undefined ? (
            <span className="tile-aside" title={t('tiles.evicted.title')}>
              <span data-testid="cache-evictions">{fmt.integer(cache.evictions)}</span> {t('tiles.evicted')}
            </span>
          ) : null}
        </div>
        <div className="tile-sub num" title={cache ? t('tiles.cacheEntries', { count: cache.size }) : undefined}>
          {cache ? (
            <>
              <span data-testid="cache-hits">{fmt.integer(cache.hits)}</span> {t('tiles.hits')} ·{' '}
              <span data-testid="cache-misses">{fmt.integer(cache.misses)}</span> {t('tiles.misses')}
            </>
          ) : null}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">{t('tiles.queue')}</div>
        <div className="tile-value num" data-testid="queue-depth">
          {queue ? fmt.integer(queue.depth) : '—'}
        </div>
        <div className={`tile-sub ${queue?.paused.all ? 'text-warn' : ''}`}>
          {queue ? (
            <>
              {t('tiles.running', { count: queue.running.length })}
              {queue.paused.all
                ? ` · ${t('tiles.allPaused')}`
                : queue.paused.sources.length > 0
                  ? ` · ${t('tiles.somePaused', { count: queue.paused.sources.length })}`
                  : ''}
            </>
          ) : null}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">{t('tiles.sources')}</div>
        <div className="tile-value num">{status ? status.sources.length : '—'}</div>
        <div className={`tile-sub ${failingSources > 0 ? 'text-bad' : reviewing > 0 ? 'text-warn' : ''}`}>
          {status
            ? failingSources > 0
              ? t('tiles.withErrors', { count: failingSources })
              : reviewing > 0
                ? t('tiles.needReview', { count: reviewing })
                : t('tiles.allHealthy')
            : null}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">{t('tiles.lastRun')}</div>
        <div className="tile-value">
          {last ? (
            <StatusPill status={last.status} testId="last-run-status" />
          ) : (
            <span className="muted">{t('tiles.noneYet')}</span>
          )}
        </div>
        <div className="tile-sub">
          {last ? (
            <>
              {last.source} · <RelativeTime iso={last.finishedAt ?? last.startedAt} now={now} />
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
