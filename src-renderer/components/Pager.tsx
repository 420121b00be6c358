// Previous / "51–100 of 230" / Next under a paged list. `total` when it is known; otherwise `more` says whether a
// next page exists (the list asked for one row more than it shows) and the total reads "100+".
import { useFormat, useT } from '../i18n/index.js';

export function Pager(p: {
  offset: number;
  pageSize: number;
  /** Rows shown on this page. */
  count: number;
  total?: number;
  more?: boolean;
  onOffset: (offset: number) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const to = p.offset + p.count;
  const hasNext = p.total !== undefined ? p.offset + p.pageSize < p.total : p.more === true;
  return (
    <nav className="toolbar" aria-label={t('ops.pages')}>
      <button
        type="button"
        className="btn btn-small"
        disabled={p.offset === 0}
        onClick={() => p.onOffset(Math.max(0, p.offset - p.pageSize))}
      >
        {t('ops.previous')}
      </button>
      <span className="muted" data-testid="pager-range">
        {p.count > 0
          ? t('ops.range', { from: p.offset + 1, to, total: p.total ?? (p.more ? `${fmt.integer(to)}+` : to) })
          : ''}
      </span>
      <button type="button" className="btn btn-small" disabled={!hasNext} onClick={() => p.onOffset(p.offset + p.pageSize)}>
        {t('ops.next')}
      </button>
    </nav>
  );
}
