// What unattended operation adds to the engine: the scheduler over the configured cron schedules and, when
// enabled, the webhook receiver. Both feed the engine's one job queue.
import type { SyncflowConfig } from '../../../src-shared/config.js';
import { durationMs } from '../../../src-shared/sourceSchemas.js';
import type { SyncRun } from '../../../src-shared/domain.js';
import { createSecretResolver, type Keychain } from '../config/secrets.js';
import type { Logger } from '../logging/logger.js';
import type { JobRequest } from '../queue/jobQueue.js';
import type { RunStore } from '../store/runStore.js';
import type { WebhookEvents } from '../webhooks/webhookEvents.js';
import { startWebhookServer, type WebhookServer } from '../webhooks/webhookServer.js';
import { priorityOf } from '../queue/runRequest.js';
import { Scheduler } from './scheduler.js';
import { segmentsOf } from '../segments/segments.js';

export interface AgentContext {
  config: SyncflowConfig;
  runs: RunStore;
  log: Logger;
  clock: () => number;
  keychain: Keychain | undefined;
  enqueue: (job: JobRequest) => Promise<SyncRun>;
  /** Records a run that did not happen (a parent failed) and announces it. */
  skipped: (source: string, why: string) => void;
  /** Counts of what the webhook receiver accepted, ignored and refused (status). */
  webhookEvents?: WebhookEvents;
}

/** Entity types whose events start runs: what the source declares, else `Product` for a Ploomes products source. */
export function webhookEntityTypes(s: SyncflowConfig['sources'][number]): string[] | undefined {
  const declared = s.webhook?.entityTypes;
  if (declared) return declared;
  return (s.kind === 'ploomes' || s.kind === 'demo') && s.entity === 'products' ? ['Product'] : undefined;
}

export function createScheduler(ctx: AgentContext): Scheduler {
  // A segment with its own schedule (rentals hourly) is scheduled as `source#segment`, apart from its source.
  const segments = ctx.config.sources.flatMap((s) =>
    Object.entries(segmentsOf(s)).flatMap(([seg, c]) =>
      c.schedule ? [{ name: `${s.name}#${seg}`, cron: c.schedule.cron, ...(c.schedule.timezone ? { timezone: c.schedule.timezone } : {}), dependsOn: [] }] : [],
    ),
  );
  return new Scheduler({
    sources: [
      ...ctx.config.sources.map((s) => ({
        name: s.name,
        ...(s.schedule ? { cron: s.schedule.cron, ...(s.schedule.timezone ? { timezone: s.schedule.timezone } : {}) } : {}),
        dependsOn: s.dependsOn ?? [],
      })),
      ...segments,
    ],
    now: () => new Date(ctx.clock()),
    run: (name) => {
      const [source, segment] = name.split('#') as [string, string | undefined];
      return ctx.enqueue({ source, priority: 'scheduled', trigger: 'schedule', ...(segment ? { segment } : {}) });
    },
    skip: ctx.skipped,
    lastFired: (source) => {
      const at = ctx.runs.lastStartedBy(source, 'schedule');
      return at ? new Date(at) : null;
    },
  });
}

export async function startWebhooks(ctx: AgentContext): Promise<WebhookServer | null> {
  if (!ctx.config.webhooks.enabled) return null;
  const resolve = createSecretResolver(ctx.keychain);
  const where = new Map(ctx.config.sources.map((s, i) => [s.name, { source: s, where: `sources[${i}]` }]));
  const server = await startWebhookServer({
    host: ctx.config.webhooks.host,
    port: ctx.config.webhooks.port,
    verifierFor: (name) => {
      const found = where.get(name);
      const hook = found?.source.webhook;
      if (!found || !hook) return null;
      return {
        secret: resolve(hook.secret, `${found.where}.webhook.secret`),
        verify: hook.verify,
        header: hook.header,
        replayWindowMs: durationMs(hook.replayWindow),
        timestampHeader: hook.timestampHeader,
        urgency: hook.urgency,
        ...(webhookEntityTypes(found.source) ? { entityTypes: webhookEntityTypes(found.source)! } : {}),
      };
    },
    onChange: (source, ids, urgency) => {
      ctx.webhookEvents?.accepted(source);
      void ctx
        .enqueue({ source, priority: priorityOf('webhook', urgency), trigger: 'webhook', ids, urgency })
        .catch((err: unknown) => ctx.log.error(`webhook run: ${String(err)}`, { source }));
    },
    onIgnored: (source, why) => {
      ctx.webhookEvents?.ignored(source, why);
      if ('entityType' in why) ctx.log.debug(`webhook event about ${why.entityType} acknowledged; this source syncs ${webhookEntityTypes(where.get(source)!.source)?.join(', ') ?? 'all'}`, { source });
    },
    onRejected: (source, why) => {
      ctx.webhookEvents?.rejected(source);
      ctx.log.warn(`webhook rejected: ${why}`, { source });
    },
  });
  const pub = ctx.config.webhooks.publicUrl;
  ctx.log.info(`webhook receiver listening at ${server.url}/webhooks/<source>${pub ? `, reached at ${pub.replace(/\/+$/, '')}/webhooks/<source>` : ''}`);
  return server;
}
