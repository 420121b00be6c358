// Domain types shared by the engine, the faces and the renderer. Plain data only: no Node, DOM or Electron.
import type { WebhookStatus } from './syncOps.js';

import type { RecordProvenance } from './hubTypes.js';

export type ProductType = 'product' | 'service' | 'rental';

export interface Product {
  id: string;
  source: string;
  externalId: string | null;
  name: string;
  code: string | null;
  description: string | null;
  type: ProductType;
  category: string | null;
  subcategory: string | null;
  brand: string | null;
  price: number | null;
  currency: string;
  stock: number | null;
  unit: string | null;
  active: boolean;
  ncm: string | null;
  customFields: Record<string, unknown>;
  sourceUpdatedAt: string | null;
  /** Parent product of a variant (size, colour, model), as the source keys it. */
  parentId?: string | null;
  tags?: string[];
  /** Everything else the source knows: cost price, weight, dimensions, CFOP, availability, service and rental
   * specifications, suppliers. Kept as given, shown in the detail view, exported. */
  details?: ProductDetails;
  /** Catalog bookkeeping, filled by the store. */
  syncVersion: number;
  firstSeenAt: string;
  lastSyncedAt: string;
  /** Linked sources, pins and where each value came from; absent when every value is `source`'s own. */
  provenance?: RecordProvenance;
}

export interface ProductDetails {
  costPrice?: number | null;
  weightKg?: number | null;
  dimensions?: { lengthCm?: number; widthCm?: number; heightCm?: number } | null;
  cfop?: string | null;
  availableForSale?: boolean;
  service?: { durationHours?: number; billingCycle?: string; sla?: string } | null;
  rental?: { dailyRate?: number; weeklyRate?: number; monthlyRate?: number; minimumDays?: number; deposit?: number } | null;
  suppliers?: { name: string; code?: string; leadTimeDays?: number; cost?: number }[];
  variant?: Record<string, string> | null;
}

/** What the store writes; bookkeeping fields are the store's business. */
export type MappedProduct = Omit<Product, 'syncVersion' | 'firstSeenAt' | 'lastSyncedAt'>;

export interface ProductHit {
  id: string;
  name: string;
  code: string | null;
  brand: string | null;
  category: string | null;
  type: ProductType;
  price: number | null;
  currency: string;
  stock: number | null;
  active: boolean;
  /** Name with matched terms wrapped in [[ ]] markers (never HTML). */
  snippet: string | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  /** False when counting stopped at a cap (very common words); `total` is then a lower bound. */
  totalExact?: boolean;
  items: ProductHit[];
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor?: string;
  /** category: top-level categories. tree: category › subcategory counts under the query and every filter but the
   * category itself (so the other categories stay choosable). */
  facets?: { category: FacetCount[]; brand: FacetCount[]; type: FacetCount[]; tree?: CategoryNode[] };
  /** True when the facet counts are estimates from a share of the matches (the UI shows "≈"); else they are exact. */
  facetsApproximate?: boolean;
}

/** A record of an entity other than products: whatever fields its mapping declares. */
export interface EntityRecord {
  entity: string;
  id: string;
  source: string;
  data: Record<string, unknown>;
  sourceUpdatedAt: string | null;
  syncVersion: number;
  firstSeenAt: string;
  lastSyncedAt: string;
  /** Linked sources, pins and where each value came from; absent when every value is `source`'s own. */
  provenance?: RecordProvenance;
}

export interface ProductChange {
  seq: number;
  op: 'created' | 'updated' | 'deleted';
  runId: number | null;
  at: string;
  /** For updates: field → [old, new]. */
  changes: Record<string, [unknown, unknown]> | null;
  /** Who made the change: a source's name, 'operator' (a pin, a review pick), a target. */
  origin?: string | null;
  /** The record's version after the change (absent for changes recorded before versions existed). */
  version?: number | null;
}

export interface CategoryNode {
  name: string;
  /** Live products in this category and everything below it. */
  count: number;
  children: CategoryNode[];
}

export const runStatuses = ['running', 'succeeded', 'failed', 'cancelled', 'skipped', 'needs_review'] as const;
export type RunStatus = (typeof runStatuses)[number];
/** push: a target's run, delivering catalog changes outward. */
export type SyncStrategy = 'full' | 'incremental' | 'realtime' | 'push';
export type RunTrigger = 'manual' | 'schedule' | 'startup' | 'cli' | 'webhook' | 'watch';
export type ErrorClass =
  | 'network'
  | 'timeout'
  | 'rate-limit'
  | 'auth'
  | 'validation'
  | 'server'
  | 'database'
  | 'configuration'
  | 'cancelled'
  | 'unknown';

export interface RunCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
  failed: number;
}

export interface SyncRun {
  id: number;
  source: string;
  trigger: RunTrigger;
  strategy: SyncStrategy;
  strategyReason: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  pages: number;
  counts: RunCounts;
  error: { class: ErrorClass; message: string } | null;
  /** HTTP requests the run made (retries included) and response bytes it received; 0 for file sources. */
  requests: number;
  bytes: number;
  /** Requests retried after a retryable failure. */
  retries?: number;
  /** Nothing was written: the counts say what a real sync would have done. */
  dryRun?: boolean;
  /** What the operator should know about the run: deletes skipped and why, a page size the vendor capped. */
  notes?: string[];
}

export interface Progress {
  runId: number;
  source: string;
  phase: 'fetching' | 'finishing';
  pages: number;
  fetched: number;
  /** Total records the source reported, when it does. */
  total: number | null;
}

