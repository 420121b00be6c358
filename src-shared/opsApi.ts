// Contract methods of the operator screens (Problems, History, Activity, Settings), spread into `apiMethods`.
// Kept in their own table so api.ts stays a short list; everything about them (validation, transports) is the same.
import { z } from 'zod';
import type {
  ConfigUpdateResult,
  ConfigView,
  DeleteReview,
  LogQueryResult,
  QuarantinePage,
  RetryResult,
  RunDetail,
  SchedulePreview,
  TestSourceResult,
} from './opsTypes.js';
import type { SyncRun } from './domain.js';

const returns = <T>() => undefined as unknown as T;
const sourceName = z.string().min(1).max(100);
const rowId = z.number().int().min(1);

export const runTriggers = ['manual', 'schedule', 'startup', 'cli', 'webhook', 'watch'] as const;
export const deleteReviewStatuses = ['pending', 'approved', 'rejected', 'superseded'] as const;
/** A path into syncflow.yaml: keys and list indexes (`['sources', 2, 'schedule', 'cron']`). */
const configPath = z
  .array(z.union([z.string().min(1).max(200), z.number().int().min(0)]))
  .min(1)
  .max(20);
/** Names a secret reference can carry (`${env:NAME}`, `${file:NAME}`, `${keychain:NAME}`). */
export const secretName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'use letters, digits, _, . and - (e.g. PLOOMES_USER_KEY)')
  .max(100);

export const opsMethods = {
  /** Open quarantine entries (latest sighting per record), newest first. */
  listQuarantine: {
    input: z.strictObject({
      source: sourceName.optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    result: returns<QuarantinePage>(),
  },
  /** Re-validates entries against the current config and loads those that pass; `all` takes every open one (of `source`). */
  retryQuarantined: {
    /** `ids`, or `all: true` (of `source`, else of every source); one of the two is required. */
    input: z.strictObject({ ids: z.array(rowId).max(1000).optional(), all: z.boolean().default(false), source: sourceName.optional() }),
    result: returns<RetryResult>(),
  },
  dismissQuarantined: {
    input: z.strictObject({ ids: z.array(rowId).min(1).max(1000) }),
    result: returns<{ dismissed: number }>(),
  },
  /** Full syncs' deletes held for review (pending by default) with the first `limit` records of each list. */
  listDeleteReviews: {
    input: z.strictObject({
      status: z.enum(deleteReviewStatuses).default('pending'),
      source: sourceName.optional(),
      limit: z.number().int().min(0).max(5000).default(200),
    }),
    result: returns<DeleteReview[]>(),
  },
  /** The engine tombstones the listed records (those still live and not synced since), as a run of the source. */
  approveDeletes: {
    input: z.strictObject({ runId: rowId }),
    result: returns<{ run: SyncRun; review: DeleteReview }>(),
  },
  rejectDeletes: { input: z.strictObject({ runId: rowId }), result: returns<DeleteReview>() },
  /** One run with its quarantined records, retries, log lines and held deletes. */
  getRun: {
    input: z.strictObject({ id: rowId, logLimit: z.number().int().min(1).max(5000).default(500) }),
    result: returns<RunDetail | null>(),
  },
  /**
   * The log filtered, newest `limit` lines oldest first, and where the log file is. Read from the log files on
   * disk (the current one and its rotated predecessors) when file logging is on, else from the in-memory tail.
   * `next` in the answer is the `cursor` of the page before it.
   */
  queryLogs: {
    input: z.strictObject({
      level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
      source: sourceName.optional(),
      runId: rowId.optional(),
      text: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(2000).default(200),
      beforeSeq: z.number().int().min(1).optional(),
      cursor: z.string().max(40).optional(),
    }),
    result: returns<LogQueryResult>(),
  },
  getConfig: { input: z.strictObject({}), result: returns<ConfigView>() },
  /**
   * Edits syncflow.yaml (comments and order kept): `set` writes a value at a path (objects are merged key by key,
   * so comments inside stay), `remove` deletes paths. Validated first; nothing is written when anything is wrong.
   * The engine then reloads: schedules, webhooks, sources added or removed; running runs finish on the old config.
   */
  updateConfig: {
    input: z.strictObject({
      set: z
        .array(z.strictObject({ path: configPath, value: z.unknown() }))
        .max(100)
        .default([]),
      remove: z.array(configPath).max(100).default([]),
      validateOnly: z.boolean().default(false),
    }),
    result: returns<ConfigUpdateResult>(),
  },
  /** Fetches one page of a source (configured by name, or as given), maps its first 5 records; writes nothing. */
  testSource: {
    /** `name` of a configured source, or a `source` as it would be written in syncflow.yaml; one is required. */
    input: z.strictObject({ name: sourceName.optional(), source: z.record(z.string(), z.unknown()).optional() }),
    result: returns<TestSourceResult>(),
  },
  /** The next run times of a cron schedule in a time zone. */
  previewSchedule: {
    input: z.strictObject({
      cron: z.string().min(1).max(200),
      timezone: z.string().max(100).optional(),
      count: z.number().int().min(1).max(10).default(3),
    }),
    result: returns<SchedulePreview>(),
  },
  /**
   * Stores a credential write-only and returns the reference to put in the config: the OS keychain in the desktop
   * app, a file readable only by this user in `<data-dir>/secrets` under serve (`${file:<its path>}`).
   */
  storeCredential: {
    input: z.strictObject({ name: secretName, value: z.string().min(1).max(20_000) }),
    result: returns<{ ref: string; store: 'keychain' | 'file'; where: string }>(),
  },
} as const;
