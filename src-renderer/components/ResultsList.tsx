import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { ProductHit } from '../../src-shared/domain.js';
import { useT } from '../i18n/index.js';
import { ResultRow } from './ResultRow.js';

/** Fixed sizes, the same as in results.css: no row or header is ever measured. */
const ROW_HEIGHT = 33;
const HEADER_HEIGHT = 28;
/** Rows kept in the page above and below the ones in view. */
const OVERSCAN = 4;
/** The next page is asked for this many rows before the end of the loaded ones, so it is there when reached. */
const PREFETCH_ROWS = 60;
/** Rows in view before the scroller has been measured. */
const UNMEASURED_VIEW_ROWS = 30;

/** First row (partly) under the column headers at this scroll offset. */
const rowAt = (scrollTop: number): number => Math.max(0, Math.floor(scrollTop / ROW_HEIGHT));

/**
 * Search hits as a virtualised grid: only the rows in view (and a few either side) exist in the page, each at a
 * fixed height after a padding as tall as the rows above them, in columns of fixed widths (no table layout to redo
 * as rows come and go); nearing the end loads the next page. The list is one grid that holds the keyboard focus:
 * arrows, Page Up/Down, Home and End move the active row, Enter opens it. Mount it with a new `key` for new results:
 * the active row starts at the top.
 */
export function ResultsList({
  items,
  hasMore,
  loading,
  onLoadMore,
  selected,
  onOpen,
  focusRequest,
}: {
  items: readonly ProductHit[];
  hasMore: boolean;
  loading: boolean;
  /** Fetches the next page; `loading` must be true from the render after it is called until the page is in. */
  onLoadMore: () => void;
  selected: string | null;
  /** Called with the product to open; should be stable (a state setter) so rows need not re-render. */
  onOpen: (id: string) => void;
  /** Bumped when the list should take the keyboard focus, its active row in view (after Esc closed the detail panel, say). */
  focusRequest: number;
}) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const count = items.length + (hasMore ? 1 : 0);
  // The active row lives here, not in the Catalog screen: a key press re-renders the list, not the whole screen.
  const [active, setActive] = useState(0);
  const [top, setTop] = useState(0);
  const [viewRows, setViewRows] = useState(UNMEASURED_VIEW_ROWS);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setViewRows(Math.ceil(Math.max(0, el.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const from = Math.max(0, Math.min(top, count - 1) - OVERSCAN);
  const to = Math.min(count, top + viewRows + OVERSCAN);
  const lastShown = to - 1;
  // The keyboard focus stays on the list and aria-activedescendant names the active row (only while that row is
  // in the page): focusing each row instead forced a style and layout pass inside every key press.
  const activeShown = active >= from && active < to && active < items.length;

  // The rows follow the scroll offset in the scroll event's own task (flushSync): a render left for later would
  // paint a frame with the rows missing. A key press has already rendered the rows for its own scroll (below), so
  // its scroll event finds nothing to do.
  const onScroll = (): void => {
    const next = rowAt(scroller.current?.scrollTop ?? 0);
    if (next !== top) flushSync(() => setTop(next));
  };

  // Brings a row into view (out from under the headers) with one scrollTop write, and renders the rows for the new
  // offset in the same task as the key press: one render per press, done before the frame that scrolls.
  const reveal = (index: number): void => {
    const el = scroller.current;
    if (!el) return;
    const rowTop = index * ROW_HEIGHT;
    if (rowTop < el.scrollTop) el.scrollTop = rowTop;
    else if (rowTop + ROW_HEIGHT + HEADER_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = rowTop + ROW_HEIGHT + HEADER_HEIGHT - el.clientHeight;
    }
    setTop(rowAt(el.scrollTop));
  };

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
      setActive(index);
      onOpen(id);
    },
    [onOpen],
  );

  const move = (index: number): void => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setActive(next);
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

  const shown: ReactNode[] = [];
  for (let index = from; index < to; index++) {
    const hit = items[index];
    // Keyed by product: keyed by place in the page instead (React changing a row's text, not building a new row),
    // every row in the page changed on a PageDown, not only the new ones, and layout and paint cost more than
    // the style and script it saved (Chromium traces, 100 presses on 20,000 products).
    shown.push(
      hit ? (
        <ResultRow
          key={hit.id}
          id={`${idPrefix}-${index}`}
          hit={hit}
          index={index}
          isActive={index === active}
          isSelected={selected === hit.id}
          onPick={pick}
        />
      ) : (
        <div key="loader" role="row" className="results-row result-row loader-row" aria-rowindex={index + 2}>
          <div role="gridcell" className="cell muted">
            {t('common.loading')}
          </div>
        </div>
      ),
    );
  }

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
      onScroll={onScroll}
    >
      <div className="results-grid" data-testid="results-table">
        <div role="rowgroup" className="results-head">
          <div role="row" className="results-row results-head-row" aria-rowindex={1}>
            <div role="columnheader" className="cell cut">
              {t('product.code')}
            </div>
            <div role="columnheader" className="cell cut">
              {t('product.name')}
            </div>
            <div role="columnheader" className="cell cut optional">
              {t('product.brand')}
            </div>
            <div role="columnheader" className="cell cut optional">
              {t('product.category')}
            </div>
            <div role="columnheader" className="cell cut optional">
              {t('product.type')}
            </div>
            <div role="columnheader" className="cell cut num">
              {t('product.price')}
            </div>
            <div role="columnheader" className="cell cut num">
              {t('product.stock')}
            </div>
            <div role="columnheader" className="cell cut optional">
              {t('product.active')}
            </div>
          </div>
        </div>
        <div
          role="rowgroup"
          className="results-body"
          // The rows in view sit in normal flow after a padding as tall as the rows above them: one style change
          // per scroll, and no layer per row (a transform per row made one each, measured dearer).
          style={{ height: count * ROW_HEIGHT, paddingTop: from * ROW_HEIGHT }}
        >
          {shown}
        </div>
      </div>
    </div>
  );
}
