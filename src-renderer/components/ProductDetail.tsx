import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { Product } from '../../src-shared/domain.js';
import { formatAbsolute, formatInteger, formatPrice, formatQuantity } from '../lib/format.js';
import { useHealth } from '../lib/health.js';
import { syncflow } from '../transport.js';
import { Field } from './Field.js';
import { ProductFamily } from './ProductFamily.js';
import { ProductHistory } from './ProductHistory.js';
import { ProductSpecs } from './ProductSpecs.js';

type Loaded = { id: string; product: Product | null } | { id: string; error: string };

function customValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const text = (value: string | null): ReactNode => value ?? <span className="muted">—</span>;

/** Side panel with every field of one product, fetched by id when opened. */
export function ProductDetail({
  id,
  onClose,
  onOpen,
}: {
  id: string;
  onClose: () => void;
  /** Opens another product (a parent or variant) in this panel. */
  onOpen: (id: string) => void;
}) {
  const health = useHealth();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let current = true;
    syncflow.getProduct({ id }).then(
      (product) => {
        if (!current) return;
        health.ok();
        setLoaded({ id, product });
      },
      (err: unknown) => {
        if (!current) return;
        health.report(err);
        setLoaded({ id, error: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      current = false;
    };
  }, [id, health]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const state = loaded && loaded.id === id ? loaded : null;
  const product = state && 'product' in state ? state.product : null;
  const customEntries = product ? Object.entries(product.customFields) : [];

  return (
    <aside className="detail" data-testid="product-detail" aria-label="Product details">
      <div className="detail-header">
        <div className="detail-title">
          {product ? (
            <>
              <div className="muted small mono">{product.code ?? product.id}</div>
              <h2>{product.name}</h2>
            </>
          ) : (
            <h2>Product</h2>
          )}
        </div>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label="Close product details">
          ✕
        </button>
      </div>
      <div className="detail-body">
        {!state ? (
          <div className="muted">Loading…</div>
        ) : 'error' in state ? (
          <div className="text-bad">Could not load the product: {state.error}</div>
        ) : !product ? (
          <div className="muted">This product is no longer in the catalog.</div>
        ) : (
          <>
            <dl className="fields">
              <Field label="Price">{formatPrice(product.price, product.currency)}</Field>
              <Field label="Stock">{formatQuantity(product.stock, product.unit)}</Field>
              <Field label="Type">{product.type}</Field>
              <Field label="Status">
                {product.active ? <span className="text-ok">active</span> : <span className="muted">inactive</span>}
              </Field>
              <Field label="Brand">{text(product.brand)}</Field>
              <Field label="Category">
                {product.category ?? <span className="muted">—</span>}
                {product.subcategory ? ` › ${product.subcategory}` : ''}
              </Field>
              <Field label="Code">{text(product.code)}</Field>
              <Field label="NCM">{text(product.ncm)}</Field>
              <Field label="Unit">{text(product.unit)}</Field>
              <Field label="Currency">{product.currency}</Field>
              <Field label="Description" wide>
                {product.description ? <span className="pre">{product.description}</span> : <span className="muted">—</span>}
              </Field>
            </dl>

            <ProductSpecs product={product} />
            <ProductFamily product={product} onOpen={onOpen} />

            <h3>Custom fields</h3>
            {customEntries.length === 0 ? (
              <div className="muted small">None.</div>
            ) : (
              <dl className="fields">
                {customEntries.map(([key, value]) => (
                  <Field key={key} label={key}>
                    <span className="pre">{customValue(value)}</span>
                  </Field>
                ))}
              </dl>
            )}

            <h3>Sync</h3>
            <dl className="fields">
              <Field label="Source">{product.source}</Field>
              <Field label="External id">
                <span className="mono">{text(product.externalId)}</span>
              </Field>
              <Field label="Catalog id" wide>
                <span className="mono">{product.id}</span>
              </Field>
              <Field label="Sync version">
                <span className="num">{formatInteger(product.syncVersion)}</span>
              </Field>
              <Field label="Updated at source">{formatAbsolute(product.sourceUpdatedAt)}</Field>
              <Field label="First seen">{formatAbsolute(product.firstSeenAt)}</Field>
              <Field label="Last synced">{formatAbsolute(product.lastSyncedAt)}</Field>
            </dl>

            <ProductHistory id={product.id} version={product.syncVersion} />
          </>
        )}
      </div>
    </aside>
  );
}
