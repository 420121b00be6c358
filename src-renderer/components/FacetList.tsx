import { useState } from 'react';
import type { FacetCount } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';

const SHOWN = 8;

/** Counts of one facet (brand, type) for the current search; clicking a value filters by it, again clears it. */
export function FacetList({
  title,
  facet,
  counts,
  approximate = false,
  isActive,
  onToggle,
}: {
  title: string;
  facet: string;
  counts: readonly FacetCount[] | undefined;
  /** The engine estimated these counts from a share of the matches: shown with "≈". */
  approximate?: boolean;
  isActive: (value: string) => boolean;
  onToggle: (value: string) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [all, setAll] = useState(false);
  const list = counts ?? [];
  const shown = all ? list : list.slice(0, SHOWN);
  const headingId = `facet-${facet}`;
  return (
    <div className="facet-group" role="group" aria-labelledby={headingId} data-testid={`facet-${facet}`}>
      <h3 id={headingId}>{title}</h3>
      {counts === undefined ? (
        <div className="muted small facet-note">{t('common.loading')}</div>
      ) : list.length === 0 ? (
        <div className="muted small facet-note">{t('facet.none')}</div>
      ) : (
        <ul className="facet-list">
          {shown.map((f) => (
            <li key={f.value}>
              <button
                type="button"
                className={`facet-item ${isActive(f.value) ? 'active' : ''}`}
                aria-pressed={isActive(f.value)}
                data-testid="facet-value"
                data-facet={facet}
                title={`${f.value} (${fmt.integer(f.count)})`}
                onClick={() => onToggle(f.value)}
              >
                <span className="facet-value">{f.value}</span>
                <span className="facet-count" title={approximate ? t('catalog.facets.approximate') : undefined}>
                  {approximate ? '≈' : ''}
                  {fmt.integer(f.count)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.length > SHOWN ? (
        <button type="button" className="link-button small" onClick={() => setAll(!all)}>
          {all ? t('facet.showFewer') : t('facet.showAll', { count: list.length })}
        </button>
      ) : null}
    </div>
  );
}
