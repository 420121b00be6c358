import type { ReactNode } from 'react';
import { isMessageKey, useT } from '../i18n/index.js';

const tone: Record<string, string> = {
  succeeded: 'ok',
  idle: 'neutral',
  running: 'info',
  syncing: 'info',
  queued: 'info',
  failed: 'bad',
  error: 'bad',
  offline: 'bad',
  cancelled: 'warn',
  skipped: 'warn',
  needs_review: 'warn',
  paused: 'warn',
};

/** A coloured status word (run status or source state), in the chosen language. */
export function StatusPill({ status, title, testId }: { status: string; title?: string; testId?: string }) {
  const t = useT();
  const key = `status.${status}`;
  return (
    <span className={`pill pill-${tone[status] ?? 'neutral'}`} title={title} data-testid={testId} data-status={status}>
      {isMessageKey(key) ? t(key) : status.replace(/_/g, ' ')}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-title">{title}</div>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}
