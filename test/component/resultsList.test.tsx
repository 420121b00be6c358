// @vitest-environment happy-dom
// The Catalog's virtualised result list: fixed-height rows after a padding for the rows above, the next page asked for before the
// loaded rows run out (and only once per page), keyboard moves (the focus on the list, the active row named by
// aria-activedescendant) and opens, a click picks a row.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Profiler, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProductHit } from '../../src-shared/domain.js';
import { ResultsList } from '../../src-renderer/components/ResultsList.js';
import { I18nProvider } from '../../src-renderer/i18n/index.js';

afterEach(cleanup);

// happy-dom lays nothing out: the scroller reports the size a 400 px tall list would have (28 px of it headers).
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')!;
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset['testid'] === 'results-scroll' ? 400 : 0;
    },
  });
});
afterAll(() => Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight));

const hit = (i: number): ProductHit => ({
  id: `p${i}`,
  name: `Product ${i}`,
  code: i % 2 ? `CODE-${i}` : null,
  brand: 'Atlas',
  category: 'Filtros',
  type: 'product',
  price: 10 + i,
  currency: 'BRL',
  stock: i,
  active: i % 3 !== 0,
  snippet: i === 1 ? 'Product [[1]]' : null,
});
const hits = (n: number) => Array.from({ length: n }, (_, i) => hit(i));

