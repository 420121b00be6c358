import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { ProductHit } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { Highlight } from './Highlight.js';

const ROW_HEIGHT = 33;
const COLUMNS = 8;

/**
 * Search hits as a virtualised table: only the rows in view exist in the page, so a million-product result
 * scrolls as smoothly as a short one; reaching the end loads the next page. Arrows, Page Up/Down, Home and End
 * move the active row, Enter opens it.
 */
export function ResultsList({
  items,
  hasMore,
  loading,
  onLoadMore,
  selected,
  active,
  onActive,
  onOpen,
  focusRequest,
}: {
  items: readonly ProductHit[];
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  selected: string | null;
  active: number;
  onActive: (index: number) => void;
  onOpen: (id: string) => void;
  /** Bumped when the active row should take the keyboard focus (after Esc closed the detail panel, say). */
  focusRequest: number;
}) {
  const t = useT();
  const fmt = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useRef(new Map<number, HTMLTableRowElement>());
  const wantFocus = useRef(false);
  const count = items.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtual = virtualizer.getVirtualItems();
  const lastShown = virtual[virtual.length - 1]?.index ?? -1;

  // The loader row came into view: fetch the next page.
  useEffect(() => {
    if (hasMore && !loading && lastShown >= items.length - 1) onLoadMore();
  }, [hasMore, loading, lastShown, items.length, onLoadMore]);

  useEffect(() => {
    if (focusRequest === 0) return;
    wantFocus.current = true;
    virtualizer.scrollToIndex(active, { align: 'auto' });
    // Only a new request moves the focus; the active row and the virtualizer are read as they are then.
  }, [focusRequest]);

  useEffect(() => {
    if (!wantFocus.current) return;
    const row = rows.current.get(active);
    if (row) {
      row.focus({ preventScroll: true });
      wantFocus.current = false;
    }
  });

  const move = (index: number): void => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    wantFocus.current = true;
    onActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(items.length - 1),
      Enter: () => {
        const hit = items[active];
        if (hit) onOpen(hit.id);
      },
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const before = virtual[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (virtual[virtual.length - 1]?.end ?? 0);

  return (
    <div className="results-scroll" ref={scroller} data-testid="results-scroll">
      <table className="grid grid-clickable results-grid" data-testid="results-table" aria-rowcount={count + 1}>
        <thead>
          <tr>
            <th scope="col">{t('product.code')}</th>
            <th scope="col">{t('product.name')}</th>
            <th scope="col" className="optional">
              {t('product.brand')}
            </th>
            <th scope="col" className="optional">
              {t('product.category')}
            </th>
            <th scope="col" className="optional">
              {t('product.type')}
            </th>
            <th scope="col" className="num">
              {t('product.price')}
            </th>
            <th scope="col" className="num">
              {t('product.stock')}
            </th>
            <th scope="col" className="optional">
              {t('product.active')}
            </th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {before > 0 ? (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: before }} />
            </tr>
          ) : null}
          {virtual.map((v) => {
            const hit = items[v.index];
            if (!hit) {
              return (
                <tr key="loader" className="loader-row" aria-rowindex={v.index + 2}>
                  <td colSpan={COLUMNS} className="muted">
                    {t('common.loading')}
                  </td>
                </tr>
              );
            }
            return (
              <tr
                key={hit.id}
                ref={(el) => {
                  if (el) rows.current.set(v.index, el);
                  else rows.current.delete(v.index);
                }}
                data-testid="result-row"
                data-index={v.index}
                aria-rowindex={v.index + 2}
                tabIndex={v.index === active ? 0 : -1}
                aria-selected={selected === hit.id}
                className={`${selected === hit.id ? 'selected' : ''} ${v.index === active ? 'active' : ''}`}
                onClick={() => {
                  onActive(v.index);
                  onOpen(hit.id);
                }}
                onFocus={() => {
                  if (v.index !== active) onActive(v.index);
                }}
              >
                <td className="mono nowrap">{hit.code ?? <span className="muted">—</span>}</td>
                <td className="name-cell">
                  <Highlight snippet={hit.snippet} fallback={hit.name} />
                </td>
                <td className="optional">{hit.brand ?? <span className="muted">—</span>}</td>
                <td className="optional">{hit.category ?? <span className="muted">—</span>}</td>
                <td className="optional">{t(`productType.${hit.type}`)}</td>
                <td className="num nowrap" data-testid="result-price">
                  {fmt.price(hit.price, hit.currency)}
                </td>
                <td className="num">{fmt.quantity(hit.stock)}</td>
                <td className="optional">
                  {hit.active ? (
                    <span className="text-ok">{t('common.yes')}</span>
                  ) : (
                    <span className="muted">{t('common.no')}</span>
                  )}
                </td>
              </tr>
            );
          })}
          {after > 0 ? (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: after }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
