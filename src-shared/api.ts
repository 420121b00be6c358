// The one contract between the UI and the engine. The IPC binding, the preload bridge, the HTTP bridge and the
// renderer client are all derived from `apiMethods` and `apiEvents`: adding a method is one entry here plus its
// engine implementation, and its name in apiIndex.ts (checked below). Inputs are validated with these schemas where
// they are answered: the engine, its worker and reader thread, and the IPC boundary.
import { z } from 'zod';
import { ApiInputError } from './apiError.js';
import type { apiEventList, apiMethodKinds } from './apiIndex.js';
import type {
  AgentMetrics,
  Alert,
  AgentStatus,
  CategoryNode,
  EngineState,
  NetworkStatus,
  EntityRecord,
  HealthReport,
  LogLine,
  ProductChange,
  Product,
  Progress,
  SearchResult,
  SyncRun,
} from './domain.js';
import { runStatuses } from './domain.js';
import { hubMethods } from './hubApi.js';
import { opsMethods, runTriggers } from './opsApi.js';
import { targetMethods } from './targetApi.js';
import { notificationSettingsPatch, type NotificationSettings } from './notifications.js';
import { secretName, type SecretsInfo } from './secrets.js';
import { segmentName, urgency } from './syncOps.js';
import type { UpdateFeed } from './updates.js';

/** Carries a result type through the table without a runtime value. */
const returns = <T>() => undefined as unknown as T;

const sourceName = z.string().min(1).max(100);

export const searchInput = z.strictObject({
  query: z.string().max(500).default(''),
  filters: z
    .strictObject({
      brand: z.string().max(200).optional(),
      /** Matches the category and everything below it. */
      category: z.string().max(200).optional(),
      type: z.enum(['product', 'service', 'rental']).optional(),
      active: z.boolean().optional(),
      inStock: z.boolean().optional(),
      minPrice: z.number().min(0).optional(),
      maxPrice: z.number().min(0).optional(),
      source: z.string().max(100).optional(),
    })
    .default({}),
  /** Relevance when there is a query, name otherwise. */
  sort: z.enum(['relevance', 'name', 'price', 'updated']).optional(),
  /** Direction of a name, price or updated sort: "updated" defaults to newest first, the others to ascending. */
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  /** Also return facet counts (category, brand, type) for this query and filters. */
  facets: z.boolean().default(false),
});

/**
 * `read: true` marks a method that only reads stored data: hosts may answer it from a read-only connection on
 * another thread (src-main/host/readerWorker.ts), so it never waits behind a sync's page commits.
 */
