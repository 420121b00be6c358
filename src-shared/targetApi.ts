// Contract methods of targets (outward sync), spread into `apiMethods`: list targets with offset and lag, push now,
// and "sync entity E from source A to targets B and C".
import { z } from 'zod';
import type { SyncRun } from './domain.js';

const returns = <T>() => undefined as unknown as T;
const name = z.string().min(1).max(100);

export interface PushResult {
  target: string;
  status: SyncRun['status'];
  durationMs: number;
  counts: { sent: number; failed: number; skipped: number };
  runId: number | null;
  error?: { class: string; message: string };
}

export interface TargetStatus {
  name: string;
  kind: string;
  entity: string;
  enabled: boolean;
  /** The last change-feed seq delivered. */
  offset: number;
  /** Changes waiting after the offset (all entities; the target's filter may skip some). */
  lag: number;
  lastRun: SyncRun | null;
  breaker: { state: 'closed' | 'open' | 'half-open'; consecutiveFailures: number; openUntil: string | null };
}

export interface EntitySyncResult {
  sync: SyncRun | null;
  pushes: PushResult[];
}

export const targetMethods = {
  listTargets: { input: z.strictObject({}), result: returns<TargetStatus[]>() },
  /** Push now: the named targets, or every enabled one. */
  pushTargets: { input: z.strictObject({ targets: z.array(name).max(100).optional() }), result: returns<PushResult[]>() },
  /** Sync one entity from source `from` into the catalog, then push it to the targets `to`. */
  syncEntity: {
    input: z.strictObject({ entity: z.string().regex(/^[a-z][a-z0-9_]*$/), from: name, to: z.array(name).min(1).max(100) }),
    result: returns<EntitySyncResult>(),
  },
} as const;

/** The CLI's and the contract's one-line summary of a push run. */
export function pushResult(target: string, run: SyncRun | null, fallback?: { class: string; message: string }): PushResult {
  if (!run) return { target, status: 'failed', durationMs: 0, counts: { sent: 0, failed: 0, skipped: 0 }, runId: null, ...(fallback ? { error: fallback } : {}) };
  return {
    target,
    status: run.status,
    durationMs: run.durationMs ?? 0,
    counts: { sent: run.counts.created + run.counts.updated + run.counts.deleted, failed: run.counts.failed, skipped: run.counts.unchanged },
    runId: run.id,
    ...(run.error ? { error: run.error } : {}),
  };
}
