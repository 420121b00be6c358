// Ploomes product families and groups as entities of their own (`entity: families` / `entity: groups` on a ploomes
// source): small lists read whole on every sync, synced before the products that reference them (`dependsOn`).
// Products carry familyId and groupId; their category and subcategory are the family's and group's names.
import type { MappingConfig, PloomesSourceConfig, RestSourceConfig } from '../../../src-shared/config.js';
import { ploomesRequestsPerMinute } from './ploomes.js';

/** Entities the ploomes kind knows besides products, with where Ploomes keeps them and what is read. */
export const ploomesEntities: Record<string, { path: string; mapping: MappingConfig }> = {
  families: {
    path: '/Products@Families',
    mapping: { fields: { id: { path: 'Id', transform: 'string' }, name: 'Name' }, customFields: {} },
  },
  groups: {
    path: '/Products@Groups',
    mapping: {
      fields: { id: { path: 'Id', transform: 'string' }, name: 'Name', familyId: { path: 'FamilyId', transform: 'string' } },
      customFields: {},
    },
  },
};

export function isPloomesEntity(entity: string): boolean {
  return Object.prototype.hasOwnProperty.call(ploomesEntities, entity);
}

export function ploomesEntityAsRest(c: PloomesSourceConfig, headers: Record<string, string>): RestSourceConfig {
  const preset = ploomesEntities[c.entity]!;
  const own = c.mapping;
  return {
    kind: 'rest',
    name: c.name,
    entity: c.entity,
    timeoutMs: c.timeoutMs,
    baseUrl: c.baseUrl,
    path: preset.path,
    headers,
    query: { $orderby: 'Id' },
    recordSelector: 'value',
    pagination: { type: 'offset', limitParam: '$top', offsetParam: '$skip', pageSize: c.pageSize },
    auth: { type: 'none' },
    request: { conditional: false, requestsPerMinute: ploomesRequestsPerMinute(c) },
    validation: c.validation ?? [],
    mapping: own
      ? { fields: { ...preset.mapping.fields, ...own.fields }, customFields: { ...preset.mapping.customFields, ...own.customFields } }
      : preset.mapping,
  };
}
