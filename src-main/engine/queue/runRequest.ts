// Turns a queued job into the pipeline's request: the source's retry policy, the delete guard, the job's options,
// and a signal that fires on cancel or when the run's overall deadline passes.
import type { SourceConfig, SyncflowConfig } from '../../../src-shared/config.js';
import type { Connector } from '../connectors/types.js';
import type { RunRequest } from '../pipeline/syncPipeline.js';
import type { RunTrigger } from '../../../src-shared/domain.js';
import type { Urgency } from '../../../src-shared/syncOps.js';
import type { Job, Priority } from './jobQueue.js';
import { runSegment } from '../segments/segments.js';

/** The plan's six-hour rule: a Ploomes incremental more than 6 hours after the last sync becomes a full one. */
export const PLOOMES_MAX_AGE_HOURS = 6;

export function runSignal(cancel: AbortSignal, deadlineMs: number): AbortSignal {
  return deadlineMs > 0 ? AbortSignal.any([cancel, AbortSignal.timeout(deadlineMs)]) : cancel;
}

export function runRequest(config: SyncflowConfig, source: SourceConfig, connector: Connector, job: Job, signal: AbortSignal): RunRequest {
  const { resilience, deletes } = config;
  return {
    source,
    connector,
    trigger: job.trigger,
    full: job.full ?? false,
    signal,
    retry: {
      maxRetries: source.maxRetries ?? resilience.maxRetries,
      baseDelayMs: resilience.baseDelayMs,
      maxDelayMs: resilience.maxDelayMs,
    },
    maxDeleteShare: deletes.maxShare,
    allowMassDelete: job.options?.allowMassDelete ?? false,
    dryRun: job.options?.dryRun ?? false,
    ...(job.ids ? { ids: job.ids } : {}),
    ...(job.urgency ? { urgency: job.urgency } : {}),
    maxAgeHours: source.incrementalMaxAgeHours ?? (source.kind === 'ploomes' ? PLOOMES_MAX_AGE_HOURS : null),
    ...(job.segment ? { segment: runSegment(source, job.segment, connector) } : {}),
  };
}

/** Queue priority: a critical request goes first and a low one last; otherwise the trigger decides. */
export const priorityOf = (trigger: RunTrigger, urgency: Urgency = 'normal'): Priority =>
  urgency === 'critical' ? 'critical' : urgency === 'low' ? 'backfill' : trigger === 'webhook' ? 'realtime' : trigger === 'schedule' ? 'scheduled' : 'manual';

export interface SyncOptions {
  source?: string;
  full?: boolean;
  trigger?: RunTrigger;
  /** Report what would change without writing. */
  dryRun?: boolean;
  /** Apply the deletes of a full sync even above the mass-delete guard. */
  allowMassDelete?: boolean;
  /** Records to refresh (realtime strategy when few and the connector can fetch by id). */
  ids?: string[];
  /** Queue priority; by default from the urgency and the trigger. */
  priority?: Priority;
  /** low | normal | critical (queue priority, and whether named records are fetched one by one). */
  urgency?: Urgency;
  /** One segment of the source. */
  segment?: string;
}
