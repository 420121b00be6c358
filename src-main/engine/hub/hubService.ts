// The hub's contract methods (src-shared/hubApi.ts): conflicts, pins and provenance, each write in one transaction,
// the record cache told after the commit.
import { ApiInputError, type MethodResult, type ParsedInput } from '../../../src-shared/api.js';
import { ALL_SOURCES } from '../../../src-shared/domain.js';
import type { AlertFeed } from '../metrics/alertFeed.js';
import type { Db } from '../store/database.js';
import { HubInputError, type CatalogHub } from './catalogHub.js';

export interface HubServiceDeps {
  db: Db;
  hub: CatalogHub;
  cache: { invalidate(keys: Iterable<string>): void };
  now: () => string;
}

export class HubService {
  constructor(private readonly d: HubServiceDeps) {}

  private guarded<T>(method: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof HubInputError) throw new ApiInputError(method, [err.message]);
      throw err;
    }
  }

  listConflicts = async (i: ParsedInput<'listConflicts'>): Promise<MethodResult<'listConflicts'>> =>
    this.d.hub.links.listConflicts({ status: i.status, limit: i.limit, ...(i.entity ? { entity: i.entity } : {}), ...(i.beforeId ? { beforeId: i.beforeId } : {}) });

  resolveConflict = async (i: ParsedInput<'resolveConflict'>): Promise<MethodResult<'resolveConflict'>> => {
    const c = this.guarded('resolveConflict', () => this.d.db.transaction(() => this.d.hub.resolve(i.id, i.picks, this.d.now()))());
    this.d.cache.invalidate([c.recordId]);
    return c;
  };

  pinField = async (i: ParsedInput<'pinField'>): Promise<MethodResult<'pinField'>> => {
    const key = this.guarded('pinField', () => this.d.db.transaction(() => this.d.hub.pin(i.entity, i, i.field, i.value, this.d.now()))());
    this.d.cache.invalidate([key.id]);
    return this.d.hub.provenance(i.entity, key)!;
  };

  unpinField = async (i: ParsedInput<'unpinField'>): Promise<MethodResult<'unpinField'>> => {
    const key = this.guarded('unpinField', () => this.d.db.transaction(() => this.d.hub.unpin(i.entity, i, i.field, this.d.now()))());
    this.d.cache.invalidate([key.id]);
    return this.d.hub.provenance(i.entity, key)!;
  };

  getProvenance = async (i: ParsedInput<'getProvenance'>): Promise<MethodResult<'getProvenance'>> => this.d.hub.provenance(i.entity, i);
}

/** Keeps one alert open while conflicts wait for an operator (the desktop notifies on alerts). `open` is the count
 * already waiting when the engine opens: those were alerted before a restart and are not alerted again. */
export function conflictAlerts(feed: () => AlertFeed, now: () => string, open: number): (open: number) => void {
  let last = open;
  return (open) => {
    const more = open > last;
    last = open;
    if (open > 0 && more) {
      feed().raise({
        kind: 'conflict',
        level: 'warning',
        source: ALL_SOURCES,
        message: `${open} catalog record(s) wait for review: their sources disagree (Conflicts)`,
        at: now(),
      });
    } else if (open === 0) feed().resolve(['conflict'], ALL_SOURCES);
  };
}
