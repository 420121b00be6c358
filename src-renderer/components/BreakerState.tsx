import type { SourceStatus } from '../../src-shared/domain.js';
import { breakerTone } from '../lib/metrics.js';
import { RelativeTime } from './RelativeTime.js';

/** The source's circuit breaker: quiet when closed, loud when open (runs are skipped until it half-opens). */
export function BreakerState({ breaker, now }: { breaker: SourceStatus['breaker']; now: number }) {
  if (!breaker) return null;
  const failures = breaker.consecutiveFailures;
  return (
    <div
      className={`breaker breaker-${breakerTone[breaker.state]}`}
      data-testid="breaker-state"
      data-state={breaker.state}
    >
      breaker {breaker.state}
      {failures > 0 ? ` · ${failures} ${failures === 1 ? 'failure' : 'failures'}` : ''}
      {breaker.state === 'open' && breaker.openUntil ? (
        <>
          {' '}
          · retry <RelativeTime iso={breaker.openUntil} now={now} />
        </>
      ) : null}
    </div>
  );
}
