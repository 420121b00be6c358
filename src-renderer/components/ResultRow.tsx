import { memo } from 'react';
import type { ProductHit } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { Highlight } from './Highlight.js';

/** Digits, separators, signs and the narrow currency symbols: each under 0.75 em in the UI fonts (DejaVu Sans's
 * digits, the widest of them, are 0.64 em). */
const NARROW = /^[\d\s.,'+\-\u2212$R€£¥]*$/u;
/** Characters of those that fit the narrowest price (84 px) and stock (56 px) columns, less 16 px of padding, at
 * 0.75 em of 12.5 px each. */
const PRICE_CHARS = 7;
const STOCK_CHARS = 4;
/** A number's cell is clipped only when its text may be wider than the column (see .cut in results.css). */
const fits = (text: string, chars: number): boolean => text === '—' || (text.length <= chars && NARROW.test(text));

/**
 * One result row at a fixed height, in fixed-width columns. Memoised: while the
 * list scrolls, a row that stays in view keeps its props and is not rendered again; only the rows whose active or
 * selected state changed are.
 */
export const ResultRow = memo(function ResultRow({
  id,
  hit,
  index,
  isActive,
  isSelected,
  onPick,
}: {
  /** For the list's aria-activedescendant. */
  id: string;
  hit: ProductHit;
  index: number;
  isActive: boolean;
  isSelected: boolean;
  onPick: (index: number, id: string) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const none = '—';
  const price = fmt.price(hit.price, hit.currency);
  const stock = fmt.quantity(hit.stock);
  return (
    <div
      role="row"
      id={id}
      data-testid="result-row"
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={isSelected}
      className={`results-row result-row${isSelected ? ' selected' : ''}${isActive ? ' active' : ''}`}
      onClick={() => onPick(index, hit.id)}
    >
      <div role="gridcell" className={hit.code ? 'cell cut mono' : 'cell muted'}>
        {hit.code ?? none}
      </div>
      <div role="gridcell" className="cell cut">
        <Highlight snippet={hit.snippet} fallback={hit.name} />
      </div>
      <div role="gridcell" className={hit.brand ? 'cell cut optional' : 'cell optional muted'}>
        {hit.brand ?? none}
      </div>
      <div role="gridcell" className={hit.category ? 'cell cut optional' : 'cell optional muted'}>
        {hit.category ?? none}
      </div>
      <div role="gridcell" className="cell optional">
        {t(`productType.${hit.type}`)}
      </div>
      <div
        role="gridcell"
        className={fits(price, PRICE_CHARS) ? 'cell num' : 'cell num cut'}
        data-testid="result-price"
      >
        {price}
      </div>
      <div role="gridcell" className={fits(stock, STOCK_CHARS) ? 'cell num' : 'cell num cut'}>
        {stock}
      </div>
      <div role="gridcell" className={hit.active ? 'cell optional text-ok' : 'cell optional muted'}>
        {hit.active ? t('common.yes') : t('common.no')}
      </div>
    </div>
  );
});
