// How a product is laid out in SQLite, and back.
import type { MappedProduct, Product, ProductHit } from '../../../src-shared/domain.js';

export interface ProductRow {
  rowid: number;
  id: string;
  source: string;
  external_id: string | null;
  name: string;
  code: string | null;
  description: string | null;
  product_type: string;
  category: string | null;
  subcategory: string | null;
  brand: string | null;
  price: number | null;
  currency: string;
  stock: number | null;
  unit: string | null;
  active: number;
  ncm: string | null;
  custom_fields: string;
  source_updated_at: string | null;
  checksum: string;
  sync_version: number;
  first_seen_at: string;
  last_synced_at: string;
  deleted_at: string | null;
  parent_id: string | null;
  tags: string;
  details: string;
  raw_hash: string | null;
}

/**
 * A mapped product with the JSON texts of its object fields and the checksum of its content, computed once where
 * it was mapped (pipeline/checksum.ts).
 */
export type PreparedProduct = MappedProduct & {
  checksum: string;
  json: { customFields: string; tags: string; details: string };
  /** Hash of the source record's text (pipeline/rawRecords.ts), when the page came as texts. */
  rawHash?: string | null;
};

/** Fields whose old and new values the change feed records. */
export const comparableFields: (keyof MappedProduct)[] = [
  'externalId', 'name', 'code', 'description', 'type', 'category', 'subcategory', 'brand', 'price', 'currency',
  'stock', 'unit', 'active', 'ncm', 'customFields', 'parentId', 'tags', 'details',
];

export function rowToProduct(r: ProductRow): Product {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    name: r.name,
    code: r.code,
    description: r.description,
    type: r.product_type as Product['type'],
    category: r.category,
    subcategory: r.subcategory,
    brand: r.brand,
    price: r.price,
    currency: r.currency,
    stock: r.stock,
    unit: r.unit,
    active: r.active === 1,
    ncm: r.ncm,
    customFields: JSON.parse(r.custom_fields) as Record<string, unknown>,
    sourceUpdatedAt: r.source_updated_at,
    parentId: r.parent_id,
    tags: JSON.parse(r.tags) as string[],
    details: JSON.parse(r.details) as Product['details'],
    syncVersion: r.sync_version,
    firstSeenAt: r.first_seen_at,
    lastSyncedAt: r.last_synced_at,
  };
}

export function rowToHit(r: ProductRow, snippet: string | null): ProductHit {
  return {
    id: r.id,
    name: r.name,
    code: r.code,
    brand: r.brand,
    category: r.category,
    type: r.product_type as ProductHit['type'],
    price: r.price,
    currency: r.currency,
    stock: r.stock,
    active: r.active === 1,
    snippet,
  };
}

/** Positional parameters in the column order of the insert and update statements. */
export function productValues(p: PreparedProduct): unknown[] {
  return [
    p.source, p.externalId, p.name, p.code, p.description, p.type, p.category, p.subcategory, p.brand, p.price,
    p.currency, p.stock, p.unit, p.active ? 1 : 0, p.ncm, p.json.customFields, p.sourceUpdatedAt,
    p.parentId ?? null, p.json.tags, p.json.details, p.checksum, p.rawHash ?? null,
  ];
}

export const productColumns =
  'source, external_id, name, code, description, product_type, category, subcategory, brand, price, currency, ' +
  'stock, unit, active, ncm, custom_fields, source_updated_at, parent_id, tags, details, checksum, raw_hash';
