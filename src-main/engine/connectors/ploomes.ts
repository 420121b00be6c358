// Ploomes preset: its public OData API expressed as a REST connector configuration.
import type { FieldSpec, MappingConfig, PloomesSourceConfig, RestSourceConfig } from '../../../src-shared/config.js';
import type { PresetFieldSpec } from '../pipeline/mapping.js';

/**
 * Pages in flight: the API prepares the next pages while the pipeline writes (at 120 req/min the limiter spaces
 * them anyway). Six, not three: on two cores a 1M re-sync of a local mirror took 9.2-9.9 s instead of 9.8-11.4 s
 * (profiled runs), since a server that is briefly ahead still has requests queued when the pipeline catches up.
 */
export const PLOOMES_PREFETCH = 6;

const prop = (key: string, field: string) => `OtherProperties[FieldKey=${key}].${field}`;

/** Code prefixes of Ploomes catalogs (seed 004): `CIA_LOC_` rentals, other `CIA_` services; the rest are products. */
export const ploomesTypeByCode = { name: 'prefix', table: { CIA_LOC_: 'rental', CIA_: 'service' }, default: 'product' };

/**
 * What every Ploomes account has. Custom fields (`OtherProperties`) carry per-account keys, so none are read here:
 * a source's `mapping:` adds them (brand, stock, NCM…) and may replace any field below.
 */
export const ploomesProductMapping: MappingConfig = {
  fields: {
    id: { path: 'Id', transform: 'string' },
    // Omie-created products carry their Omie id here.
    externalId: { path: 'ExternalId', transform: 'string' },
    name: 'Name',
    code: 'Code',
    type: { path: 'Code', transform: ploomesTypeByCode },
    category: 'Family.Name',
    subcategory: 'Group.Name',
    price: 'UnitPrice',
    // Only the real (1) is known here; another id is quarantined as transform.lookup:currency until mapped.
    currency: { path: 'CurrencyId', transform: { name: 'lookup', table: { '1': 'BRL' } } },
    active: { path: 'Suspended', transform: 'not' },
    sourceUpdatedAt: 'LastUpdateDate',
  },
  customFields: {
    createdAt: 'CreateDate',
    imageUrl: 'ImageUrl',
    // The family and group records (`entity: families` / `groups` sources) these products belong to, read from the
    // expanded Family and Group the preset already selects.
    familyId: { path: 'Family.Id', transform: 'string' },
    groupId: { path: 'Group.Id', transform: 'string' },
  },
};

