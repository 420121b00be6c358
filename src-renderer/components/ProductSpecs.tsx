import type { Product } from '../../src-shared/domain.js';
import { formatPrice } from '../lib/format.js';
import { detailRows } from '../lib/productDetails.js';
import { Field } from './Field.js';

/** What the source knows beyond the core fields: cost, logistics, fiscal, service/rental terms, suppliers, tags. */
export function ProductSpecs({ product }: { product: Product }) {
  const rows = detailRows(product.details, product.currency);
  const suppliers = product.details?.suppliers ?? [];
  const tags = product.tags ?? [];
  return (
    <>
      {tags.length > 0 ? (
        <ul className="tags" aria-label="Tags" data-testid="product-tags">
          {tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      ) : null}

      <h3>Details</h3>
      {rows.length === 0 ? (
        <div className="muted small">None from the source.</div>
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
          <h3>Suppliers</h3>
          <table className="grid grid-compact" data-testid="product-suppliers">
            <thead>
              <tr>
                <th>Supplier</th>
                <th className="num">Lead time</th>
                <th className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {suppliers.map((s, i) => (
                <tr key={`${s.name}:${s.code ?? i}`}>
                  <td>
                    {s.name}
                    {s.code ? <div className="muted small mono">{s.code}</div> : null}
                  </td>
                  <td className="num">{s.leadTimeDays !== undefined ? `${s.leadTimeDays} d` : '—'}</td>
                  <td className="num nowrap">{formatPrice(s.cost, product.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}
