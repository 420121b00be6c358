import { memo } from 'react';
import type { Dispatch, SetStateAction } from 'react';
import type { CategoryNode, SearchResult } from '../../src-shared/domain.js';
import { useT } from '../i18n/index.js';
import { isFacetActive, toggleFacet } from '../lib/catalogQuery.js';
import type { CatalogFilters, FacetKey } from '../lib/catalogQuery.js';
import { CategoryTree } from './CategoryTree.js';
import { FacetList } from './FacetList.js';

/**
 * The Catalog's filter column: category tree and facets. Memoised, so moving through the results (a new active
 * row, the next page loaded: the facets object stays the same) does not render the tree and facets again.
 */
export const CatalogSide = memo(function CatalogSide({
  filters,
  setFilters,
  facets,
  facetsApproximate,
  tree,
}: {
  filters: CatalogFilters;
  setFilters: Dispatch<SetStateAction<CatalogFilters>>;
  facets: SearchResult['facets'] | undefined;
  facetsApproximate: boolean | undefined;
  /** The whole catalog's tree, shown while the search has no tree of its own. */
  tree: CategoryNode[] | null;
}) {
  const t = useT();
  const facet = (key: FacetKey) => ({
    isActive: (value: string) => isFacetActive(filters, key, value),
    onToggle: (value: string) => setFilters((f) => ({ ...toggleFacet(f, key, value) })),
  });
  return (
    <aside className="catalog-side panel" aria-label={t('catalog.filters')}>
      <CategoryTree
        nodes={facets?.tree ?? tree}
        approximate={Boolean(facets?.tree && facetsApproximate)}
        selected={filters.category}
        onSelect={(category) => setFilters((f) => ({ ...f, category }))}
      />
      <FacetList
        title={t('catalog.brand')}
        facet="brand"
        counts={facets?.brand}
        approximate={facetsApproximate}
        {...facet('brand')}
      />
      <FacetList
        title={t('catalog.type')}
        facet="type"
        counts={facets?.type}
        approximate={facetsApproximate}
        {...facet('type')}
      />
    </aside>
  );
});
