import type { ProductHit } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { Highlight } from './Highlight.js';

/** One page (or several, after "Load more") of search hits; a row opens the product panel. */
export function ResultsTable({
  items,
  selected,
  onSelect,
}: {
  items: readonly ProductHit[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <table className="grid grid-clickable" data-testid="results-table">
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
      <tbody>
        {items.map((hit) => (
          <tr
            key={hit.id}
            data-testid="result-row"
            tabIndex={0}
            aria-selected={selected === hit.id}
            className={selected === hit.id ? 'selected' : undefined}
            onClick={() => onSelect(hit.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(hit.id);
              }
            }}
          >
            <td className="mono nowrap">{hit.code ?? <span className="muted">—</span>}</td>
            <td className="name-cell">
              <Highlight snippet={hit.snippet} fallback={hit.name} />
            </td>
            <td className="optional">{hit.brand ?? <span className="muted">—</span>}</td>
            <td className="optional">{hit.category ?? <span className="muted">—</span>}</td>
            <td className="optional">{t(`productType.${hit.type}`)}</td>
            <td className="num nowrap">{fmt.price(hit.price, hit.currency)}</td>
            <td className="num">{fmt.quantity(hit.stock)}</td>
            <td className="optional">
              {hit.active ? (
                <span className="text-ok">{t('common.yes')}</span>
              ) : (
                <span className="muted">{t('common.no')}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
