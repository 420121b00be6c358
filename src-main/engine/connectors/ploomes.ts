// Ploomes preset: its public OData API expressed as a REST connector configuration.
import type { MappingConfig, PloomesSourceConfig, RestSourceConfig } from '../../../src-shared/config.js';

/**
 * Pages in flight: the API prepares the next pages while the pipeline writes (at 120 req/min the limiter spaces
 * them anyway). Six, not three: on two cores a 1M re-sync of a local mirror took 9.2-9.9 s instead of 9.8-11.4 s
 * (profiled runs), since a server that is briefly ahead still has requests queued when the pipeline catches up.
 */
export const PLOOMES_PREFETCH = 6;

const prop = (key: string, field: string) => `OtherProperties[FieldKey=${key}].${field}`;

export const ploomesProductMapping: MappingConfig = {
  fields: {
    id: { path: 'Id', transform: 'string' },
    name: 'Name',
    code: 'Code',
    description: 'Description',
    type: { path: prop('product_type', 'StringValue'), default: 'product' },
    category: 'Family.Name',
    subcategory: 'Group.Name',
    brand: prop('product_brand', 'StringValue'),
    price: 'UnitPrice',
    // Ploomes' CurrencyId 1 is the Brazilian real, the only currency its catalogs here use.
    currency: { const: 'BRL' },
    stock: prop('product_stock', 'IntegerValue'),
    unit: 'MeasurementUnit',
    active: { path: 'Suspended', transform: 'not' },
    ncm: prop('product_ncm', 'StringValue'),
    sourceUpdatedAt: 'LastUpdateDate',
  },
  customFields: {
    origin: prop('product_origin', 'StringValue'),
    createdAt: 'CreateDate',
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

export function ploomesAsRest(c: PloomesSourceConfig, headers: Record<string, string>): RestSourceConfig {
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
      $count: 'true',
      $expand: 'OtherProperties,Family,Group',
      $select: selectFor(ploomesProductMapping),
    },
    recordSelector: 'value',
    pagination: {
      type: 'offset',
      limitParam: '$top',
      offsetParam: '$skip',
      pageSize: c.pageSize,
      totalPath: '@odata.count',
    },
    auth: { type: 'none' },
    // Ploomes allows 120 requests a minute; a mirror or test server elsewhere is not held to it.
    request: {
      conditional: false,
      prefetch: PLOOMES_PREFETCH,
      requestsPerMinute: c.requestsPerMinute ?? (isPloomesCloud(c.baseUrl) ? 120 : undefined),
    },
    validation: [],
    // A webhook names changed products; OData `in` fetches them in one request.
    byIds: { param: '$filter', template: 'Id in ({ids})', separator: ',', quote: false },
    incremental: {
      cursorField: 'LastUpdateDate',
      in: 'query',
      format: 'iso',
      param: '$filter',
      // `ge`, not `gt`: records sharing the cursor's timestamp are fetched again and skipped by checksum, never missed.
      template: 'LastUpdateDate ge {cursor}',
      query: { $orderby: 'LastUpdateDate' },
    },
    mapping: ploomesProductMapping,
  };
}

function isPloomesCloud(url: string): boolean {
  return /(^|\.)ploomes\.com$/i.test(new URL(url).hostname);
}

/** OData `$select` of the top-level properties the mapping reads (`Family.Name` → Family), so pages carry no more. */
export function selectFor(mapping: MappingConfig): string {
  const roots = [...Object.values(mapping.fields), ...Object.values(mapping.customFields), ...Object.values(mapping.details ?? {})]
    .map((spec) => (typeof spec === 'string' ? spec : spec?.path))
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.split(/[.[]/)[0]!);
  return [...new Set(['Id', 'LastUpdateDate', ...roots])].join(',');
}
