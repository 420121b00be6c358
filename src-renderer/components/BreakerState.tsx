import type { SourceStatus } from '../../src-shared/domain.js';
import { useT } from '../i18n/index.js';
import { breakerTone } from '../lib/metrics.js';
import { RelativeTime } from './RelativeTime.js';

/** The source's circuit breaker: quiet when closed, loud when open (runs are skipped until it half-opens). */
export function BreakerState({ breaker, now }: { breaker: SourceStatus['breaker']; now: number }) {
  const t = useT();
  if (!breaker) return null;
  const failures = breaker.consecutiveFailures;
  return (
    <div
      className={`breaker breaker-${breakerTone[breaker.state]}`}
      data-testid="breaker-state"
      data-state={breaker.state}
    >
      {t('breaker.label', { state: t(`breaker.${breaker.state}`) })}
      {failures > 0 ? ` · ${t('breaker.failures', { count: failures })}` : ''}
      {breaker.state === 'open' && breaker.openUntil ? (
        <>
          {' '}
          · {t('breaker.retry')} <RelativeTime iso={breaker.openUntil} now={now} future />
        </>
      ) : null}
    </div>
  );
}
