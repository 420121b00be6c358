import { useState } from 'react';
import type { CategoryNode } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';

/** The category › subcategory tree with live counts (of the current search when it has facets); choosing a node filters the catalog by it. */
export function CategoryTree({
  nodes,
  selected,
  onSelect,
  approximate = false,
}: {
  nodes: readonly CategoryNode[] | null;
  /** Counts estimated from a share of the matches: shown with "≈". */
  approximate?: boolean;
  selected: string;
  onSelect: (name: string) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (name: string): void =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  const item = (node: CategoryNode, depth: number) => {
    const hasChildren = node.children.length > 0;
    const expanded = hasChildren && (open.has(node.name) || node.children.some((c) => c.name === selected));
    return (
      <li key={`${depth}:${node.name}`}>
        <div className="tree-row">
          {hasChildren ? (
            <button
              type="button"
              className="tree-toggle"
              aria-expanded={expanded}
              aria-label={t(expanded ? 'catalog.collapse' : 'catalog.expand', { name: node.name })}
              onClick={() => toggle(node.name)}
            >
              {expanded ? '▾' : '▸'}
            </button>
          ) : (
            <span className="tree-toggle" aria-hidden="true" />
          )}
          <button
            type="button"
            className={`facet-item ${selected === node.name ? 'active' : ''}`}
            aria-pressed={selected === node.name}
            data-testid="category-node"
            title={`${node.name} (${fmt.integer(node.count)})`}
            onClick={() => onSelect(selected === node.name ? '' : node.name)}
          >
            <span className="facet-value">{node.name}</span>
            <span className="facet-count" title={approximate ? t('catalog.facets.approximate') : undefined}>
              {approximate ? '≈' : ''}
              {fmt.integer(node.count)}
            </span>
          </button>
        </div>
        {expanded ? <ul className="tree-children">{node.children.map((child) => item(child, depth + 1))}</ul> : null}
      </li>
    );
  };

  return (
    <nav className="facet-group" aria-label={t('catalog.categories')} data-testid="category-tree">
      <h3>{t('catalog.categories')}</h3>
      <button
        type="button"
        className={`facet-item tree-all ${selected === '' ? 'active' : ''}`}
        aria-pressed={selected === ''}
        onClick={() => onSelect('')}
      >
        <span className="facet-value">{t('catalog.allCategories')}</span>
      </button>
      {nodes === null ? (
        <div className="muted small facet-note">{t('common.loading')}</div>
      ) : nodes.length === 0 ? (
        <div className="muted small facet-note">{t('catalog.noCategories')}</div>
      ) : (
        <ul className="tree">{nodes.map((node) => item(node, 0))}</ul>
      )}
    </nav>
  );
}