export const apiMethods = {
  getStatus: { input: z.strictObject({}), result: returns<AgentStatus>(), read: true },
  syncNow: {
    input: z.strictObject({
      source: sourceName.optional(),
      full: z.boolean().default(false),
      /** low waits behind other work, critical goes ahead of it (syncOps.ts); normal when absent. */
      urgency: urgency.optional(),
      /** One segment of the source (its `segments:`, or the Ploomes preset's); needs `source`. */
      segment: segmentName.optional(),
    }),
    /** Resolves when the run(s) finish; progress arrives as events meanwhile. */
    result: returns<SyncRun[]>(),
  },
  search: { input: searchInput, result: returns<SearchResult>(), read: true },
  /** A product by its id; `source` picks one when two sources use the same id (a record is source + id). */
  getProduct: { input: z.strictObject({ id: z.string().min(1).max(200), source: sourceName.optional() }), result: returns<Product | null>(), read: true },
  /** A product by its code (SKU), and the variants of a parent product. */
  getProductByCode: { input: z.strictObject({ code: z.string().min(1).max(200) }), result: returns<Product | null>(), read: true },
  listVariants: { input: z.strictObject({ parentId: z.string().min(1).max(200) }), result: returns<Product[]>(), read: true },
  /** The category tree (category › subcategory) with product counts. */
  listCategories: { input: z.strictObject({}), result: returns<CategoryNode[]>(), read: true },
  /** What changed in one product (created / updated with old and new values / deleted), oldest first. */
  productHistory: {
    input: z.strictObject({
      id: z.string().min(1).max(200),
      source: sourceName.optional(),
      since: z.iso.datetime().optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    result: returns<ProductChange[]>(),
    read: true,
  },
  /** Entities the configuration declares (products, customers, invoices, …) and how many records each holds. */
  listEntities: { input: z.strictObject({}), result: returns<{ entity: string; count: number }[]>() },
  /** Search within one non-product entity; the cursor is opaque. */
  searchRecords: {
    input: z.strictObject({
      entity: z.string().regex(/^[a-z][a-z0-9_]*$/),
      query: z.string().max(500).default(''),
      limit: z.number().int().min(1).max(200).default(50),
      cursor: z.string().max(50).optional(),
    }),
    result: returns<{ items: EntityRecord[]; nextCursor?: string }>(),
    read: true,
  },
  getRecord: {
    input: z.strictObject({ entity: z.string().regex(/^[a-z][a-z0-9_]*$/), id: z.string().min(1).max(200), source: sourceName.optional() }),
    result: returns<EntityRecord | null>(),
    read: true,
  },
  /** ok | degraded | down for monitoring (freshness, breakers, last runs), with the reasons per source. */
  getHealth: { input: z.strictObject({}), result: returns<HealthReport>() },
  listRuns: {
    input: z.strictObject({
      source: sourceName.optional(),
      limit: z.number().int().min(1).max(500).default(50),
      status: z.enum(runStatuses).optional(),
      trigger: z.enum(runTriggers).optional(),
      /** Runs to skip (paging, newest first). */
      offset: z.number().int().min(0).optional(),
      /** ISO times bounding when runs started: since inclusive, until exclusive. */
      since: z.iso.datetime().optional(),
      until: z.iso.datetime().optional(),
    }),
    result: returns<SyncRun[]>(),
    read: true,
  },
  tailLogs: {
    input: z.strictObject({
      limit: z.number().int().min(1).max(1000).default(200),
      afterSeq: z.number().int().min(0).optional(),
    }),
    result: returns<LogLine[]>(),
  },
  /** Stops the running sync of one source (or all); committed pages stay, the run ends as cancelled. */
  cancelSync: {
    input: z.strictObject({ source: sourceName.optional() }),
    result: returns<{ cancelled: string[] }>(),
  },
  /**
   * Holds automatic runs (schedules, webhooks, file watches, the sync at start-up) of all sources (or one) until
   * resumed or until the given time; Sync now still runs. Stored, so it holds across restarts.
   */
  pauseSync: {
    input: z.strictObject({ source: sourceName.optional(), until: z.iso.datetime().optional() }),
    result: returns<AgentMetrics['queue']>(),
  },
  resumeSync: {
    input: z.strictObject({ source: sourceName.optional() }),
    result: returns<AgentMetrics['queue']>(),
  },
  /** The alert history, newest first: open alerts (open: true), resolved ones (open: false) or both. */
  listAlerts: {
    input: z.strictObject({
      open: z.boolean().optional(),
      source: z.string().min(1).max(100).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      beforeId: z.number().int().min(1).optional(),
    }),
    result: returns<Alert[]>(),
  },
  ...opsMethods,
  ...targetMethods,
  ...hubMethods,
  /**
   * What the host OS says (desktop: net.isOnline, powerMonitor): offline holds automatic runs until the network is
   * back (checked by a probe); suspended holds them and stops the running ones after their current page, to
   * resume on wake, when missed schedules run once.
   */
  reportSystemState: {
    input: z.strictObject({ online: z.boolean().optional(), suspended: z.boolean().optional() }),
    result: returns<NetworkStatus>(),
  },
  /** Desktop notification switches (per kind, global mute), as stored in the config. */
  getNotificationSettings: { input: z.strictObject({}), result: returns<NotificationSettings>() },
  /** Changes the named switches and writes them to the config file (kept in memory when there is none). */
  setNotificationSettings: { input: notificationSettingsPatch, result: returns<NotificationSettings>() },
  /**
   * `${keychain:NAME}` secrets, write-only: names and "set", never a value. Served by the desktop app (OS
   * keychain through safeStorage); headless agents list none and refuse to store (they read ${env:NAME}).
   */
  listSecrets: { input: z.strictObject({}), result: returns<SecretsInfo>() },
  /** Sets or replaces a secret; where only `basic_text` storage exists, refused unless allowWeakStorage. */
  setSecret: {
    input: z.strictObject({ name: secretName, value: z.string().min(1).max(10_000), allowWeakStorage: z.boolean().default(false) }),
    result: returns<SecretsInfo>(),
  },
  deleteSecret: { input: z.strictObject({ name: secretName }), result: returns<SecretsInfo>() },
  /** The desktop's auto-update feed from the config (`updates.feed`); null turns updates off. */
  getUpdateFeed: { input: z.strictObject({}), result: returns<UpdateFeed | null>() },
} as const;

export const apiEvents = {
  progress: returns<Progress>(),
  runFinished: returns<SyncRun>(),
  log: returns<LogLine>(),
  /** Run failed, N consecutive failures, error rate above threshold, stale data, mass delete waiting for review,
   * queue backlog. */
  alert: returns<Alert>(),
  /** The engine worker started, is ready, crashed and is restarting, or stopped (serve, desktop). */
  engineState: returns<EngineState>(),
  /** The condition behind an open alert cleared (the source synced again, the queue drained…). */
  alertResolved: returns<Alert>(),
  /** The agent went offline or came back. */
  network: returns<NetworkStatus>(),
} as const;

export type ApiMethodName = keyof typeof apiMethods;
export type ApiEventName = keyof typeof apiEvents;
export type MethodInput<M extends ApiMethodName> = z.input<(typeof apiMethods)[M]['input']>;
export type ParsedInput<M extends ApiMethodName> = z.output<(typeof apiMethods)[M]['input']>;
export type MethodResult<M extends ApiMethodName> = (typeof apiMethods)[M]['result'];
export type EventPayload<E extends ApiEventName> = (typeof apiEvents)[E];

// The index the UI-facing threads relay by (apiIndex.ts) names exactly these methods, read flags and events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type TableKinds = { [M in ApiMethodName]: (typeof apiMethods)[M] extends { read: true } ? 'read' : 'call' };
const indexMatchesMethods: Same<TableKinds, { -readonly [M in keyof typeof apiMethodKinds]: (typeof apiMethodKinds)[M] }> = true;
const indexMatchesEvents: Same<ApiEventName, (typeof apiEventList)[number]> = true;
void indexMatchesMethods;
void indexMatchesEvents;

export { apiEventNames, apiMethodNames, ipcChannels, isApiMethod, isReadMethod, readMethodNames, type ReadMethodName } from './apiIndex.js';

/** What the engine implements: inputs arrive already validated (defaults applied). */
export type SyncAgentApi = {
  [M in ApiMethodName]: (input: ParsedInput<M>) => Promise<MethodResult<M>>;
};

/** What a UI client calls: inputs may omit defaulted fields. */
export type SyncAgentClient = {
  [M in ApiMethodName]: (input?: MethodInput<M>) => Promise<MethodResult<M>>;
};

export type EventListener<E extends ApiEventName> = (payload: EventPayload<E>) => void;

export interface EventSubscriber {
  on<E extends ApiEventName>(event: E, listener: EventListener<E>): () => void;
}

/** What the Electron preload exposes as `window.syncflow`: the preload's object `satisfies` it, the renderer reads it. */
export type SyncflowBridge = SyncAgentClient & EventSubscriber;

export { ApiInputError };

/** Validates a boundary-crossing call; throws ApiInputError naming each bad field. */
export function parseApiInput<M extends ApiMethodName>(method: M, input: unknown): ParsedInput<M> {
  const schema = apiMethods[method].input as unknown as z.ZodType<ParsedInput<M>>;
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new ApiInputError(method, parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  return parsed.data;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}
