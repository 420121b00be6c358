// The syncflow.yaml schema. Errors name the exact path (`sources[0].pagination.pageSize: …`) so an operator can
// fix the file without reading code. Secrets are references (`${env:NAME}`), never literals that get logged.
import { catalogConfig, catalogProblems } from './catalogConfig.js';
import { z } from 'zod';
import { notificationSettings } from './notifications.js';
import { urgency } from './syncOps.js';
import { segmentConfig } from './segments.js';
import { updateSettings } from './updates.js';
import { formatPath } from './api.js';
import { targetConfig } from './targetSchemas.js';
import {
  auth,
  byIds,
  credentialName,
  duration,
  fieldSpec,
  type FieldSpec,
  hasSecretRef,
  incremental,
  pagination,
  queryParams,
  requestControls,
  salesforceConnection,
  secretRef,
  urlOrRef,
  validationRule,
  type ValidationRule,
} from './sourceSchemas.js';
import { mongoSourceFields, postgresSourceFields, postgresTargetProblem } from './dbSourceSchemas.js';

/** A value that may be a literal or a `${env:NAME}` / `${file:PATH}` / `${keychain:NAME}` reference. */
export const secretValue = z
  .string()
  .min(1)
  .describe('a secret reference such as ${env:PLOOMES_USER_KEY}');

/** Header values whose names look secret must be references, so keys never sit in a config file. */
const headers = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  for (const [name, v] of Object.entries(value)) {
    if (credentialName.test(name) && !hasSecretRef(v)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `looks like a secret; write it as \${env:VARIABLE} and set the variable instead of putting the value in the file`,
      });
    }
  }
});

export type { FieldSpec };

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
  'parentId',
  'tags',
] as const;

export const detailFields = [
  'costPrice', 'weightKg', 'dimensions.lengthCm', 'dimensions.widthCm', 'dimensions.heightCm', 'cfop',
  'availableForSale', 'service.durationHours', 'service.billingCycle', 'service.sla', 'rental.dailyRate',
  'rental.weeklyRate', 'rental.monthlyRate', 'rental.minimumDays', 'rental.deposit', 'suppliers', 'variant',
] as const;

const mapping = z.strictObject({
  /**
   * Source field paths per catalog field; `a.b`, `list[Key=value].field` are understood. Products take the
   * product fields; any other entity takes whatever fields it declares (`id` required).
   */
  fields: z.record(z.string().min(1), fieldSpec).default({}),
  /** Source fields copied into customFields under the given names: a path, or a spec with transforms. */
  customFields: z.record(z.string(), fieldSpec).default({}),
  /** Product details (seed 004): cost, weight, dimensions, CFOP, service and rental specifications, suppliers. */
  details: z.partialRecord(z.enum(detailFields), fieldSpec).optional(),
});
/** Validation rules ride along with the mapping, so whatever maps a record also checks it. */
export type MappingConfig = z.infer<typeof mapping> & {
  validation?: ValidationRule[];
  /** The source's number locale (price and stock written as text). */
  locale?: string;
};
const validation = z.array(validationRule).default([]);