/** Holds the list's state as the Catalog does: asking for a page sets `loading` until the test delivers it. */
function List(p: {
  items: ProductHit[];
  hasMore?: boolean;
  onLoadMore?: () => void;
  onOpen?: (id: string) => void;
  focusRequest?: number;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  const [loadingFor, setLoadingFor] = useState<ProductHit[] | null>(null);
  return (
    <I18nProvider locale="en">
      <ResultsList
        items={p.items}
        hasMore={p.hasMore ?? false}
        loading={loadingFor === p.items}
        onLoadMore={() => {
          setLoadingFor(p.items);
          p.onLoadMore?.();
        }}
        selected={selected}
        onOpen={(id) => {
          setSelected(id);
          p.onOpen?.(id);
        }}
        focusRequest={p.focusRequest ?? 0}
      />
    </I18nProvider>
  );
}

const rows = () => screen.getAllByTestId('result-row');
const row = (index: number) => rows().find((r) => r.dataset['index'] === String(index))!;
const list = () => screen.getByRole('grid');
/** The row the list's aria-activedescendant names, by its index (null: none named). */
const activeRow = (): string | null => {
  const id = list().getAttribute('aria-activedescendant');
  return id ? (document.getElementById(id)?.dataset['index'] ?? `missing #${id}`) : null;
};

describe('ResultsList', () => {
  it('lays the rows in view after a padding as tall as the rows above, in a body as tall as all rows, with grid semantics', () => {
    render(<List items={hits(500)} />);
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(500);
    rows().forEach((r, i) => {
      expect(r.dataset['index']).toBe(String(i));
      expect(r.getAttribute('aria-rowindex')).toBe(String(i + 2));
    });
    const body = screen.getByTestId('results-table').querySelector<HTMLElement>('.results-body')!;
    expect(body.style.height).toBe(`${500 * 33}px`);
    expect(body.style.paddingTop).toBe('0px');
    // A missing code reads as a dash; a snippet marks the matched term.
    expect(row(0).querySelector('[role="gridcell"]')!.textContent).toBe('—');
    expect(row(1).querySelector('mark')!.textContent).toBe('1');
    // Scrolled down, the rows above the view (less the overscan) become the padding.
    const scroller = screen.getByTestId('results-scroll');
    scroller.scrollTop = 100 * 33;
    fireEvent.scroll(scroller);
    const firstShown = Number(rows()[0]!.dataset['index']);
    expect(firstShown).toBeGreaterThan(80);
    expect(body.style.paddingTop).toBe(`${firstShown * 33}px`);
    expect(list().getAttribute('aria-rowcount')).toBe('501');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Code',
      'Name',
      'Brand',
      'Category',
      'Type',
      'Price',
      'Stock',
      'Active',
    ]);
  });

  it('clips only the cells whose text may be wider than the column: the texts, a long price or stock', () => {
    const long: ProductHit = { ...hit(1), price: 123456.78, stock: 123456 };
    render(<List items={[hit(0), long]} />);
    const cells = (index: number) => [...row(index).querySelectorAll<HTMLElement>('[role="gridcell"]')];
    const cut = (index: number) => cells(index).map((c) => c.classList.contains('cut'));
    // Code (none on row 0: a dash), name, brand, category, type, price, stock, active.
    expect(cells(0)[5]!.textContent).toBe('R$10.00');
    expect(cut(0)).toEqual([false, true, true, true, false, false, false, false]);
    expect(cells(1)[5]!.textContent).toBe('R$123,456.78');
    expect(cut(1)).toEqual([true, true, true, true, false, true, true, false]);
  });

  it('asks for the next page before the loaded rows run out, once while it loads, and again for the page after', () => {
    const more = vi.fn();
    const first = hits(40);
    const { rerender } = render(<List items={first} hasMore onLoadMore={more} />);
    expect(more).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(list(), { key: 'ArrowDown' });
    expect(more).toHaveBeenCalledTimes(1);
    // The next page arrives: 70 rows, whose end is still within reach of the first screen.
    rerender(<List items={hits(70)} hasMore onLoadMore={more} />);
    expect(more).toHaveBeenCalledTimes(2);
    // The last page: nothing more to ask, and no loader row.
    rerender(<List items={hits(90)} onLoadMore={more} />);
    expect(more).toHaveBeenCalledTimes(2);
    expect(document.querySelector('.loader-row')).toBeNull();
  });

  it('shows the loader row after the loaded rows while the next page is fetched', () => {
    render(<List items={hits(5)} hasMore />);
    expect(document.querySelector('.loader-row')!.getAttribute('aria-rowindex')).toBe('7');
  });

  it('does not ask for more while the end of the loaded rows is far below', () => {
    const more = vi.fn();
    render(<List items={hits(300)} hasMore onLoadMore={more} />);
    expect(more).not.toHaveBeenCalled();
  });

  it('moves the active row with the keyboard and opens it with Enter, the focus staying on the list', () => {
    const open = vi.fn();
    render(<List items={hits(50)} onOpen={open} />);
    // One stop in the tab order: the list; rows are named by aria-activedescendant, never focused themselves.
    expect(list().tabIndex).toBe(0);
    expect(rows().every((r) => !r.hasAttribute('tabindex'))).toBe(true);
    expect(activeRow()).toBe('0');
    fireEvent.keyDown(list(), { key: 'ArrowDown' });
    fireEvent.keyDown(list(), { key: 'ArrowDown' });
    expect(activeRow()).toBe('2');
    expect(row(2).className).toContain('active');
    expect(row(0).className).not.toContain('active');
    fireEvent.keyDown(list(), { key: 'ArrowUp' });
    fireEvent.keyDown(list(), { key: 'Enter' });
    expect(open).toHaveBeenCalledWith('p1');
    expect(row(1).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(list(), { key: 'Home' });
    expect(activeRow()).toBe('0');
  });

  it('Page Down scrolls the active row just into view below the headers, Home back to the top', () => {
    render(<List items={hits(200)} />);
    const scroller = screen.getByTestId('results-scroll');
    // 400 px with 28 px of headers: 11 rows in view, a page moves 10.
    fireEvent.keyDown(list(), { key: 'PageDown' });
    expect(activeRow()).toBe('10');
    expect(scroller.scrollTop).toBe(0);
    fireEvent.keyDown(list(), { key: 'PageDown' });
    expect(scroller.scrollTop).toBe(20 * 33 + 33 + 28 - 400);
    fireEvent.scroll(scroller); // happy-dom does not fire it for a scrollTop write
    expect(activeRow()).toBe('20');
    fireEvent.keyDown(list(), { key: 'Home' });
    expect(scroller.scrollTop).toBe(0);
  });

  it("renders the rows for a key press's scroll in that key press, once: its scroll event then renders nothing", () => {
    const commits: string[] = [];
    render(
      <Profiler id="list" onRender={(_id, phase) => commits.push(phase)}>
        <List items={hits(200)} />
      </Profiler>,
    );
    const scroller = screen.getByTestId('results-scroll');
    commits.length = 0;
    fireEvent.keyDown(list(), { key: 'PageDown' });
    fireEvent.keyDown(list(), { key: 'PageDown' });
    fireEvent.keyDown(list(), { key: 'PageDown' });
    // 30 rows down: the page holds them and names the active one before any scroll event.
    expect(scroller.scrollTop).toBe(30 * 33 + 33 + 28 - 400);
    expect(activeRow()).toBe('30');
    expect(Number(rows()[0]!.dataset['index'])).toBeGreaterThan(10);
    expect(commits).toEqual(['update', 'update', 'update']);
    fireEvent.scroll(scroller);
    expect(commits).toHaveLength(3);
    // A scroll that is not a key press's (the wheel, the scroll bar) renders the rows for where it went.
    scroller.scrollTop = 150 * 33;
    fireEvent.scroll(scroller);
    expect(commits).toHaveLength(4);
    expect(row(150)).toBeDefined();
    expect(row(30)).toBeUndefined();
  });

  it('names no active row while that row is scrolled out of the page, and names it again when it is back', () => {
    render(<List items={hits(500)} />);
    const scroller = screen.getByTestId('results-scroll');
    scroller.scrollTop = 300 * 33;
    fireEvent.scroll(scroller);
    expect(row(0)).toBeUndefined();
    expect(list().hasAttribute('aria-activedescendant')).toBe(false);
    // A key brings the active row back into view and names it.
    fireEvent.keyDown(list(), { key: 'ArrowDown' });
    fireEvent.scroll(scroller);
    expect(activeRow()).toBe('1');
  });

  it('takes the keyboard focus on request (Esc closed the panel)', () => {
    const { rerender } = render(<List items={hits(50)} />);
    expect(document.activeElement).not.toBe(list());
    rerender(<List items={hits(50)} focusRequest={1} />);
    expect(document.activeElement).toBe(list());
  });

  it('picks a row on click: it becomes active and opens', () => {
    const open = vi.fn();
    render(<List items={hits(50)} onOpen={open} />);
    fireEvent.click(row(3));
    expect(open).toHaveBeenCalledWith('p3');
    expect(row(3).className).toContain('active');
    expect(row(3).className).toContain('selected');
  });
});
