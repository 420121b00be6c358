// Browse and filter indexes of the products table. A bulk load drops them and builds them once at the end (a
// sorted build is several times cheaper than keeping eight b-trees current row by row); start-up recreates any
// that a crash left missing.
export const secondaryIndexes: Record<string, string> = {
  // (source, deleted, updated): a source's live records (counted from the index alone: the deletes check of a full
  // pass counts them), and where its next incremental sync starts (max updated of the live ones).
  products_source: 'CREATE INDEX IF NOT EXISTS products_source ON products(source, deleted_at, source_updated_at)',
  products_code: 'CREATE INDEX IF NOT EXISTS products_code ON products(code)',
  products_name: 'CREATE INDEX IF NOT EXISTS products_name ON products(name)',
  products_price: 'CREATE INDEX IF NOT EXISTS products_price ON products(price)',
  products_updated: 'CREATE INDEX IF NOT EXISTS products_updated ON products(source_updated_at)',
  // Filter column then name: a filtered page sorted by name walks one index range and stops after a page.
  products_category: 'CREATE INDEX IF NOT EXISTS products_category ON products(category, name)',
  products_subcategory: 'CREATE INDEX IF NOT EXISTS products_subcategory ON products(subcategory, name)',
  products_brand: 'CREATE INDEX IF NOT EXISTS products_brand ON products(brand, name)',
  products_parent: 'CREATE INDEX IF NOT EXISTS products_parent ON products(parent_id) WHERE parent_id IS NOT NULL',
  // The catalog row narrowed to what facets and filters read, keyed by rowid: facet counts over a text query's
  // matches look each one up here (~60 bytes) instead of in the wide table row (~1 KB with its description).
  products_facets:
    'CREATE INDEX IF NOT EXISTS products_facets ON products(rowid, deleted_at, category, subcategory, brand, product_type, active, stock, source, price)',
};

export const createSecondaryIndexes = Object.values(secondaryIndexes);
export const dropSecondaryIndexes = Object.keys(secondaryIndexes).map((name) => `DROP INDEX IF EXISTS ${name}`);
