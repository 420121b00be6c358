import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CategoryNode, ProductHit, SearchResult } from '../../src-shared/domain.js';
import { CatalogToolbar } from '../components/CatalogToolbar.js';
import { CategoryTree } from '../components/CategoryTree.js';
import { FacetList } from '../components/FacetList.js';
import { ProductDetail } from '../components/ProductDetail.js';
import { ResultsTable } from '../components/ResultsTable.js';
import { EmptyState } from '../components/StatusPill.js';
import { useFormat, useT } from '../i18n/index.js';
import { emptyFilters, isFacetActive, isFiltered, toCriteria, toggleFacet } from '../lib/catalogQuery.js';
import type { CatalogFilters, Criteria, FacetKey } from '../lib/catalogQuery.js';
import { useHealth } from '../lib/health.js';
import { useCall, useEngineEvent } from '../lib/hooks.js';
import { syncflow } from '../transport.js';

const PAGE_SIZE = 50;
const DEBOUNCE_MS = 150;

interface Results {
  criteria: Criteria;
  items: ProductHit[];
  total: number;
  totalExact: boolean;
  facets?: SearchResult['facets'];
  nextCursor?: string;
}

export function Catalog({ visible }: { visible: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const health = useHealth();
  const [filters, setFilters] = useState<CatalogFilters>(emptyFilters);
  const [results, setResults] = useState<Results | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  /** A sync changed the catalog since these results were fetched. */
  const [stale, setStale] = useState(false);
  /** Bumped when a sync changed the catalog: the category tree is fetched again. */
  const [catalogVersion, setCatalogVersion] = useState(0);

  /** Every request takes a number; only the answer to the newest one is shown. */
  const sequence = useRef(0);

  const criteria = useMemo(() => toCriteria(filters), [filters]);
  const categories = useCall<CategoryNode[]>(`categories:${catalogVersion}`, () => syncflow.listCategories({}));
  const [tree, setTree] = useState<CategoryNode[] | null>(null);
  useEffect(() => {
    if (categories.status === 'done') setTree(categories.value);
  }, [categories]);

  const run = useCallback(
    async (wanted: Criteria, more?: Results): Promise<void> => {
      const seq = ++sequence.current;
      setLoading(true);
      try {
        const page = await syncflow.search({
          ...wanted,
          limit: PAGE_SIZE,
          ...(more?.nextCursor ? { cursor: more.nextCursor } : { facets: true }),
        });
        if (seq !== sequence.current) return;
        health.ok();
        setFailed(null);
        if (!more) setStale(false);
        const facets = more ? more.facets : page.facets;
        setResults({
          criteria: wanted,
          items: more ? [...more.items, ...page.items] : page.items,
          total: page.total,
          totalExact: page.totalExact ?? true,
          ...(facets ? { facets } : {}),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        });
      } catch (err) {
        if (seq !== sequence.current) return;
        health.report(err);
        setFailed(err instanceof Error ? err.message : String(err));
      } finally {
        if (seq === sequence.current) setLoading(false);
      }
    },
    [health],
  );

  // Search as you type: wait for a pause in typing, then ask; an older answer arriving late is dropped.
  useEffect(() => {
    const timer = setTimeout(() => void run(criteria), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [criteria, run]);

  // After a sync that changed the catalog: refresh by itself when nothing would be lost (screen hidden, or no
  // results on it); otherwise offer a refresh rather than reset the operator's scrolled, paged list.
  useEngineEvent('runFinished', (finishedRun) => {
    const c = finishedRun.counts;
    if (c.created + c.updated + c.deleted === 0) return;
    setCatalogVersion((v) => v + 1);
    if (!visible || !results || results.total === 0) void run(criteria);
    else setStale(true);
  });

  const closeDetail = useCallback(() => setSelected(null), []);
  const facet = (key: FacetKey) => ({
    isActive: (value: string) => isFacetActive(filters, key, value),
    onToggle: (value: string) => setFilters((f) => toggleFacet(f, key, value)),
  });
  const shown = results?.items ?? [];
  const filtered = isFiltered(criteria);

  return (
    <section className={`screen catalog ${selected ? 'with-detail' : ''}`} aria-labelledby="catalog-title">
      <header className="screen-header">
        <div>
          <h1 id="catalog-title">{t('catalog.title')}</h1>
          <div className="subtitle">
            {results ? (
              <>
                <span
                  className="num"
                  data-testid="result-total"
                  data-total={results.total}
                  data-exact={results.totalExact}
                  title={results.totalExact ? undefined : t('catalog.capped')}
                >
                  {fmt.total(results.total, results.totalExact)}
                </span>{' '}
                {t('catalog.noun', { count: results.totalExact ? results.total : 2 })}{' '}
                {filtered ? t('catalog.match') : t('catalog.inCatalog')}
                {shown.length < results.total ? (
                  <span className="muted"> {t('catalog.showing', { count: shown.length })}</span>
                ) : null}
              </>
            ) : (
              t('catalog.searching')
            )}
            {loading && results ? (
              <span className="spinner" role="status" aria-label={t('common.loadingLabel')} />
            ) : null}
          </div>
        </div>
      </header>

      <CatalogToolbar filters={filters} onChange={setFilters} />

      {stale && visible && results && results.total > 0 ? (
        <div className="notice">
          {t('catalog.stale')}
          <button type="button" className="btn btn-small" onClick={() => void run(criteria)}>
            {t('catalog.refresh')}
          </button>
        </div>
      ) : null}

      <div className="catalog-body">
        <aside className="catalog-side panel" aria-label={t('catalog.filters')}>
          <CategoryTree
            nodes={tree}
            selected={filters.category}
            onSelect={(category) => setFilters((f) => ({ ...f, category }))}
          />
          <FacetList title={t('catalog.brand')} facet="brand" counts={results?.facets?.brand} {...facet('brand')} />
          <FacetList title={t('catalog.type')} facet="type" counts={results?.facets?.type} {...facet('type')} />
        </aside>
        <div className="panel panel-flush results">
          {shown.length > 0 ? (
            <ResultsTable items={shown} selected={selected} onSelect={setSelected} />
          ) : failed ? (
            <EmptyState title={t('catalog.searchFailed')}>{failed}</EmptyState>
          ) : !results ? (
            <EmptyState title={t('catalog.searching')} />
          ) : filtered ? (
            <EmptyState title={t('catalog.noMatch')}>{t('catalog.noMatch.body')}</EmptyState>
          ) : (
            <EmptyState title={t('catalog.empty')}>{t('catalog.empty.body')}</EmptyState>
          )}
          {results?.nextCursor ? (
            <div className="load-more">
              <button
                type="button"
                className="btn"
                disabled={loading}
                onClick={() => void run(results.criteria, results)}
              >
                {loading ? t('common.loading') : t('catalog.loadMore')}
              </button>
            </div>
          ) : null}
        </div>
        {selected ? <ProductDetail id={selected} onClose={closeDetail} onOpen={setSelected} /> : null}
      </div>
    </section>
  );
}
