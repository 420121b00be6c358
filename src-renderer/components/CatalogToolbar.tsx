import type { ProductType } from '../../src-shared/domain.js';
import { effectiveSort, emptyFilters, parsePrice, sortOptions } from '../lib/catalogQuery.js';
import type { CatalogFilters, SortKey } from '../lib/catalogQuery.js';

const invalid = (text: string): boolean => text.trim() !== '' && parsePrice(text) === undefined;

const typeOptions: { value: '' | ProductType; label: string }[] = [
  { value: '', label: 'All types' },
  { value: 'product', label: 'Product' },
  { value: 'service', label: 'Service' },
  { value: 'rental', label: 'Rental' },
];

/** Search box, sort, and the filters that are not facets: type, brand, price range, stock, active. */
export function CatalogToolbar({
  filters,
  onChange,
}: {
  filters: CatalogFilters;
  onChange: (next: CatalogFilters) => void;
}) {
  const set = <K extends keyof CatalogFilters>(key: K, value: CatalogFilters[K]): void =>
    onChange({ ...filters, [key]: value });
  const hasQuery = filters.query.trim() !== '';
  const isDefault = (Object.keys(emptyFilters) as (keyof CatalogFilters)[]).every(
    (k) => k === 'query' || k === 'sort' || filters[k] === emptyFilters[k],
  );

  return (
    <div className="toolbar-stack" role="search">
      <div className="toolbar">
        <input
          className="input search-input"
          type="search"
          placeholder="Search products…"
          aria-label="Search products"
          value={filters.query}
          onChange={(e) => set('query', e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
        />
        <label className="inline-label">
          Sort
          <select
            className="input"
            value={effectiveSort(filters.sort, hasQuery)}
            onChange={(e) => set('sort', e.target.value as SortKey)}
            data-testid="sort-select"
          >
            {sortOptions(hasQuery).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="toolbar">
        <select
          className="input"
          aria-label="Type"
          value={filters.type}
          onChange={(e) => set('type', e.target.value as '' | ProductType)}
        >
          {typeOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <input
          className="input brand-input"
          type="text"
          placeholder="Brand"
          aria-label="Brand"
          value={filters.brand}
          onChange={(e) => set('brand', e.target.value)}
          maxLength={200}
        />
        <span className="price-range" role="group" aria-label="Price range">
          <input
            className="input price-input"
            type="text"
            inputMode="decimal"
            placeholder="Min price"
            aria-label="Minimum price"
            value={filters.minPrice}
            aria-invalid={invalid(filters.minPrice)}
            onChange={(e) => set('minPrice', e.target.value)}
            maxLength={20}
          />
          <span className="muted" aria-hidden="true">
            –
          </span>
          <input
            className="input price-input"
            type="text"
            inputMode="decimal"
            placeholder="Max price"
            aria-label="Maximum price"
            value={filters.maxPrice}
            aria-invalid={invalid(filters.maxPrice)}
            onChange={(e) => set('maxPrice', e.target.value)}
            maxLength={20}
          />
        </span>
        <label className="check">
          <input type="checkbox" checked={filters.inStock} onChange={(e) => set('inStock', e.target.checked)} />
          In stock
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.activeOnly} onChange={(e) => set('activeOnly', e.target.checked)} />
          Active only
        </label>
        {!isDefault ? (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => onChange({ ...emptyFilters, query: filters.query, sort: filters.sort })}
          >
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
