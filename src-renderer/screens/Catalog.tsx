import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CategoryNode, ProductHit, SearchResult } from '../../src-shared/domain.js';
import { CatalogToolbar } from '../components/CatalogToolbar.js';
import { CatalogSide } from '../components/CatalogSide.js';
import { ProductDetail } from '../components/ProductDetail.js';
import { ResultsList } from '../components/ResultsList.js';
import { EmptyState } from '../components/StatusPill.js';
import { useFormat, useT } from '../i18n/index.js';
import { emptyFilters, isFiltered, toCriteria } from '../lib/catalogQuery.js';
import type { CatalogFilters, Criteria } from '../lib/catalogQuery.js';
import { useCsvExport } from '../lib/csvExport.js';
import { useHealth } from '../lib/health.js';
import { useCall, useEngineEvent, useNow } from '../lib/hooks.js';
import { isTyping } from '../lib/keys.js';
import { syncflow } from '../transport.js';

const PAGE_SIZE = 100;
const DEBOUNCE_MS = 150;

interface Results {
  criteria: Criteria;
  items: ProductHit[];
  total: number;
  totalExact: boolean;
  facets?: SearchResult['facets'];
  facetsApproximate?: boolean;
  nextCursor?: string;
}

/** The newest successful sync of any source: what the catalog's data is as of. */
function dataAsOf(sources: readonly { lastSuccessAt: string | null }[]): string | null {
  let newest: string | null = null;
  for (const s of sources) if (s.lastSuccessAt && (!newest || s.lastSuccessAt > newest)) newest = s.lastSuccessAt;
  return newest;
}

export function Catalog({ visible }: { visible: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const health = useHealth();
  const now = useNow();
  const [filters, setFilters] = useState<CatalogFilters>(emptyFilters);
  const [results, setResults] = useState<Results | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  /** Bumped by each new search (not by a further page of the same one): the list starts again at its top. */
  const [generation, setGeneration] = useState(0);
  const [focusRequest, setFocusRequest] = useState(0);
  /** A sync changed the catalog since these results were fetched. */
  const [stale, setStale] = useState(false);
  /** Bumped when a sync changed the catalog: the category tree and "data as of" are fetched again. */
  const [catalogVersion, setCatalogVersion] = useState(0);
  const search = useRef<HTMLInputElement>(null);

  /** Every request takes a number; only the answer to the newest one is shown. */
  const sequence = useRef(0);

  const criteria = useMemo(() => toCriteria(filters), [filters]);
  const categories = useCall<CategoryNode[]>(`categories:${catalogVersion}`, () => syncflow.listCategories({}));
  const status = useCall(`status:${catalogVersion}`, () => syncflow.getStatus({}));
  const asOf = status.status === 'done' ? dataAsOf(status.value.sources) : null;
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
        if (!more) {
          setStale(false);
          setGeneration((g) => g + 1);
        }
        const facets = more ? more.facets : page.facets;
        const facetsApproximate = more ? more.facetsApproximate : page.facetsApproximate;
        setResults({
          criteria: wanted,
          items: more ? [...more.items, ...page.items] : page.items,
          total: page.total,
          totalExact: page.totalExact ?? true,
          ...(facets ? { facets } : {}),
          ...(facetsApproximate ? { facetsApproximate } : {}),
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
    if (finishedRun.status === 'succeeded') setCatalogVersion((v) => v + 1);
    const c = finishedRun.counts;
    if (c.created + c.updated + c.deleted === 0) return;
    if (!visible || !results || results.total === 0) void run(criteria);
    else setStale(true);
  });

  // "/" jumps to the search box from anywhere on the screen (not while typing in a field).
  useEffect(() => {
    if (!visible) return;
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.key === '/' && !isTyping(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible]);

  const closeDetail = useCallback(() => {
    setSelected(null);
    setFocusRequest((n) => n + 1); // Esc returns the keyboard to the row that was open
  }, []);
  const loadMore = useCallback(() => {
    if (results?.nextCursor) void run(results.criteria, results);
  }, [results, run]);
  const exporter = useCsvExport();
  const focusResults = useCallback(() => setFocusRequest((n) => n + 1), []);
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
                  data-query={results.criteria.query}
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
            {loading && results ? <span className="spinner" role="status" aria-label={t('common.loadingLabel')} /> : null}
          </div>
          <div className="subtitle" data-testid="data-as-of">
            {asOf ? (
              <>
                {t('catalog.dataAsOf')}{' '}
                <time dateTime={asOf} title={fmt.dateTime(asOf)}>
                  {fmt.dateTime(asOf)}
                </time>{' '}
                <span className="muted">({fmt.since(asOf, now)})</span>
              </>
            ) : status.status === 'done' ? (
              t('catalog.neverSynced')
            ) : null}
          </div>
        </div>
        <div className="header-actions">
          {exporter.progress !== null ? (
            <span className="muted small" role="status" data-testid="export-progress">
              {t('catalog.exporting', { count: exporter.progress })}
            </span>
          ) : null}
          <button
            type="button"
            className="btn"
            data-testid="export-csv"
            disabled={!results || results.total === 0 || exporter.progress !== null}
            onClick={() => void exporter.start(criteria)}
          >
            {t('catalog.exportCsv')}
          </button>
        </div>
      </header>

      <CatalogToolbar
        filters={filters}
        onChange={setFilters}
        searchRef={search}
        onArrowDown={focusResults}
      />

      {stale && visible && results && results.total > 0 ? (
        <div className="notice">
          {t('catalog.stale')}
          <button type="button" className="btn btn-small" onClick={() => void run(criteria)}>
            {t('catalog.refresh')}
          </button>
        </div>
      ) : null}

      <div className="catalog-body">
        <CatalogSide
          filters={filters}
          setFilters={setFilters}
          facets={results?.facets}
          facetsApproximate={results?.facetsApproximate}
          tree={tree}
        />
        <div className="panel panel-flush results">
          {shown.length > 0 ? (
            <ResultsList
              key={generation}
              items={shown}
              hasMore={Boolean(results?.nextCursor)}
              loading={loading}
              onLoadMore={loadMore}
              selected={selected}
              onOpen={setSelected}
              focusRequest={focusRequest}
            />
          ) : failed ? (
            <EmptyState title={t('catalog.searchFailed')}>{failed}</EmptyState>
          ) : !results ? (
            <EmptyState title={t('catalog.searching')} />
          ) : filtered ? (
            <EmptyState title={t('catalog.noMatch')}>{t('catalog.noMatch.body')}</EmptyState>
          ) : (
            <EmptyState title={t('catalog.empty')}>{t('catalog.empty.body')}</EmptyState>
          )}
        </div>
        {selected ? <ProductDetail id={selected} onClose={closeDetail} onOpen={setSelected} /> : null}
      </div>
    </section>
  );
}
