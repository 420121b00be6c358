import type { Alert } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import type { NetworkView } from '../lib/sourceState.js';

/**
 * The agent is offline, or data is stale: a banner that stays while the condition lasts (it cannot be dismissed;
 * it goes when the engine says the network is back or the stale alerts resolve).
 */
export function StatusBanner({ network, stale, now }: { network: NetworkView; stale: readonly Alert[]; now: number }) {
  const t = useT();
  const fmt = useFormat();
  if (network.online && stale.length === 0) return null;
  return (
    <div className="status-banners">
      {!network.online ? (
        <div className="condition-banner condition-offline" role="status" data-testid="offline-banner">
          <strong>{t('banner.offline')}</strong>{' '}
          {network.offlineSince ? t('banner.offlineSince', { time: fmt.since(network.offlineSince, now) }) : null}{' '}
          <span>{t('banner.offline.next')}</span>
          {network.reason ? (
            <details className="people-error-details">
              <summary>{t('common.details')}</summary>
              <code className="mono">{network.reason}</code>
            </details>
          ) : null}
        </div>
      ) : null}
      {stale.length > 0 ? (
        <div className="condition-banner condition-stale" role="status" data-testid="stale-banner">
          <strong>{t('banner.stale', { sources: stale.map((a) => a.source).join(', ') })}</strong>{' '}
          <span>{t('banner.stale.next')}</span>
        </div>
      ) : null}
    </div>
  );
}
