// The `targets:` list of syncflow.yaml: where catalog changes are pushed (outward sync). Each target reads the change
// feed from its own offset; errors name the path (`targets[1].table: …`) like the sources' do.
import { z } from 'zod';
import { auth, hasSecretRef, salesforceConnection, secret, urlOrRef } from './sourceSchemas.js';

const sqlName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'use lowercase letters, digits and _ (a PostgreSQL identifier)');

/** Which changes a target takes; all lists are ORed within and ANDed across. */
export const targetFilter = z.strictObject({
  /** Only records whose current content came from these sources. */
  sources: z.array(z.string().min(1)).optional(),
  /** Products in these categories (and below). */
  categories: z.array(z.string().min(1)).optional(),
  types: z.array(z.enum(['product', 'service', 'rental'])).optional(),
  /** Products whose code starts with one of these (e.g. CIA_LOC_ for rentals). */
  codePrefixes: z.array(z.string().min(1)).optional(),
});
export type TargetFilter = z.infer<typeof targetFilter>;

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _ (it names the target in the CLI and the UI)'),
  /** The catalog entity pushed: products, or any entity a source declares. */
  entity: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lowercase letters, digits and _ (e.g. products, customers)').default('products'),
  enabled: z.boolean().optional(),
  /**
   * The source that reads the same system this target writes (a two-way link): its changes are never pushed back,
   * and what comes back from it unchanged is recognised, so the link settles instead of looping.
   */
  source: z.string().min(1).optional(),
  filter: targetFilter.default({}),
  /** Change-feed entries read per batch; one batch is written, then its offset committed. */
  batchSize: z.number().int().min(1).max(10_000).default(200),
  /** Push after every sync that changed the catalog (serve, desktop, `syncflow sync`). */
  pushAfterSync: z.boolean().default(true),
  /** Also push on a cron of its own. */
  schedule: z.strictObject({ cron: z.string().min(9), timezone: z.string().min(1).optional() }).optional(),
  maxRetries: z.number().int().min(0).max(20).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
};

/** A catalog field per target field (dotted paths such as `details.costPrice`); absent: the record as the catalog has it. */
const fieldMap = z.record(z.string().min(1), z.string().min(1));

const postgresTarget = z.strictObject({
  ...common,
  kind: z.literal('postgres'),
  /** postgres://user@host:5432/db; a password belongs in a reference (`${env:PG_URL}`), never in the file. */
  url: z
    .string()
    .min(1)
    .refine((v) => hasSecretRef(v) || !/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(v), 'holds a password; write the URL as ${env:VARIABLE}')
    .refine((v) => hasSecretRef(v) || /^postgres(ql)?:\/\//.test(v), 'expected postgres://user@host:5432/database or ${env:VARIABLE}'),
  schema: sqlName.default('public'),
  /** Defaults to products_enhanced for products (the Supabase product table), else the entity's name. */
  table: sqlName.optional(),
  /** The unique key column; defaults to ploomes_product_id for products, else id. */
  keyColumn: sqlName.optional(),
  /** Extra indexed columns (products always index code, category, brand). */
  indexes: z.array(sqlName).default([]),
  /** soft: deleted records keep their row with deleted_at set; hard: the row is removed. */
  deletes: z.enum(['soft', 'hard']).default('soft'),
});

const restTarget = z.strictObject({
  ...common,
  kind: z.literal('rest'),
  baseUrl: urlOrRef('expected an absolute http(s) URL such as https://erp.example.com/api'),
  /** The collection; a record lives at `${path}/{id}`. */
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()).default({}),
  auth: auth.default({ type: 'none' }),
  /** PUT or PATCH the record at its URL; a 404 creates it with POST on the collection. */
  update: z.enum(['PUT', 'PATCH']).default('PUT'),
  /** DELETE the record's URL (a 404 counts as deleted), or send nothing for deletes. */
  deletes: z.enum(['delete', 'ignore']).default('delete'),
  requestsPerMinute: z.number().min(0.1).max(100_000).optional(),
  mapping: z.strictObject({ fields: fieldMap }).optional(),
  /** The target's field that carries the catalog id. */
  idField: z.string().min(1).default('id'),
});

const fileTarget = z.strictObject({
  ...common,
  kind: z.literal('file'),
  /** A folder: change files (`<name>.changes.ndjson`, rotated) and snapshots (`<name>.snapshot.csv`). */
  dir: z.string().min(1),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  /** changes: append every change; snapshot: rewrite the whole entity after each push; both: both. */
  mode: z.enum(['changes', 'snapshot', 'both']).default('changes'),
  /** The change file is rotated at this size, keeping keepFiles old ones (.1 is the newest). */
  maxFileMb: z.number().min(0.001).max(1024).default(10),
  keepFiles: z.number().int().min(1).max(100).default(5),
  mapping: z.strictObject({ fields: fieldMap }).optional(),
});

const salesforceTarget = z.strictObject({
  ...common,
  kind: z.literal('salesforce'),
  ...salesforceConnection(secret),
  /** The external id field the upsert is keyed by (it holds the catalog id). */
  externalIdField: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a field name such as Syncflow_Id__c'),
  mapping: z.strictObject({ fields: fieldMap }).default({ fields: { Name: 'name', ProductCode: 'code', Description: 'description', IsActive: 'active' } }),
});

export const targetConfig = z.discriminatedUnion('kind', [postgresTarget, restTarget, fileTarget, salesforceTarget]);
export type TargetConfig = z.infer<typeof targetConfig>;
export type PostgresTargetConfig = z.infer<typeof postgresTarget>;
export type RestTargetConfig = z.infer<typeof restTarget>;
export type FileTargetConfig = z.infer<typeof fileTarget>;
export type SalesforceTargetConfig = z.infer<typeof salesforceTarget>;
export const targetKinds = ['postgres', 'rest', 'file', 'salesforce'] as const;