const common = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _ (it names the source in the CLI and the UI)'),
  /** What the source holds: products (the catalog), or any other entity (customers, invoices, …) by name. */
  entity: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'use lowercase letters, digits and _ (e.g. products, customers, invoices)')
    .default('products'),
  /** false: no scheduled, start-up, webhook, file-watch or sync-all runs (Sync now of this source still runs). */
  enabled: z.boolean().optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /**
   * How numbers written as text are read (price, stock): `pt-BR` reads "1.234" as 1234 and "1.234,56" as
   * 1234.56, `en-US` reads "1,234.56"; without one, a point is the decimal separator and grouping is refused.
   */
  locale: z.enum(['pt-BR', 'en-US', 'de-DE', 'es-ES', 'fr-FR']).optional(),
  /** Retries of a failing request before the run fails; overrides resilience.maxRetries. */
  maxRetries: z.number().int().min(0).max(20).optional(),
  /** Share (0–1) of this source's records a full sync may delete before it stops for review; overrides deletes.maxShare. */
  massDeleteThreshold: z.number().min(0).max(1).optional(),
  // When to sync on its own: a cron expression ("0 */6 * * *" = every 6 hours) and an IANA time zone.
  schedule: z.strictObject({ cron: z.string().min(9), timezone: z.string().min(1).optional() }).optional(),
  /** Sources that must succeed first in the same scheduled cycle (categories → products → variants). */
  dependsOn: z.array(z.string().min(1)).optional(),
  /**
   * Named parts of a products source that sync on their own (`syncflow sync ploomes --segment rentals`), each with
   * its own cursor and optional schedule; a ploomes products source has the plan's five unless it declares its own.
   */
  segments: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _ (e.g. rentals)'), segmentConfig).optional(),
  /**
   * The last sync older than this (hours) makes the next one full instead of incremental (the six-hour rule);
   * 0 turns it off. Ploomes: 6 unless set.
   */
  incrementalMaxAgeHours: z.number().min(0).max(24 * 365).optional(),
  /** Change notifications pushed by the source, verified with a shared secret or an HMAC-SHA256 signature. */
  webhook: z
    .strictObject({
      secret: z.string().regex(secretRef, 'write the secret as ${env:VARIABLE} (or ${file:PATH}, ${keychain:NAME})'),
      /**
       * token: the header carries the secret itself; hmac: hex HMAC-SHA256 of the body; ploomes: Ploomes' validation
       * key, in the header or in the body's `ValidationKey` (what `syncflow ploomes webhooks register` sets up).
       */
      verify: z.enum(['token', 'hmac', 'ploomes']).default('token'),
      header: z.string().min(1).default('x-syncflow-signature'),
      /**
       * A notification repeated within this window (same event id, or the same signed bytes) is acknowledged and
       * ignored; a signed timestamp older than it is refused. 0s turns both off.
       */
      replayWindow: duration.default('5m'),
      /** hmac: the header with the sender's timestamp; when sent, the signature covers `<timestamp>.<body>`. */
      timestampHeader: z.string().min(1).default('x-syncflow-timestamp'),
      /**
       * Entity types whose events start runs (`EntityType`/`Entity` of the payload); events about others are
       * acknowledged and counted. A ploomes products source takes `Product` unless this says otherwise.
       */
      entityTypes: z.array(z.string().min(1)).optional(),
      /** Queue urgency of the runs its events start; a `?urgency=` on the callback URL overrides it. */
      urgency: urgency.default('normal'),
    })
    .optional(),
};

const restSource = z.strictObject({
  ...common,
  kind: z.literal('rest'),
  baseUrl: urlOrRef('expected an absolute http(s) URL such as https://api.example.com'),
  path: z.string().startsWith('/').default('/'),
  headers: headers.default({}),
  query: queryParams.default({}),
  recordSelector: z.string().default(''),
  auth: auth.default({ type: 'none' }),
  pagination: pagination.default({ type: 'offset', limitParam: 'limit', offsetParam: 'offset', pageSize: 100 }),
  incremental: incremental.optional(),
  /** How to ask for given records (real-time refresh after a webhook): `{ids}` in a query parameter. */
  byIds: byIds.optional(),
  request: requestControls.default({ conditional: false }),
  mapping: mapping.default({ fields: {}, customFields: {} }),
  validation,
});

const salesforceSource = z.strictObject({
  ...common,
  kind: z.literal('salesforce'),
  ...salesforceConnection(z.string().regex(secretRef, 'write it as ${env:VARIABLE}, never the value itself')),
  /** Extra SOQL condition, ANDed with the incremental cursor. */
  where: z.string().optional(),
  /** Records per page (Sforce-Query-Options batchSize, 200–2000). */
  pageSize: z.number().int().min(200).max(2000).default(2000),
  lookback: incremental.shape.lookback,
  mapping: mapping.optional(),
  validation,
});

/** A legacy 4D database's REST server (`/rest/{table}`): the table-data endpoint of seed 003's ERP migration. */
const legacy4dSource = z.strictObject({
  ...common,
  kind: z.literal('legacy4d'),
  baseUrl: urlOrRef('expected an absolute http(s) URL such as https://erp.local:8080'),
  table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a 4D table name such as Artikel_Familie'),
  /** Fixed conditions (`active: true`), ANDed into every request's $filter. */
  filters: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** The table's modification date field; incremental syncs ask for records modified on or after the cursor's day. */
  modifiedField: z.string().min(1).default('last_modified'),
  pageSize: z.number().int().min(1).max(10_000).default(500),
  auth: auth.default({ type: 'none' }),
  mapping: mapping.default({ fields: {}, customFields: {} }),
  validation,
});

