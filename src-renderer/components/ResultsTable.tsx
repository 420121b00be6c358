import type { ProductHit } from '../../src-shared/domain.js';
import { formatPrice, formatQuantity } from '../lib/format.js';
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
  return (
    <table className="grid grid-clickable" data-testid="results-table">
      <thead>
        <tr>
          <th>Code</th>
          <th>Name</th>
          <th className="optional">Brand</th>
          <th className="optional">Category</th>
          <th className="optional">Type</th>
          <th className="num">Price</th>
          <th className="num">Stock</th>
          <th className="optional">Active</th>
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
            <td className="optional">{hit.type}</td>
            <td className="num nowrap">{formatPrice(hit.price, hit.currency)}</td>
            <td className="num">{formatQuantity(hit.stock)}</td>
            <td className="optional">
              {hit.active ? <span className="text-ok">yes</span> : <span className="muted">no</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
