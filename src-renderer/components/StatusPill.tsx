import type { ReactNode } from 'react';

const tone: Record<string, string> = {
  succeeded: 'ok',
  idle: 'neutral',
  running: 'info',
  syncing: 'info',
  failed: 'bad',
  error: 'bad',
  cancelled: 'warn',
  skipped: 'neutral',
};

/** A coloured status word (run status or source state). */
export function StatusPill({ status, title, testId }: { status: string; title?: string; testId?: string }) {
  return (
    <span className={`pill pill-${tone[status] ?? 'neutral'}`} title={title} data-testid={testId}>
      {status}
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
