// Building blocks of the declarative source config: auth, pagination, incremental cursor, transforms and
// validation rules. Kept apart from config.ts so each source kind's schema stays readable.
import { z } from 'zod';
import { hasSecretRef, secretRef } from './secretRefSyntax.js';

export { hasSecretRef, secretRef, secretRefIn } from './secretRefSyntax.js';
export const secret = z.string().regex(secretRef, 'write it as ${env:VARIABLE} (or ${file:PATH}, ${keychain:NAME}), never the value itself');

/** Parameter and header names that carry credentials. */
export const credentialName = /key|token|secret|authorization|password|passwd|credential|signature/i;
/**
 * A literal that reads like a credential rather than a setting (`sort_key: name` is a setting): no spaces, 8 or
 * more characters, digits among them, or 20 or more characters of any kind.
 */
export function looksLikeCredential(v: string): boolean {
  const word = v.replace(/^(bearer|basic|token)\s+/i, '');
  if (/\s/.test(word) || hasSecretRef(word)) return false;
  return (word.length >= 8 && /\d/.test(word)) || word.length >= 20;
}

/** Query parameters sent on every request: credential-like ones must be references, never literals in the file. */
export const queryParams = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  for (const [name, v] of Object.entries(value)) {
    if (credentialName.test(name) && looksLikeCredential(v)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'looks like a credential; write it as ${env:VARIABLE} and set the variable instead of putting the value in the file',
      });
    }
  }
});

/** An absolute http(s) URL, or one built from references (`${env:ERP_URL}`) checked once they are resolved. */
export const urlOrRef = (message: string) =>
  z.string().superRefine((v, ctx) => {
    if (hasSecretRef(v)) return;
    if (!z.url().safeParse(v).success) ctx.addIssue({ code: 'custom', message });
    else if (/[?&][^=&]*(key|token|secret|password|signature)[^=&]*=(?!\$\{)/i.test(v))
      ctx.addIssue({ code: 'custom', message: 'carries a credential in its query; put it under query: as ${env:VARIABLE}' });
  });

/** The Salesforce org and OAuth2 settings a salesforce source and a salesforce target share. */
export const salesforceConnection = (credential: z.ZodString) => ({
  /** The org's My Domain URL (https://acme.my.salesforce.com). */
  instanceUrl: urlOrRef('expected the org URL such as https://acme.my.salesforce.com'),
  /** Where tokens come from; defaults to the instance. */
  loginUrl: urlOrRef('expected an absolute URL such as https://login.salesforce.com').optional(),
  apiVersion: z.string().regex(/^v\d+\.\d$/, 'expected a version such as v60.0').default('v60.0'),
  grant: z.enum(['client_credentials', 'password']).default('client_credentials'),
  clientId: z.string().min(1),
  clientSecret: credential,
  username: z.string().optional(),
  password: credential.optional(),
  object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected an sObject name such as Product2').default('Product2'),
});

/** `500ms`, `30s`, `5m`, `2h`, `7d`. */
export const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 5m, 2h or 7d');
const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * unitMs[m[2] as keyof typeof unitMs];
}

export const auth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('apiKey'),
    in: z.enum(['header', 'query']).default('header'),
    name: z.string().min(1),
    value: secret,
  }),
  z.strictObject({ type: z.literal('bearer'), token: secret }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), password: secret }),
  z.strictObject({
    type: z.literal('oauth2'),
    grant: z.enum(['client_credentials', 'password']),
    tokenUrl: urlOrRef('expected the absolute URL of the token endpoint'),
    clientId: z.string().min(1),
    clientSecret: secret,
    username: z.string().optional(),
    password: secret.optional(),
    scope: z.string().optional(),
  }),
]);
export type AuthConfig = z.infer<typeof auth>;

