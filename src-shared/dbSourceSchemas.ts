// The database source kinds' own settings (config.ts adds the fields every source has): a PostgreSQL table or
// query, a MongoDB collection. Connection strings carry their secret as a reference, never in plain text.
import { z } from 'zod';
import { duration, hasSecretRef } from './sourceSchemas.js';

const connection = z
  .string()
  .min(1)
  .refine(hasSecretRef, {
    message: 'write the connection string as ${env:VARIABLE} or ${file:PATH}, or keep its password in one: postgres://user:${env:PGPASSWORD}@host/db',
  });
const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a column name such as updated_at');
const table = z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/, 'expected a table name such as products or erp.products');

export const postgresSourceFields = {
  kind: z.literal('postgres'),
  connection,
  /** The table to read; or `query`, a SELECT whose rows are the records. */
  table: table.optional(),
  query: z
    .string()
    .regex(/^\s*(select|with)\s/i, 'expected a SELECT (or WITH … SELECT) statement')
    .refine((q) => !q.includes(';'), { message: 'one statement, without ";"' })
    .optional(),
  /** Unique, never-null column the rows are paged by (keyset); a full pass then proves deletes by absence. */
  key: column.default('id'),
  /** Incremental syncs read rows whose column is at or past the cursor: a timestamp, or a version that only grows. */
  incremental: z
    .strictObject({
      column,
      type: z.enum(['timestamp', 'version']).default('timestamp'),
      /** Re-read this far behind the cursor (timestamp), for rows committed late by long transactions. */
      lookback: duration.optional(),
    })
    .optional(),
  /** A row whose column is set (not null, not false) is deleted: left out of listings, tombstoned by incrementals. */
  softDelete: z.strictObject({ column }).optional(),
  pageSize: z.number().int().min(1).max(50_000).default(1000),
};

export const mongoSourceFields = {
  kind: z.literal('mongodb'),
  connection,
  database: z.string().regex(/^[^/\\. "$]+$/, 'expected a database name such as catalog'),
  collection: z.string().min(1),
  /** A MongoDB query document ANDed into every read, e.g. { active: true }. Operators ($in, $gt…) are allowed. */
  filter: z.record(z.string(), z.unknown()).default({}),
  /** Incremental syncs read documents whose field (a date) is at or past the cursor. */
  incremental: z.strictObject({ field: z.string().min(1), lookback: duration.optional() }).optional(),
  /** A document whose field is set (not null, not false) is deleted. */
  softDelete: z.strictObject({ field: z.string().min(1) }).optional(),
  pageSize: z.number().int().min(1).max(50_000).default(1000),
};

/** table xor query, for the postgres kind (config.ts's whole-config check calls it). */
export function postgresTargetProblem(s: { table?: string | undefined; query?: string | undefined }): string | null {
  if (s.table && s.query) return 'give either table or query, not both';
  if (!s.table && !s.query) return 'give the table to read (table: products) or a query (query: SELECT …)';
  return null;
}
