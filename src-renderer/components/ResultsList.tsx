import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { ProductHit } from '../../src-shared/domain.js';
import { useT } from '../i18n/index.js';
import { ResultRow } from './ResultRow.js';

/** Fixed sizes, the same as in results.css: no row or header is ever measured. */
const ROW_HEIGHT = 33;
const HEADER_HEIGHT = 28;
/** The next page is asked for this many rows before the end of the loaded ones, so it is there when reached. */
const PREFETCH_ROWS = 60;

/**
 * Search hits as a virtualised grid: only the rows in view exist in the page, each at a fixed height after a
 * padding as tall as the rows above them, in columns of fixed widths (no table layout to redo as rows come and go); nearing the end loads
 * the next page. The list is one grid that holds the keyboard focus: arrows, Page Up/Down, Home and End move the
 * active row, Enter opens it.
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
  /** Fetches the next page; `loading` must be true from the render after it is called until the page is in. */
  onLoadMore: () => void;
  selected: string | null;
  active: number;
  /** Called with the row that became active; should be stable (a state setter) so rows need not re-render. */
  onActive: (index: number) => void;
  /** Called with the product to open; should be stable too. */
  onOpen: (id: string) => void;
  /** Bumped when the list should take the keyboard focus, its active row in view (after Esc closed the detail panel, say). */
  focusRequest: number;
}) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const count = items.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // The column headers sit above the rows inside the scroller: rows start below them.
    scrollMargin: HEADER_HEIGHT,
  });

  // Brings a row into view (out from under the headers) with one scrollTop write: rows have a fixed height, so
  // nothing is measured, and no scroll command is left for the virtualizer to check over the next frames.
  const reveal = (index: number): void => {
    const el = scroller.current;
    if (!el) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT + HEADER_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = top + ROW_HEIGHT + HEADER_HEIGHT - el.clientHeight;
    }
  };
  const virtual = virtualizer.getVirtualItems();
  const lastShown = virtual[virtual.length - 1]?.index ?? -1;
  // The keyboard focus stays on the list and aria-activedescendant names the active row (only while that row is
  // in the page): focusing each row instead forced a style and layout pass inside every key press.
  const activeShown = active >= (virtual[0]?.index ?? 0) && active <= lastShown && active < items.length;

  useEffect(() => {
    if (hasMore && !loading && lastShown >= 0 && lastShown >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loading, lastShown, items.length, onLoadMore]);

  useEffect(() => {
    if (focusRequest === 0) return;
    scroller.current?.focus({ preventScroll: true });
    reveal(active);
    // Only a new request moves the focus; the active row is read as it is then.
  }, [focusRequest]);

  const pick = useCallback(
    (index: number, id: string) => {
      onActive(index);
      onOpen(id);
    },
    [onActive, onOpen],
  );

  const move = (index: number): void => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    onActive(next);
    reveal(next);
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    const view = (scroller.current?.clientHeight ?? 300) - HEADER_HEIGHT;
    const page = Math.max(1, Math.floor(view / ROW_HEIGHT) - 1);
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

  return (
    <div
      className="results-scroll"
      ref={scroller}
      data-testid="results-scroll"
      role="grid"
      aria-rowcount={count + 1}
      aria-label={t('catalog.results')}
      tabIndex={0}
      aria-activedescendant={activeShown ? `${idPrefix}-${active}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="results-grid" data-testid="results-table">
        <div role="rowgroup" className="results-head">
          <div role="row" className="results-row results-head-row" aria-rowindex={1}>
            <div role="columnheader" className="cell">
              {t('product.code')}
            </div>
            <div role="columnheader" className="cell">
              {t('product.name')}
            </div>
            <div role="columnheader" className="cell optional">
              {t('product.brand')}
            </div>
            <div role="columnheader" className="cell optional">
              {t('product.category')}
            </div>
            <div role="columnheader" className="cell optional">
              {t('product.type')}
            </div>
            <div role="columnheader" className="cell num">
              {t('product.price')}
            </div>
            <div role="columnheader" className="cell num">
              {t('product.stock')}
            </div>
            <div role="columnheader" className="cell optional">
              {t('product.active')}
            </div>
          </div>
        </div>
        <div
          role="rowgroup"
          className="results-body"
          // The rows in view sit in normal flow after a padding as tall as the rows above them: one style change
          // per scroll, and no layer per row (a transform per row made one each, measured dearer).
          style={{
            height: virtualizer.getTotalSize(),
            paddingTop: (virtual[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT,
          }}
        >
          {virtual.map((v) => {
            const hit = items[v.index];
            if (!hit) {
              return (
                <div key="loader" role="row" className="results-row result-row loader-row" aria-rowindex={v.index + 2}>
                  <div role="gridcell" className="cell muted">
                    {t('common.loading')}
                  </div>
                </div>
              );
            }
            return (
              <ResultRow
                key={hit.id}
                id={`${idPrefix}-${v.index}`}
                hit={hit}
                index={v.index}
                isActive={v.index === active}
                isSelected={selected === hit.id}
                onPick={pick}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
