// Catalog → product detail: where each main value came from (a source, an operator's pin or pick), the linked
// source records, and pin / unpin per field. A pinned value stays through syncs; when a source brings another value
// the row says so (the provenance's `disagrees`).
import { useState } from 'react';
import type { Product } from '../../src-shared/domain.js';
import { useFormat, useT, type Translate } from '../i18n/index.js';
import { fieldLabel, formatChangeValue } from '../lib/history.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { syncflow } from '../transport.js';

/** The fields an operator pins from the detail; numbers are typed as numbers. */
const PINNABLE = ['name', 'price', 'stock', 'brand', 'category', 'description'] as const;
type Pinnable = (typeof PINNABLE)[number];
const NUMERIC: ReadonlySet<Pinnable> = new Set(['price', 'stock']);

/** A typed pin value: numbers accept "12.5" and "12,5"; empty is none (null) except for the name. */
export function parsePinValue(field: Pinnable, text: string): { value: unknown } | { error: 'badNumber' } {
  const trimmed = text.trim();
  if (!NUMERIC.has(field)) return { value: trimmed === '' && field !== 'name' ? null : trimmed };
  if (trimmed === '') return { value: null };
  const normal = trimmed.includes(',') && !trimmed.includes('.') ? trimmed.replace(',', '.') : trimmed.replace(/,/g, '');
  const n = Number(normal);
  return Number.isFinite(n) ? { value: n } : { error: 'badNumber' };
}

export function originText(origin: string | undefined, fallback: string, t: Translate): string {
  if (origin === 'pin') return t('provenance.fromPin');
  if (origin === 'review') return t('provenance.fromReview');
  return origin ?? fallback;
}

export function ProductProvenance(p: { product: Product; onChanged: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const { product } = p;
  const ref = { entity: 'products', id: product.id, source: product.source };
  // The provenance getProduct answered with: read in the same snapshot as the values it describes (a separate
  // getProvenance call could answer before or after them, and the row would name the wrong origin meanwhile).
  const info = product.provenance ?? null;
  const { busy, act } = useBusyAction(() => p.onChanged());
  const [editing, setEditing] = useState<{ field: Pinnable; text: string; error: string | null } | null>(null);
  const show = (value: unknown, field: string) => formatChangeValue(value, { fmt, t, currency: product.currency }, field);

  const save = () => {
    if (!editing) return;
    const parsed = parsePinValue(editing.field, editing.text);
    if ('error' in parsed) {
      setEditing({ ...editing, error: t('provenance.badNumber') });
      return;
    }
    const field = editing.field;
    void act(async () => {
      await syncflow.pinField({ ...ref, field, value: parsed.value });
      setEditing(null);
    });
  };

  return (
    <section aria-labelledby="provenance-title" data-testid="provenance">
      <h3 id="provenance-title">{t('provenance.title')}</h3>
      {info?.conflictId ? <p className="text-warn small">{t('provenance.conflict')}</p> : null}
      <div className="table-frame">
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('provenance.field')}</th>
              <th scope="col">{t('provenance.value')}</th>
              <th scope="col">{t('provenance.origin')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {PINNABLE.map((field) => {
              const pin = info?.pins[field];
              const label = fieldLabel(field, t);
              return (
                <tr key={field} data-testid="provenance-row" data-field={field}>
                  <th scope="row">{label}</th>
                  <td>
                    {show(product[field], field)}
                    {pin?.disagrees ? (
                      <div className="text-warn small" data-testid="pin-disagrees">
                        {t('provenance.disagrees', { value: show(pin.sourceValue, field) })}
                      </div>
                    ) : null}
                  </td>
                  <td data-testid="provenance-origin">{originText(info?.fields[field], product.source, t)}</td>
                  <td>
                    {pin ? (
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        disabled={busy}
                        aria-label={t('provenance.unpinField', { field: label })}
                        onClick={() => void act(() => syncflow.unpinField({ ...ref, field }))}
                      >
                        {t('provenance.unpin')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        disabled={busy}
                        aria-label={t('provenance.pinField', { field: label })}
                        onClick={() => setEditing({ field, text: product[field] === null ? '' : String(product[field]), error: null })}
                      >
                        {t('provenance.pin')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editing ? (
        <form
          className="toolbar"
          data-testid="pin-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <label>
            <span>{t('provenance.pinValue', { field: fieldLabel(editing.field, t) })}</span>{' '}
            <input
              className="input"
              value={editing.text}
              autoFocus
              aria-invalid={editing.error ? true : undefined}
              aria-describedby={editing.error ? 'pin-error' : undefined}
              onChange={(e) => setEditing({ ...editing, text: e.target.value, error: null })}
            />
          </label>
          <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
            {t('provenance.save')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setEditing(null)}>
            {t('provenance.cancel')}
          </button>
          {editing.error ? (
            <span id="pin-error" className="text-bad small" role="alert">
              {editing.error}
            </span>
          ) : null}
        </form>
      ) : null}
      {info && info.links.length > 1 ? (
        <>
          <p className="small strong">{t('provenance.links')}</p>
          <ul className="plain-list small" data-testid="provenance-links">
            {info.links.map((l) => (
              <li key={`${l.source}:${l.id}`}>
                <span className="strong">{l.source}</span> <span className="mono">{l.id}</span>
                {l.sourceUpdatedAt ? ` · ${fmt.dateTime(l.sourceUpdatedAt)}` : ''}
                {l.deleted ? ` ${t('provenance.linkDeleted')}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
