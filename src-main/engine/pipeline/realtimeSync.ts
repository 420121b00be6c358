// Real-time refresh of a few records a webhook named: fetch them by id, load them in one transaction, and
// tombstone the ids the source no longer returns (deleted there).
import { isHTTPError } from '../http/got.js';
import type { MappedProduct, RunCounts } from '../../../src-shared/domain.js';
import type { Connector } from '../connectors/types.js';
import type { CatalogStore } from '../store/catalogStore.js';
import type { Db } from '../store/database.js';
import type { RunStore } from '../store/runStore.js';
import { MappingError, mapProduct, sourceKey } from './mapping.js';
import { prepareProduct } from './checksum.js';
import type { CatalogHub } from '../hub/catalogHub.js';

const outcomeOf = (r: { created: number; updated: number }) => (r.created ? 'created' : r.updated ? 'updated' : 'unchanged');

export async function refreshByIds(
  deps: { db: Db; catalog: CatalogStore; hub?: CatalogHub; runs: RunStore; cache: { invalidate(keys: Iterable<string>): void } },
  req: { source: string; connector: Connector & { fetchByIds(ids: string[], signal?: AbortSignal): Promise<unknown[]> }; ids: string[]; runId: number; signal?: AbortSignal },
  counts: RunCounts,
  at: string,
  /** Tombstone the ids the source did not return (a webhook's refresh); a full pass's proof decides itself. */
  deleteMissing = true,
): Promise<Set<string>> {
  const records = await req.connector.fetchByIds(req.ids, req.signal);
  req.signal?.throwIfAborted();
  counts.fetched += records.length;
  const returned = new Set<string>();
  const changed = deps.db.transaction(() => {
    const touched: string[] = [];
    for (const raw of records) {
      let mapped: MappedProduct;
      try {
        mapped = mapProduct(raw, req.connector.mapping, req.source);
      } catch (err) {
        if (!(err instanceof MappingError)) throw err;
        const key = sourceKey(raw, req.connector.mapping);
        if (key !== undefined && key !== null) returned.add(String(key));
        deps.runs.quarantine(req.source, req.runId, key == null ? null : String(key), err.rule, err.message, raw, at);
        counts.quarantined++;
        continue;
      }
      returned.add(mapped.id);
      const outcome = deps.hub ? outcomeOf(deps.hub.applyPage('products', [prepareProduct(mapped)], req.runId, at)) : deps.catalog.upsert(mapped, req.runId, at);
      counts[outcome]++;
      if (outcome !== 'unchanged') touched.push(mapped.id);
    }
    const missing = req.ids.filter((id) => !returned.has(id));
    const gone = !deleteMissing ? [] : deps.hub ? deps.hub.markDeleted('products', req.source, missing, req.runId, at) : deps.catalog.markDeleted(missing, req.runId, at, req.source);
    counts.deleted += gone.length;
    if (deleteMissing) deps.runs.progress(req.runId, 1, counts);
    return [...touched, ...gone];
  })();
  deps.cache.invalidate(changed);
  return returned;
}

/** Why the source refused a by-id request (a 4xx other than auth, timeout and rate limits), or null. */
export function byIdRefusal(err: unknown): string | null {
  if (!isHTTPError(err)) return null;
  const s = err.response.statusCode;
  if (s < 400 || s >= 500 || s === 401 || s === 403 || s === 408 || s === 429) return null;
  return `fetch by id refused by the source (HTTP ${s})`;
}
