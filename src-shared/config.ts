// The syncflow.yaml schema. Errors name the exact path (`sources[0].pagination.pageSize: …`) so an operator can
// fix the file without reading code. Secrets are references (`${env:NAME}`), never literals that get logged.
import { z } from 'zod';
import { formatPath } from './api.js';

const secretRef = /^\$\{(env|keychain):[A-Za-z_][A-Za-z0-9_.-]*\}$/;

/** A value that may be a literal or a `${env:NAME}` / `${keychain:NAME}` reference. */
export const secretValue = z
  .string()
  .min(1)
  .describe('a secret reference such as ${env:PLOOMES_USER_KEY}');

/** Header values whose names look secret must be references, so keys never sit in a config file. */
const headers = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  for (const [name, v] of Object.entries(value)) {
    if (/key|token|secret|authorization|password/i.test(name) && !secretRef.test(v)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `looks like a secret; write it as \${env:VARIABLE} and set the variable instead of putting the value in the file`,
      });
    }
  }
});

const fieldSpec = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1).optional(),
    const: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    transform: z.enum(['trim', 'number', 'string', 'boolean', 'not', 'lowercase', 'uppercase']).optional(),
  }),
]);
export type FieldSpec = z.infer<typeof fieldSpec>;

export const productFields = [
  'id',
  'externalId',
  'name',
  'code',
  'description',
  'type',
  'category',
  'subcategory',
  'brand',
  'price',
  'currency',
  'stock',
  'unit',
  'active',
  'ncm',
  'sourceUpdatedAt',
] as const;

const mapping = z.strictObject({
  /** Source field paths per catalog field; `a.b`, `list[Key=value].field` are understood. */
  fields: z.partialRecord(z.enum(productFields), fieldSpec).default({}),
  /** Source paths copied into customFields under the given names. */
  customFields: z.record(z.string(), z.string()).default({}),
});
export type MappingConfig = z.infer<typeof mapping>;

const offsetPagination = z.strictObject({
  type: z.literal('offset'),
  limitParam: z.string().default('limit'),
  offsetParam: z.string().default('offset'),
  pageSize: z.number().int().min(1).max(10_000).default(100),
  /** Where the source reports the total count, if it does (e.g. `@odata.count`). */
  totalPath: z.string().optional(),
});

const incremental = z.strictObject({
  /** Source field that grows on every change (e.g. LastUpdateDate). */
  cursorField: z.string().min(1),
  /** Query parameter that carries the filter. */
  param: z.string().min(1),
  /** The parameter's value; `{cursor}` is replaced by the last cursor seen. */
  template: z.string().includes('{cursor}', { message: 'must contain {cursor}' }),
  /** Extra query parameters for incremental requests, e.g. an ordering so pages follow the cursor. */
  query: z.record(z.string(), z.string()).default({}),
});

const common = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _ (it names the source in the CLI and the UI)'),
  entity: z.literal('products').default('products'),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
};

const restSource = z.strictObject({
  ...common,
  kind: z.literal('rest'),
  baseUrl: z.url({ message: 'expected an absolute http(s) URL such as https://api.example.com' }),
  path: z.string().startsWith('/').default('/'),
  headers: headers.default({}),
  query: z.record(z.string(), z.string()).default({}),
  recordSelector: z.string().default(''),
  pagination: offsetPagination.default({ type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 100 }),
  incremental: incremental.optional(),
  mapping: mapping.default({ fields: {}, customFields: {} }),
});

const ploomesSource = z.strictObject({
  ...common,
  kind: z.literal('ploomes'),
  baseUrl: z.url().default('https://public-api2.ploomes.com'),
  apiKey: z.string().regex(secretRef, 'write the key as ${env:VARIABLE} (or ${keychain:NAME}), never the key itself'),
  pageSize: z.number().int().min(1).max(300).default(300),
});

const demoSource = z.strictObject({
  ...common,
  kind: z.literal('demo'),
  /** How many products the bundled demo API serves. */
  size: z.number().int().min(1).max(5_000_000).default(11_793),
  /** Products changed per minute, so incremental syncs see something. 0 turns it off. */
  mutationsPerMinute: z.number().min(0).max(100_000).default(0),
});

export const sourceConfig = z.discriminatedUnion('kind', [restSource, ploomesSource, demoSource]);
export type SourceConfig = z.infer<typeof sourceConfig>;
export type RestSourceConfig = z.infer<typeof restSource>;
export type PloomesSourceConfig = z.infer<typeof ploomesSource>;
export type DemoSourceConfig = z.infer<typeof demoSource>;

export const syncflowConfig = z
  .strictObject({
    version: z.literal(1).default(1),
    sources: z.array(sourceConfig).min(1, 'declare at least one source'),
    cache: z
      .strictObject({
        maxEntries: z.number().int().min(100).max(1_000_000).default(10_000),
        productTtlSeconds: z.number().int().min(1).default(300),
      })
      .default({ maxEntries: 10_000, productTtlSeconds: 300 }),
    /** Sync every source once when the agent starts. */
    syncOnStart: z.boolean().default(true),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.sources.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `duplicate source name "${s.name}"` });
      seen.add(s.name);
    });
  });
export type SyncflowConfig = z.infer<typeof syncflowConfig>;

/** The configuration used when none exists: the bundled demo source. */
export const demoConfig = (): SyncflowConfig =>
  syncflowConfig.parse({ sources: [{ name: 'demo', kind: 'demo' }] });

export interface ConfigProblem {
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: SyncflowConfig } | { ok: false; problems: ConfigProblem[] };

export function validateConfig(raw: unknown): ConfigResult {
  const parsed = syncflowConfig.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) })),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return 'unknown kind; expected one of: rest, ploomes, demo';
  }
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}; check the spelling`;
  return issue.message;
}

export { secretRef };
