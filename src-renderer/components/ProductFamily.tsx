import type { Product } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { useCall } from '../lib/hooks.js';
import { syncflow } from '../transport.js';

/** The parent of a variant and the variants of a parent; each opens in the panel. */
export function ProductFamily({ product, onOpen }: { product: Product; onOpen: (id: string) => void }) {
  const t = useT();
  const fmt = useFormat();
  const variants = useCall(`variants:${product.id}`, () => syncflow.listVariants({ parentId: product.id }));
  const list = variants.status === 'done' ? variants.value : [];
  if (!product.parentId && list.length === 0) return null;
  return (
    <>
      <h3>{t('product.variants')}</h3>
      {product.parentId ? (
        <div className="small family-parent">
          {t('product.variantOf')}{' '}
          <button type="button" className="link-button" onClick={() => onOpen(product.parentId ?? '')}>
            <span className="mono">{product.parentId}</span>
          </button>
        </div>
      ) : null}
      {list.length > 0 ? (
        <ul className="variant-list" data-testid="product-variants">
          {list.map((v) => (
            <li key={v.id}>
              <button type="button" className="variant-item" onClick={() => onOpen(v.id)}>
                <span className="variant-name">
                  {v.name}
                  {v.details?.variant ? (
                    <span className="muted small"> · {Object.values(v.details.variant).join(' / ')}</span>
                  ) : null}
                </span>
                <span className="num nowrap">{fmt.price(v.price, v.currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
