import type { Alert } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import type { NetworkView } from '../lib/sourceState.js';

export interface UnreachableSource {
  name: string;
  since: string | null;
}

/**
 * The agent is offline, a source cannot be reached, or data is stale: banners that stay while the condition lasts
 * (they cannot be dismissed; they go when the network is back, the source syncs again, the stale alerts resolve).
 */
export function StatusBanner({
  network,
  unreachable,
  stale,
  now,
}: {
  network: NetworkView;
  unreachable: readonly UnreachableSource[];
  stale: readonly Alert[];
  now: number;
}) {
  const t = useT();
  const fmt = useFormat();
  const offline = !network.online || unreachable.length > 0;
  if (!offline && stale.length === 0) return null;
  return (
    <div className="status-banners">
      {offline ? (
        <div className="condition-banner condition-offline" role="status" data-testid="offline-banner">
          {!network.online ? (
            <>
              <strong>{t('banner.offline')}</strong>{' '}
              {network.offlineSince ? t('banner.offlineSince', { time: fmt.since(network.offlineSince, now) }) : null}{' '}
            </>
          ) : (
            unreachable.map((u) => (
              <span key={u.name} data-testid="unreachable-source" data-source={u.name}>
                <strong>{t('banner.unreachable', { source: u.name })}</strong>{' '}
                {u.since ? t('banner.offlineSince', { time: fmt.since(u.since, now) }) : null}{' '}
              </span>
            ))
          )}
          <span>{network.online ? t('banner.unreachable.next') : t('banner.offline.next')}</span>
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
