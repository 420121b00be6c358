import type { ReactNode } from 'react';

/** One labelled value in a `<dl className="fields">` grid. */
export function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`field ${wide ? 'field-wide' : ''}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
