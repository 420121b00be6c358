import type { AgentStatus, SyncRun } from '../../src-shared/domain.js';
import { formatInteger } from '../lib/format.js';
import { formatRatio } from '../lib/metrics.js';
import { RelativeTime } from './RelativeTime.js';
import { StatusPill } from './StatusPill.js';

/** The dashboard's headline numbers: catalog size, cache, queue, source health, last run. */
export function StatusTiles({ status, last, now }: { status: AgentStatus | null; last: SyncRun | null; now: number }) {
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
        <div className="tile-label">Catalog products</div>
        <div className="tile-value num" data-testid="catalog-count">
          {status ? formatInteger(status.catalog.products) : '—'}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">Cache hit rate</div>
        <div className="tile-value num" data-testid="cache-hit-ratio">
          {cache ? formatRatio(hitRatio) : '—'}
          {cache?.evictions !== undefined ? (
            <span className="tile-aside" title="Entries evicted from the cache">
              <span data-testid="cache-evictions">{formatInteger(cache.evictions)}</span> evicted
            </span>
          ) : null}
        </div>
        <div className="tile-sub num" title={cache ? `${formatInteger(cache.size)} entries cached` : undefined}>
          {cache ? (
            <>
              <span data-testid="cache-hits">{formatInteger(cache.hits)}</span> hits ·{' '}
              <span data-testid="cache-misses">{formatInteger(cache.misses)}</span> misses
            </>
          ) : null}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">Queue</div>
        <div className="tile-value num" data-testid="queue-depth">
          {queue ? formatInteger(queue.depth) : '—'}
        </div>
        <div className={`tile-sub ${queue?.paused.all ? 'text-warn' : ''}`}>
          {queue ? (
            <>
              {queue.running.length} running
              {queue.paused.all
                ? ' · all paused'
                : queue.paused.sources.length > 0
                  ? ` · ${queue.paused.sources.length} paused`
                  : ''}
            </>
          ) : null}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">Sources</div>
        <div className="tile-value num">{status ? status.sources.length : '—'}</div>
        <div className={`tile-sub ${failingSources > 0 ? 'text-bad' : reviewing > 0 ? 'text-warn' : ''}`}>
          {status
            ? failingSources > 0
              ? `${failingSources} with errors`
              : reviewing > 0
                ? `${reviewing} need review`
                : 'all healthy'
            : null}
        </div>
      </div>
      <div className="tile">
        <div className="tile-label">Last run</div>
        <div className="tile-value">
          {last ? (
            <StatusPill status={last.status} testId="last-run-status" />
          ) : (
            <span className="muted">none yet</span>
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
