// Where a source's webhook is reached (the public address a tunnel or proxy gives the receiver) and what it did
// with the events it got; shown in the source editor for sources that take webhooks.
import type { WebhookStatus } from '../../src-shared/syncOps.js';
import { useT } from '../i18n/index.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';

export function WebhookAddress(p: { source: string }) {
  const t = useT();
  const status = useReload(() => syncflow.getStatus({}), []);
  const hooks: WebhookStatus | undefined = status.value?.webhooks;
  if (!status.value) return null;
  const path = `/webhooks/${p.source}`;
  const counts = hooks?.sources.find((s) => s.source === p.source);
  const ignored = counts ? Object.values(counts.ignored).reduce((a, b) => a + b, 0) : 0;
  return (
    <div className="form-field" data-testid="webhook-address">
      <span>{t('webhook.address')}</span>
      {hooks?.publicUrl ? (
        <span className="mono small">{t('webhook.public', { url: `${hooks.publicUrl.replace(/\/+$/, '')}${path}` })}</span>
      ) : (
        <span className="muted small">{t('webhook.noPublic')}</span>
      )}
      {hooks?.url ? (
        <span className="mono small muted">{t('webhook.local', { url: `${hooks.url}${path}` })}</span>
      ) : (
        <span className="muted small">{t('webhook.disabled')}</span>
      )}
      {counts ? (
        <span className="small">
          {t('webhook.events', {
            accepted: counts.accepted,
            ignored,
            types: Object.entries(counts.ignored).map(([k, v]) => `${k} ${v}`).join(', ') || '—',
            duplicates: counts.duplicates,
            rejected: counts.rejected,
          })}
        </span>
      ) : null}
    </div>
  );
}