/** The preset with a source's own fields over it, field by field. */
export function ploomesMapping(own: MappingConfig | undefined): MappingConfig {
  if (!own) return ploomesProductMapping;
  const base = ploomesProductMapping;
  const details = { ...base.details, ...own.details };
  const type = own.fields.type;
  // An account's type field decides where it has a value; the code prefix decides the rest.
  const typed: PresetFieldSpec | undefined =
    type === undefined ? undefined : { ...(typeof type === 'string' ? { path: type } : type), otherwise: base.fields.type! };
  return {
    fields: { ...base.fields, ...own.fields, ...(typed ? { type: typed as FieldSpec } : {}) },
    customFields: { ...base.customFields, ...own.customFields },
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/**
 * The bundled demo API is a Ploomes account whose custom fields use the keys below: its mapping is what an
 * operator writes for their own account.
 */
export const demoAccountFields: MappingConfig = {
  fields: {
    description: 'Description',
    unit: 'MeasurementUnit',
    brand: prop('product_brand', 'StringValue'),
    stock: prop('product_stock', 'IntegerValue'),
    ncm: prop('product_ncm', 'StringValue'),
    // No `type`: the demo's codes follow the CIA_ / CIA_LOC_ prefixes the preset classifies by.
  },
  customFields: {
    origin: prop('product_origin', 'StringValue'),
  },
  details: {
    costPrice: prop('product_cost', 'DecimalValue'),
    weightKg: prop('product_weight_kg', 'DecimalValue'),
    cfop: prop('product_cfop', 'StringValue'),
    'service.durationHours': prop('product_service_hours', 'IntegerValue'),
    'service.billingCycle': prop('product_billing_cycle', 'StringValue'),
    'service.sla': prop('product_sla', 'StringValue'),
    'rental.dailyRate': prop('product_rental_daily', 'DecimalValue'),
    'rental.monthlyRate': prop('product_rental_monthly', 'DecimalValue'),
    'rental.minimumDays': prop('product_rental_min_days', 'IntegerValue'),
  },
};

/** The demo account's full mapping (tests and the bench map demo products with it). */
export const demoAccountMapping: MappingConfig = ploomesMapping(demoAccountFields);

/**
 * `keyset` (a Ploomes account): ordered by Id, each page asks `Id gt <last Id>`, so records deleted while paging
 * cannot shift it and absence from a full pass proves a delete with no second listing; one request in flight.
 * `offset` (the bundled demo API, a local mirror): `$skip` pages fetched six ahead, for throughput.
 */
export function ploomesAsRest(c: PloomesSourceConfig, headers: Record<string, string>, paging: 'keyset' | 'offset' = c.paging): RestSourceConfig {
  const mapping = ploomesMapping(c.mapping);
  const keyset = paging === 'keyset';
  return {
    kind: 'rest',
    name: c.name,
    entity: c.entity,
    timeoutMs: c.timeoutMs,
    baseUrl: c.baseUrl,
    path: '/Products',
    headers,
    query: {
      $orderby: 'Id',
      ...(keyset ? {} : { $count: 'true' }),
      $expand: 'OtherProperties,Family,Group',
      $select: selectFor(mapping),
    },
    recordSelector: 'value',
    pagination: keyset
      ? { type: 'keyset', keyPath: 'Id', keyParam: '$filter', keyTemplate: 'Id gt {key}', sizeParam: '$top', pageSize: c.pageSize }
      : { type: 'offset', limitParam: '$top', offsetParam: '$skip', pageSize: c.pageSize, totalPath: '@odata.count' },
    auth: { type: 'none' },
    request: { conditional: false, prefetch: PLOOMES_PREFETCH, requestsPerMinute: ploomesRequestsPerMinute(c) },
    validation: c.validation ?? [],
    // Ploomes is a Brazilian CRM: a price sent as text is written the Brazilian way unless the source says otherwise.
    locale: c.locale ?? 'pt-BR',
    // A webhook names changed products; OData `in` fetches them in one request.
    byIds: { param: '$filter', template: 'Id in ({ids})', separator: ',', quote: false },
    incremental: {
      cursorField: 'LastUpdateDate',
      in: 'query',
      format: 'iso',
      param: '$filter',
      // `ge`, not `gt`: records sharing the cursor's timestamp are fetched again and skipped by checksum, never missed.
      template: 'LastUpdateDate ge {cursor}',
      // Keyset: the changes in Id order too (`(LastUpdateDate ge …) and Id gt …`), which edits cannot shift.
      query: keyset ? {} : { $orderby: 'LastUpdateDate' },
    },
    mapping,
  };
}

/** Ploomes allows 120 requests a minute; a mirror or test server elsewhere is not held to it. */
export function ploomesRequestsPerMinute(c: Pick<PloomesSourceConfig, 'baseUrl' | 'requestsPerMinute'>): number | undefined {
  return c.requestsPerMinute ?? (/(^|\.)ploomes\.com$/i.test(new URL(c.baseUrl).hostname) ? 120 : undefined);
}

/** OData `$select` of the top-level properties the mapping reads (`Family.Name` → Family), so pages carry no more. */
export function selectFor(mapping: MappingConfig): string {
  const roots = [...Object.values(mapping.fields), ...Object.values(mapping.customFields), ...Object.values(mapping.details ?? {})]
    .map((spec) => (typeof spec === 'string' ? spec : spec?.path))
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.split(/[.[]/)[0]!);
  return [...new Set(['Id', 'LastUpdateDate', ...roots])].join(',');
}
