// What the product search indexes hold, shared by the store's writes (ftsIndex.ts), the bulk build, the rebuild and
// the migrations: the indexed columns and values, and the sampled index that broad queries' facets are estimated
// from (facetCounts.ts).
// The sampled index holds the same text for a fixed sixteenth of the live products, chosen by a 32-bit
// multiplicative hash of the product rowid (unrelated to names, to the FTS key order and to load order); its rowid is
// the product rowid. A query matching a quarter of a million products reads about 16,000 entries there instead of
// 250,000 in the full index; keeping it costs one extra index write for one product in sixteen.
export const ftsColumns = 'name, code, description, brand, category, tags';
export const ftsValues = `p.name, p.code, p.description, p.brand,
  trim(coalesce(p.category, '') || ' ' || coalesce(p.subcategory, '')),
  (SELECT group_concat(value, ' ') FROM json_each(p.tags))`;
export const ftsOptions = `content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3'`;

export const SAMPLE_TABLE = 'products_sample_fts';
/** The share of the live products in the sampled index: the hash of their rowid is below SAMPLE_SHARE × 2^32. */
export const SAMPLE_SHARE = 1 / 16;
/** The hash of a product rowid (an SQL expression), in [0, 2^32); 64-bit arithmetic, exact below 3.4 billion rows. */
export const rowHash = (rowid: string): string => `((${rowid} * 2654435761) & 4294967295)`;
/** The same hash in JavaScript (tests, checks). */
export const rowHashJs = (rowid: number): number => Math.imul(rowid, 2654435761 | 0) >>> 0;
/** Whether a product rowid is in the sampled index (an SQL condition). */
export const inSample = (rowid: string): string => `${rowHash(rowid)} < ${SAMPLE_SHARE * 2 ** 32}`;

/** Fills the sampled index with the live products of `products` (in rowid order, as FTS5 appends cheapest). */
export const sampleInsert = (schema = '', products = 'products', range = false): string =>
  `INSERT INTO ${schema}${SAMPLE_TABLE}(rowid, ${ftsColumns}) SELECT p.rowid, ${ftsValues} FROM ${products} p
   WHERE p.deleted_at IS NULL AND ${inSample('p.rowid')}${range ? ' AND p.rowid BETWEEN ? AND ?' : ''} ORDER BY p.rowid`;

/** Migration 16: the sampled index, filled from the catalog as it is (a sixteenth of the index build). */
export const sampleIndexMigrationSql = `
  CREATE VIRTUAL TABLE ${SAMPLE_TABLE} USING fts5(${ftsColumns}, ${ftsOptions});
  ${sampleInsert()};
`;
