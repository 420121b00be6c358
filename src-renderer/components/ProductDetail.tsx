import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { Product } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { useHealth } from '../lib/health.js';
import { syncflow } from '../transport.js';
import { Field } from './Field.js';
import { ProductFamily } from './ProductFamily.js';
import { ProductHistory } from './ProductHistory.js';
import { ProductProvenance } from './ProductProvenance.js';
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
  const t = useT();
  const fmt = useFormat();
  const health = useHealth();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // Bumped after a pin or unpin: the product is read again.
  const [reads, setReads] = useState(0);

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
  }, [id, health, reads]);

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
    <aside className="detail" data-testid="product-detail" aria-label={t('product.panel')}>
      <div className="detail-header">
        <div className="detail-title">
          {product ? (
            <>
              <div className="muted small mono">{product.code ?? product.id}</div>
              <h2>{product.name}</h2>
            </>
          ) : (
            <h2>{t('product.title')}</h2>
          )}
        </div>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('product.close')}>
          ✕
        </button>
      </div>
      <div className="detail-body">
        {!state ? (
          <div className="muted">{t('common.loading')}</div>
        ) : 'error' in state ? (
          <div className="text-bad">{t('product.loadFailed', { error: state.error })}</div>
        ) : !product ? (
          <div className="muted">{t('product.gone')}</div>
        ) : (
          <>
            <dl className="fields">
              <Field label={t('product.price')}>{fmt.price(product.price, product.currency)}</Field>
              <Field label={t('product.stock')}>{fmt.quantity(product.stock, product.unit)}</Field>
              <Field label={t('product.type')}>{t(`productType.${product.type}`)}</Field>
              <Field label={t('product.status')}>
                {product.active ? (
                  <span className="text-ok">{t('product.isActive')}</span>
                ) : (
                  <span className="muted">{t('product.isInactive')}</span>
                )}
              </Field>
              <Field label={t('product.brand')}>{text(product.brand)}</Field>
              <Field label={t('product.category')}>
                {product.category ?? <span className="muted">—</span>}
                {product.subcategory ? ` › ${product.subcategory}` : ''}
              </Field>
              <Field label={t('product.code')}>{text(product.code)}</Field>
              <Field label={t('product.ncm')}>{text(product.ncm)}</Field>
              <Field label={t('product.unit')}>{text(product.unit)}</Field>
              <Field label={t('product.currency')}>{product.currency}</Field>
              <Field label={t('product.description')} wide>
                {product.description ? (
                  <span className="pre">{product.description}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </Field>
            </dl>

            <ProductSpecs product={product} />
            <ProductFamily product={product} onOpen={onOpen} />

            <h3>{t('product.customFields')}</h3>
            {customEntries.length === 0 ? (
              <div className="muted small">{t('common.none')}</div>
            ) : (
              <dl className="fields">
                {customEntries.map(([key, value]) => (
                  <Field key={key} label={key}>
                    <span className="pre">{customValue(value)}</span>
                  </Field>
                ))}
              </dl>
            )}

            <h3>{t('product.sync')}</h3>
            <dl className="fields">
              <Field label={t('common.source')}>{product.source}</Field>
              <Field label={t('product.externalId')}>
                <span className="mono">{text(product.externalId)}</span>
              </Field>
              <Field label={t('product.catalogId')} wide>
                <span className="mono">{product.id}</span>
              </Field>
              <Field label={t('product.syncVersion')}>
                <span className="num">{fmt.integer(product.syncVersion)}</span>
              </Field>
              <Field label={t('product.updatedAtSource')}>{fmt.dateTime(product.sourceUpdatedAt)}</Field>
              <Field label={t('product.firstSeen')}>{fmt.dateTime(product.firstSeenAt)}</Field>
              <Field label={t('product.lastSynced')}>{fmt.dateTime(product.lastSyncedAt)}</Field>
            </dl>

            <ProductProvenance product={product} onChanged={() => setReads((n) => n + 1)} />

            <ProductHistory id={product.id} version={product.syncVersion} currency={product.currency} />
          </>
        )}
      </div>
    </aside>
  );
}
