// Domain types shared by the engine, the faces and the renderer. Plain data only: no Node, DOM or Electron.

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
  /** Catalog bookkeeping, filled by the store. */
  syncVersion: number;
  firstSeenAt: string;
  lastSyncedAt: string;
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

export interface SearchResult {
  total: number;
  items: ProductHit[];
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor?: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';
export type SyncStrategy = 'full' | 'incremental' | 'realtime';
export type RunTrigger = 'manual' | 'schedule' | 'startup' | 'cli' | 'webhook';
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
}

export interface AgentStatus {
  version: string;
  dataDir: string;
  demo: boolean;
  sources: SourceStatus[];
  catalog: { products: number };
  cache: { hits: number; misses: number; size: number };
  running: Progress[];
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