const fileSource = z.strictObject({
  ...common,
  kind: z.literal('file'),
  /** A file, or a folder whose files (of the format, in name order) together make the source. */
  path: z.string().min(1),
  /** Sync when a file in `path` is added or changed (while the agent runs: serve, desktop). */
  watch: z.boolean().default(false),
  format: z.enum(['auto', 'csv', 'json', 'ndjson']).default('auto'),
  encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
  delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto'),
  /** For JSON files: the path of the record array (`data.items`); empty for a top-level array. */
  recordSelector: z.string().default(''),
  pageSize: z.number().int().min(1).max(100_000).default(1000),
  mapping: mapping.default({ fields: {}, customFields: {} }),
  validation,
});

const ploomesSource = z.strictObject({
  ...common,
  kind: z.literal('ploomes'),
  baseUrl: urlOrRef('expected an absolute http(s) URL such as https://public-api2.ploomes.com').default('https://public-api2.ploomes.com'),
  apiKey: z.string().regex(secretRef, 'write the key as ${env:VARIABLE} (or ${file:PATH}, ${keychain:NAME}), never the key itself'),
  pageSize: z.number().int().min(1).max(300).default(300),
  /** keyset: by Id (`Id gt N`), deletes proven by the listing; offset: `$skip`, six pages ahead (a local mirror). */
  paging: z.enum(['keyset', 'offset']).default('keyset'),
  /** Defaults to Ploomes' limit of 120 against its cloud API; unlimited against any other host. */
  requestsPerMinute: z.number().min(0.1).max(100_000).optional(),
  /**
   * Fields over the preset's, by name: an account's own custom fields (`OtherProperties[FieldKey=product_…]`),
   * brand from a custom field or `Group.Name`, a `type` field that beats the code prefixes.
   */
  mapping: mapping.optional(),
  validation,
});

const demoSource = z.strictObject({
  ...common,
  kind: z.literal('demo'),
  /** How many products the bundled demo API serves. */
  size: z.number().int().min(1).max(5_000_000).default(11_793),
  /** Products changed per minute, so incremental syncs see something. 0 turns it off. */
  mutationsPerMinute: z.number().min(0).max(100_000).default(0),
});

const dbMapping = { mapping: mapping.default({ fields: {}, customFields: {} }), validation };
const postgresSource = z.strictObject({ ...common, ...postgresSourceFields, ...dbMapping });
const mongoSource = z.strictObject({ ...common, ...mongoSourceFields, ...dbMapping });

export const sourceConfig = z.discriminatedUnion('kind', [restSource, ploomesSource, salesforceSource, legacy4dSource, fileSource, demoSource, postgresSource, mongoSource]);
export type SourceConfig = z.infer<typeof sourceConfig>;
export type RestSourceConfig = z.infer<typeof restSource>;
export type PloomesSourceConfig = z.infer<typeof ploomesSource>;
export type DemoSourceConfig = z.infer<typeof demoSource>;
export type SalesforceSourceConfig = z.infer<typeof salesforceSource>;
export type FileSourceConfig = z.infer<typeof fileSource>;
export type PostgresSourceConfig = z.infer<typeof postgresSource>;
export type MongoSourceConfig = z.infer<typeof mongoSource>;
export type Legacy4dSourceConfig = z.infer<typeof legacy4dSource>;