const pageSize = z.number().int().min(1).max(10_000).default(100);
const sizeParam = z.string().min(1).optional();
export const pagination = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('offset'),
    limitParam: z.string().default('limit'),
    offsetParam: z.string().default('offset'),
    pageSize,
    /** Where the source reports the total count, if it does (e.g. `@odata.count`). */
    totalPath: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('page'),
    pageParam: z.string().default('page'),
    sizeParam,
    pageSize,
    firstPage: z.number().int().min(0).default(1),
    totalPath: z.string().optional(),
  }),
  /** A token from the body goes back as a query parameter. */
  z.strictObject({
    type: z.literal('cursor'),
    cursorPath: z.string().min(1),
    cursorParam: z.string().min(1),
    sizeParam,
    pageSize,
  }),
  /** RFC 8288 `Link: <…>; rel="next"`. */
  z.strictObject({ type: z.literal('link'), sizeParam, pageSize }),
  /** A next URL in the body: OData `@odata.nextLink`, Salesforce `nextRecordsUrl`. */
  z.strictObject({ type: z.literal('nextUrl'), nextPath: z.string().min(1), sizeParam, pageSize }),
  /**
   * Keyset: the source returns records in ascending order of a stable key, and the next page asks for keys after
   * the last one (`after=123`, or OData `$filter: Id gt 123`). Deletes elsewhere cannot shift it.
   */
  z.strictObject({
    type: z.literal('keyset'),
    /** Where the key is in a record. */
    keyPath: z.string().min(1),
    /** The query parameter that carries it; a value already there (an OData `$filter`) is ANDed with it. */
    keyParam: z.string().min(1),
    keyTemplate: z.string().includes('{key}').default('{key}'),
    sizeParam,
    pageSize,
  }),
  z.strictObject({ type: z.literal('none') }),
]);
export type PaginationConfig = z.infer<typeof pagination>;

export const cursorFormats = ['iso', 'epoch_s', 'epoch_ms', 'date'] as const;
export const incremental = z
  .strictObject({
    /** Source field that grows on every change (e.g. LastUpdateDate). */
    cursorField: z.string().min(1),
    /** How the cursor reaches the request: a query parameter template, an OData $filter or a SOQL WHERE. */
    in: z.enum(['query', 'odata', 'soql']).default('query'),
    /** Query parameter that carries the filter (`in: query`). */
    param: z.string().min(1).optional(),
    /** The parameter's value; `{cursor}` is replaced by the last cursor seen. */
    template: z.string().includes('{cursor}', { message: 'must contain {cursor}' }).optional(),
    format: z.enum(cursorFormats, { message: `expected one of ${cursorFormats.join(', ')}` }).default('iso'),
    /** Re-read this far behind the cursor, for records written late or sharing the cursor value. */
    lookback: duration.optional(),
    /** A cursor older than this makes the next sync a full one. */
    maxAge: duration.optional(),
    /** Extra query parameters for incremental requests, e.g. an ordering so pages follow the cursor. */
    query: queryParams.default({}),
  })
  .superRefine((v, ctx) => {
    if (v.in === 'query' && (!v.param || !v.template)) {
      ctx.addIssue({ code: 'custom', path: [v.param ? 'template' : 'param'], message: 'required when in is query' });
    }
  });
export type IncrementalConfig = z.infer<typeof incremental>;

export const byIds = z.strictObject({
  param: z.string().min(1),
  /** `{ids}` becomes the ids joined by `separator`, e.g. `Id in ({ids})` (OData) or `{ids}` (`?ids=1,2`). */
  template: z.string().includes('{ids}', { message: 'must contain {ids}' }),
  separator: z.string().default(','),
  /** Put each id in single quotes (string keys in OData/SOQL). */
  quote: z.boolean().default(false),
});

export const requestControls = z.strictObject({
  /** At most this many requests per minute (Ploomes: 120). */
  requestsPerMinute: z.number().min(0.1).max(100_000).optional(),
  /** At least this long between two requests (ms). */
  minIntervalMs: z.number().int().min(0).max(600_000).optional(),
  /** Send If-None-Match / If-Modified-Since and reuse the stored body on 304. */
  conditional: z.boolean().default(false),
  /**
   * Requests in flight while a page is written (offset and page-number paging with a total; other kinds keep one).
   * More lets the source work while Syncflow writes; rate limits above still hold.
   */
  prefetch: z.number().int().min(1).max(8).optional(),
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const transformStep = z.union([z.string().min(1), z.looseObject({ name: z.string().min(1) })]);
export type TransformStep = z.infer<typeof transformStep>;

export const fieldSpec = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1).optional(),
    const: scalar.optional(),
    default: scalar.optional(),
    /** A named transform, or a list applied in order: `trim`, `{name: number, locale: pt-BR}`, `{name: lookup, table: …}`. */
    transform: z.union([transformStep, z.array(transformStep)]).optional(),
  }),
]);
export type FieldSpec = z.infer<typeof fieldSpec>;

export const validationRule = z.strictObject({
  /** A catalog field (`code`, `price`) or `customFields.<name>`. */
  field: z.string().min(1),
  required: z.boolean().optional(),
  type: z.enum(['string', 'number', 'boolean', 'date']).optional(),
  regex: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  enum: z.array(scalar).optional(),
  /** No two records of one page share the value. */
  unique: z.boolean().optional(),
  /** A check registered in code with registerValidator(name, fn). */
  custom: z.string().optional(),
});
export type ValidationRule = z.infer<typeof validationRule>;
