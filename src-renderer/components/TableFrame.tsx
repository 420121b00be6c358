import type { ReactNode } from 'react';

/**
 * A table's own scrolling frame: a wide table scrolls sideways inside it instead of widening the page. It takes
 * the keyboard focus so the arrow keys can scroll it too, and is named for screen readers.
 */
export function TableFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="panel panel-flush table-frame" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
