// What the webhook receiver did per source since the agent started: events that queued a run, events acknowledged
// without one (another entity type, a repeat) and refusals. Shown in status so an operator can tell a quiet sender
// from one whose events are all Deals.
import type { WebhookEventCounts } from '../../../src-shared/syncOps.js';

export class WebhookEvents {
  private readonly bySource = new Map<string, WebhookEventCounts>();

  constructor(private readonly now: () => number = Date.now) {}

  private entry(source: string): WebhookEventCounts {
    let e = this.bySource.get(source);
    if (!e) this.bySource.set(source, (e = { source, accepted: 0, ignored: {}, duplicates: 0, rejected: 0, lastAt: null }));
    e.lastAt = new Date(this.now()).toISOString();
    return e;
  }

  accepted(source: string): void {
    this.entry(source).accepted++;
  }

  ignored(source: string, why: { duplicate: true } | { entityType: string }): void {
    const e = this.entry(source);
    if ('duplicate' in why) e.duplicates++;
    else e.ignored[why.entityType] = (e.ignored[why.entityType] ?? 0) + 1;
  }

  rejected(source: string): void {
    this.entry(source).rejected++;
  }

  list(): WebhookEventCounts[] {
    return [...this.bySource.values()].map((e) => ({ ...e, ignored: { ...e.ignored } }));
  }
}
