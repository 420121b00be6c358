// Step 2b of a sync run: one page becomes catalog rows. Records unchanged since the last load are found by hash and
// skipped, the rest are mapped (what cannot map is quarantined with its reason, and still counts as seen), written,
// and the source's checkpoint is saved in the same transaction (checkpointedBatch).
import type { SourcePage } from '../connectors/types.js';
import type { PreparedProduct } from '../store/catalogStore.js';
import type { PreparedRecord } from '../store/recordStore.js';
import { checkpointedBatch } from './batchLoop.js';
import { prepareProduct, recordChecksum } from './checksum.js';
import { MappingError, mapProduct, mapRecord, sourceKey } from './mapping.js';
import { parseRecord } from './rawRecords.js';
import type { SyncRunState } from './runPlan.js';
import { capCursor } from './watermark.js';
import { watchIds } from './incrementalShift.js';
import { inSegment } from '../segments/segments.js';

/** Ids of the records a page changed (for the cache). */
export type CommitPage = (page: SourcePage, pageEnd: number, at: string) => string[];

/** Drops the records whose bytes hash as stored; returns the others parsed, with their hashes. */
function skipUnchanged(s: SyncRunState, page: SourcePage, seen: string[]): { records: unknown[]; hashes: string[] | null } {
  const rawRecords = s.rawRecords;
  if (!page.raw || !rawRecords) return { records: page.records, hashes: null };
  const bytes = page.records as Buffer[];
  const all = bytes.map((b) => rawRecords.hash(b));
  // An initial load has nothing to compare with (and a repeated record is caught by applyPage).
  if (s.bulk) return { records: bytes.map((b) => parseRecord(b)), hashes: all };
  const keys = bytes.map((b) => rawRecords.key(b));
  // A key that cannot be read is no stored id: the lookup leaves it out, and finds no hash under it.
  // Stryker disable next-line MethodExpression: equivalent (an undefined id is sent as JSON null, which matches no row)
  const stored: ReadonlyMap<string | undefined, string> = s.deps.catalog.rawHashesByIds(keys.filter((k): k is string => k !== undefined), s.name);
  const records: unknown[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const key = keys[i];
    if (stored.get(key) === all[i]) {
      s.counts.unchanged++;
      seen.push(key!);
      continue;
    }
    records.push(parseRecord(bytes[i]!));
    hashes.push(all[i]!);
  }
  return { records, hashes };
}

/** Maps, quarantines and writes one page; returns the changed ids and the ids seen (quarantined ones included). */
function writePage(s: SyncRunState, page: SourcePage, at: string): { changed: string[]; seen: string[] } {
  const { deps, name, req } = s;
  const prepared: PreparedProduct[] = [];
  const preparedRecords: PreparedRecord[] = [];
  const seen: string[] = [];
  const failed = new Set<string>();
  const { records, hashes } = skipUnchanged(s, page, seen);
  s.keyless.page = 0;
  const stale = s.isProducts ? null : deps.inbound(name, s.entity);
  for (let i = 0; i < records.length; i++) {
    const raw = records[i];
    let mapped: { id: string; sourceUpdatedAt: string | null };
    try {
      if (s.isProducts) {
        const p = mapProduct(raw, req.connector.mapping, name);
        if (s.segment) {
          if (!inSegment(s.segment.config, p)) {
            // Outside the segment: not this run's to write (nor, being seen, to delete).
            seen.push(p.id);
            continue;
          }
          s.segmentSeen++;
          if (p.sourceUpdatedAt && (!s.segmentMax || p.sourceUpdatedAt > s.segmentMax)) s.segmentMax = p.sourceUpdatedAt;
        }
        const item = prepareProduct(p);
        if (hashes) item.rawHash = hashes[i]!;
        prepared.push(item);
        mapped = p;
      } else {
        const r = mapRecord(raw, req.connector.mapping, name);
        if (stale?.(r.id, { id: r.id, ...r.data })) {
          s.counts.unchanged++;
          seen.push(r.id);
          continue;
        }
        preparedRecords.push({ ...r, checksum: recordChecksum(r.data) });
        mapped = r;
      }
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      const key = sourceKey(raw, req.connector.mapping);
      deps.runs.quarantine(name, s.runId, key, err.rule, err.message, raw, at);
      s.counts.quarantined++;
      if (key !== null) {
        // Still in the source: a record that fails validation is quarantined, not deleted from the catalog.
        seen.push(key);
        // Its entry stays open when quarantined entries are resolved (read only then).
        failed.add(key);
      } else s.keyless.page++;
      continue;
    }
    seen.push(mapped.id);
    if (s.plan.strategy === 'incremental' && mapped.sourceUpdatedAt && (!s.cursor || mapped.sourceUpdatedAt > s.cursor)) {
      s.cursor = mapped.sourceUpdatedAt;
    }
  }
  // The index an initial load defers is built once at its end (finishBulkLoad): deferring changes cost, not rows.
  const written = deps.hub
    ? deps.hub.applyPage(s.entity, s.isProducts ? prepared : preparedRecords, s.runId, at, { deferIndex: s.bulk })
    : s.isProducts
      ? deps.catalog.applyPage(prepared, s.runId, at, { deferIndex: s.bulk })
      : deps.records!.applyPage(s.entity, preparedRecords, s.runId, at);
  if (s.resolveQuarantined) deps.reviews!.resolveKeys(name, seen.filter((k) => !failed.has(k)), at);
  s.counts.created += written.created;
  s.counts.updated += written.updated;
  s.counts.unchanged += written.unchanged;
  return { changed: written.changedIds, seen };
}

/** The page writer of a run: each page with its checkpoint in one transaction. */
export function pageCommitter(s: SyncRunState): CommitPage {
  const { deps } = s;
  const commit = checkpointedBatch(
    deps.db,
    (page: SourcePage, _pageEnd: number, at: string) => writePage(s, page, at),
    ({ seen, changed }, page, pageEnd, at) => {
      if (s.trackSeen) s.deletes.markSeen(s.checkpointKey, seen, s.passId);
      if (s.plan.strategy === 'incremental') watchIds(s.shift, seen, changed);
      s.pages++;
      deps.runs.saveCheckpoint({
        source: s.checkpointKey,
        cursor: capCursor(s.cursor, s.watermark),
        fullOffset: s.full ? pageEnd : null,
        fullRunId: s.full ? s.passId : null,
        fullWatermark: s.full ? s.watermark : null,
        fullKey: s.full ? (page.lastKey ?? s.lastKey) : null,
        updatedAt: at,
      });
      deps.runs.progress(s.runId, s.pages, s.counts, s.traffic());
    },
  );
  return (page, pageEnd, at) => commit(page, pageEnd, at).changed;
}
