import type { Product } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';
import { detailRows } from '../lib/productDetails.js';
import { Field } from './Field.js';

/** What the source knows beyond the core fields: cost, logistics, fiscal, service/rental terms, suppliers, tags. */
export function ProductSpecs({ product }: { product: Product }) {
  const t = useT();
  const fmt = useFormat();
  const rows = detailRows(product.details, product.currency, t, fmt);
  const suppliers = product.details?.suppliers ?? [];
  const tags = product.tags ?? [];
  return (
    <>
      {tags.length > 0 ? (
        <ul className="tags" aria-label={t('product.tags')} data-testid="product-tags">
          {tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      ) : null}

      <h3>{t('product.specs')}</h3>
      {rows.length === 0 ? (
        <div className="muted small">{t('product.specs.none')}</div>
      ) : (
        <dl className="fields" data-testid="product-specs">
          {rows.map((row) => (
            <Field key={row.label} label={row.label}>
              {row.value}
            </Field>
          ))}
        </dl>
      )}

      {suppliers.length > 0 ? (
        <>
          <h3>{t('product.suppliers')}</h3>
          <table className="grid grid-compact" data-testid="product-suppliers">
            <thead>
              <tr>
                <th scope="col">{t('product.supplier')}</th>
                <th scope="col" className="num">
                  {t('product.leadTime')}
                </th>
                <th scope="col" className="num">
                  {t('product.cost')}
                </th>
              </tr>
            </thead>
            <tbody>
              {suppliers.map((s, i) => (
                <tr key={`${s.name}:${s.code ?? i}`}>
                  <td>
                    {s.name}
                    {s.code ? <div className="muted small mono">{s.code}</div> : null}
                  </td>
                  <td className="num">
                    {s.leadTimeDays !== undefined ? t('unit.days', { count: s.leadTimeDays }) : '—'}
                  </td>
                  <td className="num nowrap">{fmt.price(s.cost, product.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}
