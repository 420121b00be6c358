import { useCallback, useEffect, useRef, useState } from 'react';
import type { EntityRecord } from '../../src-shared/domain.js';
import { Field } from '../components/Field.js';
import { EmptyState } from '../components/StatusPill.js';
import { useFormat, useT } from '../i18n/index.js';
import { useHealth } from '../lib/health.js';
import { useCall } from '../lib/hooks.js';
import { recordColumns, recordTitle, recordValue } from '../lib/records.js';
import { syncflow } from '../transport.js';

const PAGE_SIZE = 50;
const DEBOUNCE_MS = 150;

interface Page {
  entity: string;
  query: string;
  items: EntityRecord[];
  nextCursor?: string;
}

/** Customers, invoices and every other entity the config declares: pick one, search it, open a record. */
export function Records() {
  const t = useT();
  const fmt = useFormat();
  const health = useHealth();
  const entities = useCall('entities', () => syncflow.listEntities({}));
  const others = entities.status === 'done' ? entities.value.filter((e) => e.entity !== 'products') : [];
  const [entity, setEntity] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<Page | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const sequence = useRef(0);
  const chosen = entity || others[0]?.entity || '';

  const load = useCallback(
    async (wanted: { entity: string; query: string }, more?: Page) => {
      const seq = ++sequence.current;
      setLoading(true);
      try {
        const answer = await syncflow.searchRecords({
          entity: wanted.entity,
          query: wanted.query,
          limit: PAGE_SIZE,
          ...(more?.nextCursor ? { cursor: more.nextCursor } : {}),
        });
        if (seq !== sequence.current) return;
        health.ok();
        setPage({
          ...wanted,
          items: more ? [...more.items, ...answer.items] : answer.items,
          ...(answer.nextCursor ? { nextCursor: answer.nextCursor } : {}),
        });
      } catch (err) {
        if (seq === sequence.current) health.report(err);
      } finally {
        if (seq === sequence.current) setLoading(false);
      }
    },
    [health],
  );

  useEffect(() => {
    if (!chosen) return;
    const timer = setTimeout(() => void load({ entity: chosen, query: query.trim() }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [chosen, query, load]);

  const items = page && page.entity === chosen ? page.items : [];
  const columns = recordColumns(items);
  const selected = items.find((r) => r.id === open) ?? null;

  return (
    <section className={`screen catalog ${selected ? 'with-detail' : ''}`} aria-labelledby="records-title">
      <header className="screen-header">
        <div>
          <h1 id="records-title">{t('records.title')}</h1>
          <div className="subtitle">{t('records.subtitle')}</div>
        </div>
      </header>
      {entities.status === 'done' && others.length === 0 ? (
        <div data-testid="records-empty">
          <EmptyState title={t('records.noEntities')}>{t('records.noEntities.body')}</EmptyState>
        </div>
      ) : (
        <>
          <div className="toolbar" role="search">
            <label className="inline-label">
              {t('records.entity')}
              <select
                className="input"
                value={chosen}
                data-testid="entity-select"
                onChange={(e) => {
                  setEntity(e.target.value);
                  setOpen(null);
                }}
              >
                {others.map((e) => (
                  <option key={e.entity} value={e.entity}>
                    {t('records.entityOption', { entity: e.entity, count: e.count })}
                  </option>
                ))}
              </select>
            </label>
            <input
              className="input search-input"
              type="search"
              aria-label={t('records.search', { entity: chosen })}
              placeholder={t('records.search', { entity: chosen })}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              maxLength={500}
            />
            {loading ? <span className="spinner" role="status" aria-label={t('common.loadingLabel')} /> : null}
          </div>
          <div className="catalog-body records-body">
            <div className="panel panel-flush table-frame results">
              {items.length === 0 ? (
                <EmptyState title={loading ? t('catalog.searching') : t('records.none')} />
              ) : (
                <table className="grid grid-clickable" data-testid="records-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('records.id')}</th>
                      {columns.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                      <th scope="col">{t('common.source')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((r) => (
                      <tr
                        key={r.id}
                        data-testid="record-row"
                        tabIndex={0}
                        aria-selected={open === r.id}
                        className={open === r.id ? 'selected' : undefined}
                        onClick={() => setOpen(r.id)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') setOpen(r.id);
                        }}
                      >
                        <td className="mono nowrap">{r.id}</td>
                        {columns.map((c) => (
                          <td key={c}>{recordValue(r.data[c], fmt)}</td>
                        ))}
                        <td className="nowrap">{r.source}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {page?.nextCursor && page.entity === chosen ? (
                <div className="load-more">
                  <button type="button" className="btn" disabled={loading} onClick={() => void load(page, page)}>
                    {loading ? t('common.loading') : t('catalog.loadMore')}
                  </button>
                </div>
              ) : null}
            </div>
            {selected ? (
              <RecordDetail entity={chosen} id={selected.id} onClose={() => setOpen(null)} />
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}

function RecordDetail({ entity, id, onClose }: { entity: string; id: string; onClose: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const record = useCall(`record:${entity}:${id}`, () => syncflow.getRecord({ entity, id }));
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const value = record.status === 'done' ? record.value : null;
  return (
    <aside className="detail" data-testid="record-detail" aria-label={t('records.detail')}>
      <div className="detail-header">
        <div className="detail-title">
          <div className="muted small mono">{id}</div>
          <h2>{value ? recordTitle(value) : entity}</h2>
        </div>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('records.close')}>
          ✕
        </button>
      </div>
      <div className="detail-body">
        {record.status === 'loading' ? (
          <div className="muted">{t('common.loading')}</div>
        ) : record.status === 'failed' ? (
          <div className="text-bad">{record.error}</div>
        ) : !value ? (
          <div className="muted">{t('records.gone')}</div>
        ) : (
          <>
            <dl className="fields">
              {Object.entries(value.data).map(([key, v]) => (
                <Field key={key} label={key}>
                  <span className="pre">{recordValue(v, fmt)}</span>
                </Field>
              ))}
            </dl>
            <h3>{t('product.sync')}</h3>
            <dl className="fields">
              <Field label={t('common.source')}>{value.source}</Field>
              <Field label={t('product.syncVersion')}>{fmt.integer(value.syncVersion)}</Field>
              <Field label={t('product.updatedAtSource')}>{fmt.dateTime(value.sourceUpdatedAt)}</Field>
              <Field label={t('product.firstSeen')}>{fmt.dateTime(value.firstSeenAt)}</Field>
              <Field label={t('product.lastSynced')}>{fmt.dateTime(value.lastSyncedAt)}</Field>
            </dl>
          </>
        )}
      </div>
    </aside>
  );
}
