// `catalog:` in syncflow.yaml: how records of one entity from several sources become one catalog record. Without
// an entry, every source's records stand alone (a record is source + id) and nothing is merged.
import { z } from 'zod';

export const conflictPolicies = ['last-write', 'priority', 'ownership', 'review'] as const;
export type ConflictPolicy = (typeof conflictPolicies)[number];

const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a mapped field name (letters, digits, _)');
const sourceName = z.string().min(1).max(100);

export const entityCatalogConfig = z.strictObject({
  /**
   * The field whose equal values link records of different sources into one catalog record (products: `code`;
   * customers: a tax id). Records without a value stand alone.
   */
  match: fieldName,
  /**
   * How a field's value is chosen when linked records differ: `last-write` (the newest by the source's own update
   * time, per field), `priority` (the first source of `priority` that has a value), `ownership` (the source `owners`
   * names for the field; other fields by last write), `review` (when sources change a field to different values,
   * the catalog keeps what it showed until an operator picks; a change by one source alone is taken).
   */
  policy: z.enum(conflictPolicies).default('last-write'),
  /** Sources in order of precedence (policy priority; also breaks ties of equal update times). */
  priority: z.array(sourceName).max(50).default([]),
  /** Field → the source that owns it (policy ownership), e.g. `{ price: erp, description: ploomes }`. */
  owners: z.record(fieldName, sourceName).default({}),
});
export type EntityCatalogConfig = z.infer<typeof entityCatalogConfig>;

export const catalogConfig = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'an entity name (products, customers, …)'), entityCatalogConfig).default({});
export type CatalogConfig = z.infer<typeof catalogConfig>;

/** Field-named problems of `catalog:` against the declared sources (called from the config's superRefine). */
export function catalogProblems(catalog: CatalogConfig, sources: readonly { name: string; entity: string }[]): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const [entity, rule] of Object.entries(catalog)) {
    const names = sources.filter((s) => s.entity === entity).map((s) => s.name);
    if (names.length === 0) out.push({ path: ['catalog', entity], message: `no source declares entity "${entity}"` });
    const known = (name: string) => names.includes(name);
    rule.priority.forEach((s, i) => {
      if (!known(s)) out.push({ path: ['catalog', entity, 'priority', i], message: `"${s}" is not a source of ${entity}; use one of ${names.join(', ')}` });
    });
    for (const [field, s] of Object.entries(rule.owners)) {
      if (!known(s)) out.push({ path: ['catalog', entity, 'owners', field], message: `"${s}" is not a source of ${entity}; use one of ${names.join(', ')}` });
    }
    if (rule.policy === 'priority' && rule.priority.length === 0) {
      out.push({ path: ['catalog', entity, 'priority'], message: 'policy priority needs the sources in order, e.g. priority: [erp, ploomes]' });
    }
    if (rule.policy === 'ownership' && Object.keys(rule.owners).length === 0) {
      out.push({ path: ['catalog', entity, 'owners'], message: 'policy ownership needs owners per field, e.g. owners: { price: erp }' });
    }
  }
  return out;
}
