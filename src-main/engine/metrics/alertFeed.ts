// Where the alert monitor's alerts go: stored in the alert history, logged, and sent to every face; a condition
// that cleared resolves its open alerts and says so with an `alertResolved` event.
import type { Alert, AlertKind } from '../../../src-shared/domain.js';
import type { EngineEvents } from '../events.js';
import type { Logger } from '../logging/logger.js';
import type { Db } from '../store/database.js';
import { AlertStore, type AlertQuery } from '../store/alertStore.js';

export class AlertFeed {
  private readonly store: AlertStore;

  constructor(
    db: Db,
    private readonly events: EngineEvents,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.store = new AlertStore(db);
  }

  raise(alert: Alert): void {
    const stored = this.store.raise(alert);
    this.log.warn(`alert: ${alert.message}`, { source: alert.source, ...(alert.runId ? { runId: alert.runId } : {}) });
    this.events.emit('alert', stored);
  }

  resolve(kinds: readonly AlertKind[], source: string): void {
    for (const alert of this.store.resolve(kinds, source, new Date(this.now()).toISOString())) {
      this.log.info(`alert resolved: ${alert.message}`, { source: alert.source });
      this.events.emit('alertResolved', alert);
    }
  }

  list(q: AlertQuery): Alert[] {
    return this.store.list(q);
  }
}
