import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodInput } from '../../src-shared/api.js';
import type { ProductHit, ProductType } from '../../src-shared/domain.js';
import { Highlight } from '../components/Highlight.js';
import { ProductDetail } from '../components/ProductDetail.js';
import { EmptyState } from '../components/StatusPill.js';
import { formatInteger, formatPrice, formatQuantity } from '../lib/format.js';
import { useHealth } from '../lib/health.js';
import { useEngineEvent } from '../lib/hooks.js';
import { syncflow } from '../transport.js';

const PAGE_SIZE = 50;
const DEBOUNCE_MS = 150;

type Criteria = Pick<MethodInput<'search'>, 'query' | 'filters'>;

interface Results {
  criteria: Criteria;
  items: ProductHit[];
  total: number;
  nextCursor?: string;
}

const typeOptions: { value: '' | ProductType; label: string }[] = [
  { value: '', label: 'All types' },
  { value: 'product', label: 'Product' },
  { value: 'service', label: 'Service' },
  { value: 'rental', label: 'Rental' },
];

export function Catalog({ visible }: { visible: boolean }) {
  const health = useHealth();
  const [query, setQuery] = useState('');
  const [type, setType] = useState<'' | ProductType>('');
  const [activeOnly, setActiveOnly] = useState(false);
  const [brand, setBrand] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  /** A sync changed the catalog since these results were fetched. */
  const [stale, setStale] = useState(false);

  /** Every request takes a number; only the answer to the newest one is shown. */
  const sequence = useRef(0);

  const criteria = useMemo<Criteria>(() => {
    const trimmedBrand = brand.trim();
    return {
      query: query.trim(),
      filters: {
        ...(type ? { type } : {}),
        ...(activeOnly ? { active: true } : {}),
        ...(trimmedBrand ? { brand: trimmedBrand } : {}),
      },
    };
  }, [query, type, activeOnly, brand]);

  const run = useCallback(
    async (wanted: Criteria, more?: Results): Promise<void> => {
      const seq = ++sequence.current;
      setLoading(true);
      try {
        const page = await syncflow.search({
          ...wanted,
          limit: PAGE_SIZE,
          ...(more?.nextCursor ? { cursor: more.nextCursor } : {}),
        });
        if (seq !== sequence.current) return;
        health.ok();
        setFailed(null);
        if (!more) setStale(false);
        setResults({
          criteria: wanted,
          items: more ? [...more.items, ...page.items] : page.items,
          total: page.total,
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
    if (!visible || !results || results.total === 0) void run(criteria);
    else setStale(true);
  });

  const closeDetail = useCallback(() => setSelected(null), []);
  const shown = results?.items ?? [];
  const filtered = Boolean(criteria.query || Object.keys(criteria.filters ?? {}).length > 0);

  return (
    <section className={`screen catalog ${selected ? 'with-detail' : ''}`} aria-labelledby="catalog-title">
      <header className="screen-header">
        <div>
          <h1 id="catalog-title">Catalog</h1>
          <div className="subtitle">
            {results ? (
              <>
                <span className="num" data-testid="result-total" data-total={results.total}>
                  {formatInteger(results.total)}
                </span>{' '}
                {results.total === 1 ? 'product' : 'products'}
                {filtered ? ' match' : ' in the catalog'}
                {shown.length < results.total ? (
                  <span className="muted"> · showing {formatInteger(shown.length)}</span>
                ) : null}
              </>
            ) : (
              'Searching…'
            )}
            {loading && results ? <span className="spinner" aria-label="Loading" /> : null}
          </div>
        </div>
      </header>

      <div className="toolbar" role="search">
        <input
          className="input search-input"
          type="search"
          placeholder="Search products…"
          aria-label="Search products"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={500}
        />
        <select
          className="input"
          aria-label="Type"
          value={type}
          onChange={(e) => setType(e.target.value as '' | ProductType)}
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
          value={brand}
          onChange={(e) => setBrand(e.target.value)}
          maxLength={200}
        />
        <label className="check">
          <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} />
          Active only
        </label>
      </div>

      {stale && visible && results && results.total > 0 ? (
        <div className="notice">
          A sync changed the catalog since this search.
          <button type="button" className="btn btn-small" onClick={() => void run(criteria)}>
            Refresh results
          </button>
        </div>
      ) : null}

      <div className="catalog-body">
        <div className="panel panel-flush results">
          {shown.length > 0 ? (
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
                {shown.map((hit) => (
                  <tr
                    key={hit.id}
                    data-testid="result-row"
                    tabIndex={0}
                    aria-selected={selected === hit.id}
                    className={selected === hit.id ? 'selected' : undefined}
                    onClick={() => setSelected(hit.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        setSelected(hit.id);
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
                    <td className="optional">{hit.active ? <span className="text-ok">yes</span> : <span className="muted">no</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : failed ? (
            <EmptyState title="Search failed">{failed}</EmptyState>
          ) : !results ? (
            <EmptyState title="Searching…" />
          ) : filtered ? (
            <EmptyState title="No products match">Try fewer words or clear the filters.</EmptyState>
          ) : (
            <EmptyState title="The catalog is empty">Run a sync from the dashboard to fill it.</EmptyState>
          )}
          {results?.nextCursor ? (
            <div className="load-more">
              <button
                type="button"
                className="btn"
                disabled={loading}
                onClick={() => void run(results.criteria, results)}
              >
                {loading ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </div>
        {selected ? <ProductDetail id={selected} onClose={closeDetail} /> : null}
      </div>
    </section>
  );
}
