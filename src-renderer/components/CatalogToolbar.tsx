import { memo } from 'react';
import type { RefObject } from 'react';
import type { ProductType } from '../../src-shared/domain.js';
import { useT } from '../i18n/index.js';
import { effectiveOrder, effectiveSort, emptyFilters, orderLabelKey, priceProblems, sortOptions } from '../lib/catalogQuery.js';
import type { CatalogFilters, SortKey } from '../lib/catalogQuery.js';

const typeOptions: readonly ('' | ProductType)[] = ['', 'product', 'service', 'rental'];

/** Search box, sort, and the filters that are not facets: type, brand, price range, stock, active. Memoised: moving
 * through the results does not render it again. */
export const CatalogToolbar = memo(function CatalogToolbar({
  filters,
  onChange,
  searchRef,
  onArrowDown,
}: {
  filters: CatalogFilters;
  onChange: (next: CatalogFilters) => void;
  /** The search box, for the "/" shortcut. */
  searchRef?: RefObject<HTMLInputElement | null>;
  /** Arrow down in the search box moves into the results. */
  onArrowDown?: () => void;
}) {
  const t = useT();
  const set = <K extends keyof CatalogFilters>(key: K, value: CatalogFilters[K]): void =>
    onChange({ ...filters, [key]: value });
  const hasQuery = filters.query.trim() !== '';
  const sort = effectiveSort(filters.sort, hasQuery);
  const order = effectiveOrder(sort, filters.order);
  const isDefault = (Object.keys(emptyFilters) as (keyof CatalogFilters)[]).every(
    (k) => k === 'query' || k === 'sort' || k === 'order' || filters[k] === emptyFilters[k],
  );
  const problems = priceProblems(filters);
  const priceMessage =
    problems.min !== null
      ? t('catalog.price.invalid', { value: problems.min })
      : problems.max !== null
        ? t('catalog.price.invalid', { value: problems.max })
        : problems.order
          ? t('catalog.price.order')
          : null;

  return (
    <div className="toolbar-stack" role="search">
      <div className="toolbar">
        <input
          ref={searchRef}
          className="input search-input"
          type="search"
          placeholder={t('catalog.search.placeholder')}
          aria-label={t('catalog.search.label')}
          aria-keyshortcuts="/"
          data-testid="catalog-search"
          value={filters.query}
          onChange={(e) => set('query', e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && onArrowDown) {
              e.preventDefault();
              onArrowDown();
            }
          }}
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
        />
        <label className="inline-label">
          {t('catalog.sort')}
          <select
            className="input"
            value={sort}
            onChange={(e) => onChange({ ...filters, sort: e.target.value as SortKey, order: '' })}
            data-testid="sort-select"
          >
            {sortOptions(hasQuery).map((o) => (
              <option key={o.value} value={o.value}>
                {t(`catalog.sort.${o.value}`)}
              </option>
            ))}
          </select>
        </label>
        {sort !== 'relevance' ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid="order-toggle"
            data-order={order}
            title={t('catalog.order.toggle')}
            onClick={() => set('order', order === 'desc' ? 'asc' : 'desc')}
          >
            {order === 'desc' ? '↓' : '↑'} {t(orderLabelKey(sort, order))}
          </button>
        ) : null}
      </div>
      <div className="toolbar">
        <select
          className="input"
          aria-label={t('catalog.type')}
          value={filters.type}
          onChange={(e) => set('type', e.target.value as '' | ProductType)}
        >
          {typeOptions.map((value) => (
            <option key={value} value={value}>
              {value === '' ? t('catalog.type.all') : t(`productType.${value}`)}
            </option>
          ))}
        </select>
        <input
          className="input brand-input"
          type="text"
          placeholder={t('catalog.brand')}
          aria-label={t('catalog.brand')}
          value={filters.brand}
          onChange={(e) => set('brand', e.target.value)}
          maxLength={200}
        />
        <span className="price-range" role="group" aria-label={t('catalog.priceRange')}>
          <input
            className="input price-input"
            type="text"
            inputMode="decimal"
            placeholder={t('catalog.minPrice')}
            aria-label={t('catalog.minPrice.label')}
            value={filters.minPrice}
            aria-invalid={problems.min !== null || problems.order}
            aria-describedby={priceMessage ? 'price-message' : undefined}
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
            placeholder={t('catalog.maxPrice')}
            aria-label={t('catalog.maxPrice.label')}
            value={filters.maxPrice}
            aria-invalid={problems.max !== null || problems.order}
            aria-describedby={priceMessage ? 'price-message' : undefined}
            onChange={(e) => set('maxPrice', e.target.value)}
            maxLength={20}
          />
        </span>
        <label className="check">
          <input type="checkbox" checked={filters.inStock} onChange={(e) => set('inStock', e.target.checked)} />
          {t('catalog.inStock')}
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.activeOnly} onChange={(e) => set('activeOnly', e.target.checked)} />
          {t('catalog.activeOnly')}
        </label>
        {!isDefault ? (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => onChange({ ...emptyFilters, query: filters.query, sort: filters.sort })}
          >
            {t('catalog.clearFilters')}
          </button>
        ) : null}
      </div>
      {priceMessage ? (
        <div className="field-error" id="price-message" role="alert" data-testid="price-message">
          {priceMessage}
        </div>
      ) : null}
    </div>
  );
});