export type SourceState = 'idle' | 'syncing' | 'error';

export interface SourceStatus {
  name: string;
  kind: string;
  entity: string;
  state: SourceState;
  lastRun: SyncRun | null;
  lastSuccessAt: string | null;
  /** The source's circuit breaker: open means runs are skipped until openUntil, then one probe is let through. */
  breaker?: { state: 'closed' | 'open' | 'half-open'; consecutiveFailures: number; openUntil: string | null };
  /** When its schedule fires next; null when it has none (or none within a week). */
  nextRunAt?: string | null;
  /** Its segments (the picker beside Sync now): name and words for the UI. */
  segments?: { name: string; label: string | null; describe: string }[];
}

export type AlertKind =
  | 'run-failed'
  | 'consecutive-failures'
  | 'error-rate'
  | 'stale'
  | 'needs-review'
  | 'queue-backlog'
  /** The network came back after an outage longer than alerts.backOnlineAfterMinutes. */
  | 'back-online'
  /** Catalog records whose sources disagree wait for an operator's pick (policy review; listConflicts). */
  | 'conflict';

/** `Alert.source` of alerts about the agent as a whole rather than one source (queue backlog). */
export const ALL_SOURCES = '*';

/** Something an operator should see (the desktop shows it as a notification). */
export interface Alert {
  kind: AlertKind;
  level: 'warning' | 'error';
  /** The source concerned, or ALL_SOURCES ('*'). */
  source: string;
  message: string;
  /** When it was last raised (a repeat moves it). */
  at: string;
  runId?: number;
  /** From the alert history (listAlerts): its id, when first raised, how often, and when it resolved. */
  id?: number;
  raisedAt?: string;
  repeats?: number;
  resolvedAt?: string | null;
}

export interface SourceMetrics {
  source: string;
  /** Over the metrics window (last 24 h of runs). */
  runs: number;
  successRate: number | null;
  avgDurationMs: number | null;
  /** Failed runs by error class. */
  errorsByClass: Partial<Record<ErrorClass, number>>;
  /** Records per second of the last successful run. */
  throughput: number | null;
  /** Seconds since the last successful sync; null when never. */
  freshnessSeconds: number | null;
}

export interface AgentMetrics {
  windowHours: number;
  sources: SourceMetrics[];
  queue: {
    depth: number;
    running: string[];
    /** Sources with a job waiting to start. */
    queued?: string[];
    paused: { all: boolean; allUntil: string | null; sources: { source: string; until: string | null }[] };
    /** How long the oldest job not held by a pause has been waiting to start; null when none waits. */
    oldestWaitSeconds?: number | null;
  };
  cacheHitRatio: number | null;
}

export interface AgentStatus {
  version: string;
  dataDir: string;
  demo: boolean;
  sources: SourceStatus[];
  catalog: { products: number };
  cache: { hits: number; misses: number; evictions?: number; size: number; warming?: CacheWarmReport | null };
  running: Progress[];
  /** Success rate, durations, errors by class, freshness, queue depth, cache hit ratio. */
  metrics?: AgentMetrics;
  /** Where the webhook receiver listens, when enabled. */
  webhookUrl?: string | null;
  /** The receiver's public address and what it did with each source's events (syncOps.ts). */
  webhooks?: WebhookStatus;
  /** The engine worker, when the engine runs in one (serve, desktop). */
  engine?: EngineState;
  /** Offline: automatic runs wait and failures do not count against sources until the network returns. */
  network?: NetworkStatus;
  /** The machine is going to sleep (desktop): automatic runs wait until it wakes. */
  suspended?: boolean;
  /** Catalog records waiting for an operator's pick (policy review): the tray's "needs review". */
  conflicts?: { open: number };
}

/** The engine worker as its host sees it; `restarts` counts restarts after a crash since the host started. */
export interface EngineState {
  state: 'starting' | 'ready' | 'restarting' | 'stopped';
  /** Why it is restarting or stopped (the crash, or the error that kept it from opening). */
  reason?: string;
  restarts: number;
}

/** The last cache warming: what it loaded, and the hit ratio of reads before it (since the previous one) and since. */
export interface CacheWarmReport {
  at: string;
  loaded: { products: number; searches: number };
  /** False when the time budget ended it early. */
  complete: boolean;
  durationMs: number;
  hitRatioBefore: number | null;
  hitRatioAfter: number | null;
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface SourceHealth {
  name: string;
  status: HealthStatus;
  /** Why it is not ok, in words (empty when ok). */
  reasons: string[];
  lastSuccessAt: string | null;
}

/** What a monitoring system polls: the worst source decides. */
export interface HealthReport {
  status: HealthStatus;
  checkedAt: string;
  sources: SourceHealth[];
}

export interface NetworkStatus {
  online: boolean;
  /** When the agent went offline (show "offline since …"); null while online. */
  offlineSince: string | null;
  /** What put it offline (the failed connect or the OS's report); null while online. */
  reason: string | null;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  seq: number;
  time: string;
  level: LogLevel;
  msg: string;
  source?: string;
  runId?: number;
}

export const emptyCounts = (): RunCounts => ({
  fetched: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  quarantined: 0,
  failed: 0,
});

/** Records fetched per second of a finished run's duration; null while running or when it took no time. */
export function runThroughput(run: Pick<SyncRun, 'counts' | 'durationMs'>): number | null {
  if (run.durationMs === null || run.durationMs <= 0) return null;
  return Math.round((run.counts.fetched * 1000) / run.durationMs);
}
