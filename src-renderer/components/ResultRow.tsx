import { memo } from 'react';
import type { ProductHit } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { Highlight } from './Highlight.js';

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
      <div role="gridcell" className={hit.code ? 'cell mono' : 'cell muted'}>
        {hit.code ?? none}
      </div>
      <div role="gridcell" className="cell">
        <Highlight snippet={hit.snippet} fallback={hit.name} />
      </div>
      <div role="gridcell" className={hit.brand ? 'cell optional' : 'cell optional muted'}>
        {hit.brand ?? none}
      </div>
      <div role="gridcell" className={hit.category ? 'cell optional' : 'cell optional muted'}>
        {hit.category ?? none}
      </div>
      <div role="gridcell" className="cell optional">
        {t(`productType.${hit.type}`)}
      </div>
      <div role="gridcell" className="cell num" data-testid="result-price">
        {fmt.price(hit.price, hit.currency)}
      </div>
      <div role="gridcell" className="cell num">
        {fmt.quantity(hit.stock)}
      </div>
      <div role="gridcell" className={hit.active ? 'cell optional text-ok' : 'cell optional muted'}>
        {hit.active ? t('common.yes') : t('common.no')}
      </div>
    </div>
  );
});