export const syncflowConfig = z
  .strictObject({
    version: z.literal(1).default(1),
    sources: z.array(sourceConfig).min(1, 'declare at least one source'),
    /** Where catalog changes are pushed (src-shared/targetSchemas.ts). */
    targets: z.array(targetConfig).default([]),
    cache: z
      .strictObject({
        maxEntries: z.number().int().min(100).max(1_000_000).default(10_000),
        productTtlSeconds: z.number().int().min(1).default(300),
        categoryTtlSeconds: z.number().int().min(1).default(600),
        /** After a start and after each sync that changed the catalog, load what operators look at most. */
        warm: z.boolean().default(true),
        warmProducts: z.number().int().min(0).max(10_000).default(200),
        warmSearches: z.number().int().min(0).max(1000).default(20),
        /** Warming stops when it has taken this long (it runs on the engine's thread). */
        warmBudgetMs: z.number().int().min(1).max(10_000).default(200),
      })
      .default({ maxEntries: 10_000, productTtlSeconds: 300, categoryTtlSeconds: 600, warm: true, warmProducts: 200, warmSearches: 20, warmBudgetMs: 200 }),
    /** Sync every source once when the agent starts. */
    syncOnStart: z.boolean().default(true),
    /** Change-feed entries (a product's history) older than this are pruned after syncs. */
    changeFeedRetentionDays: z.number().int().min(1).max(3650).default(90),
    resilience: z
      .strictObject({
        /** Retries of a retryable failure (network, timeout, 429, 5xx) with backoff 1 s, 2 s, 4 s, 8 s… and full jitter. */
        maxRetries: z.number().int().min(0).max(20).default(4),
        baseDelayMs: z.number().int().min(1).max(60_000).default(1000),
        maxDelayMs: z.number().int().min(1).max(600_000).default(30_000),
        /** Consecutive failed runs that open a source's circuit breaker. */
        breakerThreshold: z.number().int().min(1).max(100).default(5),
        /** How long an open breaker fails fast before one probe run is let through. */
        breakerCooldownMs: z.number().int().min(1000).max(86_400_000).default(300_000),
        /** Overall deadline of one run; 0 turns it off. */
        runDeadlineMs: z.number().int().min(0).max(86_400_000).default(0),
      })
      .default({ maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 30_000, breakerThreshold: 5, breakerCooldownMs: 300_000, runDeadlineMs: 0 }),
    queue: z
      .strictObject({
        /** Runs at once across sources; they share one SQLite writer, so more than 2 rarely helps. */
        concurrency: z.number().int().min(1).max(8).default(1),
      })
      .default({ concurrency: 1 }),
    webhooks: z
      .strictObject({
        enabled: z.boolean().default(false),
        /** Loopback by default; bind another address only behind a proxy that terminates TLS. */
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(0),
        /**
         * Where senders reach the receiver (a tunnel or a TLS proxy in front of it), e.g. https://hooks.example.com;
         * `syncflow ploomes webhooks register` gives Ploomes `<publicUrl>/webhooks/<source>`.
         */
        publicUrl: urlOrRef('expected an absolute http(s) URL such as https://hooks.example.com').optional(),
      })
      .default({ enabled: false, host: '127.0.0.1', port: 0 }),
    alerts: z
      .strictObject({
        /** Consecutive failed runs of a source that raise an alert. */
        consecutiveFailures: z.number().int().min(1).max(100).default(3),
        /** Hours without a successful sync after which a source's data counts as stale; 0 turns it off. */
        staleAfterHours: z.number().min(0).max(24 * 365).default(24),
        /**
         * A source whose share of failed runs among its last `windowRuns` runs goes above `threshold` raises one
         * alert, and another only after the share has come back to the threshold or below. Skipped, cancelled and
         * dry runs do not count. A window of runs, not of hours, because sources run every minute or every day.
         */
        errorRate: z
          .strictObject({
            /** 0 turns it off. */
            threshold: z.number().min(0).max(1).default(0.5),
            windowRuns: z.number().int().min(1).max(1000).default(10),
            /** No alert before the window holds this many runs (one failure of one run is a run-failed alert). */
            minRuns: z.number().int().min(1).max(1000).default(4),
          })
          .refine((e) => e.minRuns <= e.windowRuns, { path: ['minRuns'], message: 'must not exceed windowRuns' })
          .default({ threshold: 0.5, windowRuns: 10, minRuns: 4 }),
        /**
         * Jobs waiting to start (not held by a pause) raise one alert when there are more than `maxWaiting` of them
         * or the oldest has waited longer than `maxWaitMinutes`, and another only after the queue is back within
         * both. The queue holds one job per source, so `maxWaiting` matters with many sources. 0 turns either off.
         */
        queueBacklog: z
          .strictObject({
            maxWaiting: z.number().int().min(0).max(10_000).default(10),
            maxWaitMinutes: z.number().min(0).max(7 * 24 * 60).default(30),
          })
          .default({ maxWaiting: 10, maxWaitMinutes: 30 }),
        /** Coming back online after an outage at least this long raises a back-online alert; 0 turns it off. */
        backOnlineAfterMinutes: z.number().min(0).max(7 * 24 * 60).default(30),
      })
      .default({
        consecutiveFailures: 3,
        staleAfterHours: 24,
        errorRate: { threshold: 0.5, windowRuns: 10, minRuns: 4 },
        queueBacklog: { maxWaiting: 10, maxWaitMinutes: 30 },
        backOnlineAfterMinutes: 30,
      }),
    /** Desktop notifications per kind, and a global mute (src-shared/notifications.ts). */
    notifications: notificationSettings,
    /** Desktop auto-update (src-shared/updates.ts); off without a feed. */
    updates: updateSettings,
    logging: z
      .strictObject({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        /** The log file is rotated when it reaches this size… */
        maxFileMb: z.number().min(0.01).max(1024).default(10),
        /** …keeping this many old files (syncflow.log.1 is the newest). */
        keepFiles: z.number().int().min(1).max(100).default(5),
      })
      .default({ level: 'info', maxFileMb: 10, keepFiles: 5 }),
    deletes: z
      .strictObject({
        /** A full sync that would delete more than this share of a source's records stops as needs_review. */
        maxShare: z.number().min(0).max(1).default(0.2),
      })
      .default({ maxShare: 0.2 }),
    /** Per entity: the match rule linking records of several sources, and the conflict policy (catalogConfig.ts). */
    catalog: catalogConfig,
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.sources.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `duplicate source name "${s.name}"` });
      seen.add(s.name);
      const pgProblem = s.kind === 'postgres' ? postgresTargetProblem(s) : null;
      if (pgProblem) ctx.addIssue({ code: 'custom', path: ['sources', i, 'table' in s && s.table ? 'query' : 'table'], message: pgProblem });
      const fields = 'mapping' in s && s.mapping ? Object.keys(s.mapping.fields) : [];
      if (s.entity === 'products') {
        for (const f of fields) {
          if (!(productFields as readonly string[]).includes(f)) {
            ctx.addIssue({ code: 'custom', path: ['sources', i, 'mapping', 'fields', f], message: `not a product field; use one of ${productFields.join(', ')}, or customFields` });
          }
        }
      } else if ('mapping' in s && !fields.includes('id') && s.kind !== 'postgres' && s.kind !== 'mongodb') {
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'mapping', 'fields', 'id'], message: `required: which source field is the key of each ${s.entity} record` });
      }
    });
    checkTargets(cfg, seen, ctx);
    for (const p of catalogProblems(cfg.catalog, cfg.sources)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
    const parents = new Map(cfg.sources.map((s) => [s.name, s.dependsOn ?? []]));
    cfg.sources.forEach((s, i) => {
      (s.dependsOn ?? []).forEach((p, j) => {
        if (!parents.has(p)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'dependsOn', j], message: `no source named "${p}"` });
      });
      // Walk up the parents: reaching the source itself means the dependencies form a cycle.
      const stack = [...(s.dependsOn ?? [])];
      const visited = new Set<string>();
      while (stack.length > 0) {
        const p = stack.pop()!;
        if (p === s.name) {
          ctx.addIssue({ code: 'custom', path: ['sources', i, 'dependsOn'], message: `"${s.name}" depends on itself through its parents` });
          break;
        }
        if (visited.has(p)) continue;
        visited.add(p);
        stack.push(...(parents.get(p) ?? []));
      }
    });
  });
export type SyncflowConfig = z.infer<typeof syncflowConfig>;

/** Target names are unique and differ from source names (both name runs in the history); links name a source. */
function checkTargets(cfg: { targets: { name: string; source?: string | undefined }[] }, sourceNames: Set<string>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  cfg.targets.forEach((t, i) => {
    if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `duplicate target name "${t.name}"` });
    else if (sourceNames.has(t.name)) {
      ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `"${t.name}" already names a source; give the target its own name` });
    }
    seen.add(t.name);
    if (t.source && !sourceNames.has(t.source)) {
      ctx.addIssue({ code: 'custom', path: ['targets', i, 'source'], message: `no source named "${t.source}"; name the source that reads the same system` });
    }
  });
}

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
    if (issue.path[0] === 'targets') return 'unknown kind; expected one of: postgres, rest, file, salesforce';
    return 'unknown kind; expected one of: rest, ploomes, demo, salesforce, legacy4d, file, postgres, mongodb';
  }
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}; check the spelling`;
  return issue.message;
}

export { secretRef };
