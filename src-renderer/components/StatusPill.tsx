import type { ReactNode } from 'react';

const tone: Record<string, string> = {
  succeeded: 'ok',
  idle: 'neutral',
  running: 'info',
  syncing: 'info',
  failed: 'bad',
  error: 'bad',
  cancelled: 'warn',
  skipped: 'warn',
  needs_review: 'warn',
};

/** A coloured status word (run status or source state); "needs_review" reads "needs review". */
export function StatusPill({ status, title, testId }: { status: string; title?: string; testId?: string }) {
  return (
    <span
      className={`pill pill-${tone[status] ?? 'neutral'}`}
      title={title}
      data-testid={testId}
      data-status={status}
    >
      {status.replace(/_/g, ' ')}
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
