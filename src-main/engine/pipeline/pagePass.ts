// Step 2 of a sync run: stream the result set page by page from `start`, committing each page with its checkpoint;
// a transient failure retries from the last committed page (keyset: after its last key; otherwise by count).
import { classifyError } from '../errors.js';
import { retryFromCheckpoint } from './batchLoop.js';
import type { CommitPage } from './pageCommit.js';
import { passWatermark } from './watermark.js';
import { newShiftWatch, watchPage } from './incrementalShift.js';
import type { SyncRunState } from './runPlan.js';

/**
 * Lists the source once more from the start (a pass that came up short, delete candidates to confirm, a shifted
 * incremental). An invalid record is quarantined by each listing that reads it, so it counts once.
 */
export async function relist(s: SyncRunState, commitPage: CommitPage): Promise<void> {
  const quarantined = s.counts.quarantined;
  await pagePass(s, commitPage, 0);
  s.counts.quarantined = Math.max(quarantined, s.counts.quarantined - quarantined);
}

export async function pagePass(s: SyncRunState, commitPage: CommitPage, start: number): Promise<void> {
  const { deps, req, name } = s;
  let position = start;
  if (start === 0) {
    s.lastKey = null;
    s.shift = newShiftWatch();
    s.keyless.listing = 0;
  }
  await retryFromCheckpoint(
    async (committed) => {
      // Restarting part-way without a key skips records by count: that listing proves no delete.
      if (position > 0 && s.lastKey === null) s.resumedListing = true;
      for await (const page of req.connector.pages({
        strategy: s.plan.strategy === 'incremental' ? 'incremental' : 'full',
        cursor: s.checkpoint?.cursor ?? null,
        startOffset: position,
        // Null from the start: a pass from 0 resets it, and it is set only once a page committed.
        startKey: s.lastKey,
        signal: req.signal,
        // Record bytes where unchanged ones can be skipped by hash (not a segment: it maps every record).
        raw: s.rawRecords !== null,
        ...(s.segment?.vendorFilter ? { filter: s.segment.vendorFilter } : {}),
      })) {
        req.signal.throwIfAborted();
        s.watermark ??= passWatermark(s.localStart, page.vendorTime);
        watchPage(s.shift, page);
        if (page.note && !s.notes.includes(page.note)) s.notes.push(page.note);
        s.counts.fetched += page.records.length;
        s.fetchedInRun += page.records.length;
        s.lastTotal = page.total;
        position = page.offset + page.records.length;
        const changed = commitPage(page, position, s.now());
        // Counted once committed: a page that failed to commit is read again.
        s.keyless.listing += s.keyless.page;
        s.keyless.most = Math.max(s.keyless.most, s.keyless.listing);
        s.lastKey = page.lastKey ?? s.lastKey;
        if (s.bulk) deps.catalog.pageCommitted();
        // Only after the commit: a reader between commit and invalidation would otherwise cache the old version.
        if (!s.dryRun) deps.cache.invalidate(changed);
        deps.onProgress({ runId: s.runId, source: name, phase: 'fetching', pages: s.pages, fetched: s.fetchedInRun, total: page.total });
        await committed();
      }
      s.listings++;
    },
    {
      retry: s.retry,
      sleep: s.sleep,
      signal: req.signal,
      onRetry: (attempt, wait, err) => {
        s.retries++;
        const e = classifyError(err);
        deps.log.warn(`retry ${attempt}/${s.retry.maxRetries} in ${wait} ms from record ${position} after [${e.class}] ${e.message}`, s.ctx);
        s.explain.retry(`[${e.class}] ${e.message}`, wait, position);
      },
    },
  );
}
