// Deletes found by a full sync: every id a full pass sees is remembered (per source, in the page's transaction, so
// a resumed pass remembers what the crashed process saw); at the end, live records of the source that the pass did
// not see are the deletes (tombstoned by the catalog), unless that would delete too much.
import type { Db } from '../store/database.js';

export interface DeletePlan {
  /** Live records of the source before deleting. */
  live: number;
  /** Distinct ids the pass saw. */
  seen: number;
  /** Live records the pass did not see. */
  missing: number;
  /** Their ids (computed once: at a million records the anti-join is the expensive part). */
  missingIds: string[];
}

export class FullSyncDeletes {
  private readonly stmts;

  /**
   * `liveIdsSql` lists one source's live ids (`?` = the source) where they are not live products: an entity's
   * records, or the source records a match rule links (hub/catalogHub.ts).
   */
  constructor(
    private readonly db: Db,
    liveIdsSql?: string,
  ) {
    this.stmts = {
      // One statement per page: a statement per id cost more than the insert itself.
      mark: db.prepare(
        'INSERT OR REPLACE INTO full_sync_seen (source, record_id, pass_id) SELECT ?, value, ? FROM json_each(?)',
      ),
      clear: db.prepare('DELETE FROM full_sync_seen WHERE source = ?'),
      seen: db.prepare<[string, number], { n: number }>(
        'SELECT count(*) AS n FROM full_sync_seen WHERE source = ? AND pass_id = ?',
      ),
      live: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM products WHERE source = ? AND deleted_at IS NULL'),
      missing: db.prepare<[string, string, number], { id: string }>(
        `SELECT p.id FROM products p WHERE p.source = ? AND p.deleted_at IS NULL AND NOT EXISTS (
           SELECT 1 FROM full_sync_seen s WHERE s.source = ? AND s.record_id = p.id AND s.pass_id = ?)`,
      ),
    };
    if (liveIdsSql) {
      const live = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM (${liveIdsSql})`);
      const missing = db.prepare<[string, string, number], { id: string }>(
        `SELECT p.id FROM (${liveIdsSql}) p WHERE NOT EXISTS (
           SELECT 1 FROM full_sync_seen s WHERE s.source = ? AND s.record_id = p.id AND s.pass_id = ?)`,
      );
      this.liveOf = (source) => live.get(source)!.n;
      this.missingOf = (source, seenKey, passId) => missing.all(source, seenKey, passId).map((r) => r.id);
    } else {
      this.liveOf = (source) => this.stmts.live.get(source)!.n;
      this.missingOf = (source, seenKey, passId) => this.stmts.missing.all(source, seenKey, passId).map((r) => r.id);
    }
  }

  private readonly liveOf: (source: string) => number;
  private readonly missingOf: (source: string, seenKey: string, passId: number) => string[];

  /** Must run inside the page's transaction. */
  markSeen(source: string, ids: readonly string[], passId: number): void {
    this.stmts.mark.run(source, passId, JSON.stringify(ids));
  }

  clear(source: string): void {
    this.stmts.clear.run(source);
  }

  seenCount(source: string, passId: number): number {
    return this.stmts.seen.get(source, passId)!.n;
  }

  /**
   * `seenKey`: where the pass's seen ids are kept (a segment's pass keeps its own, `source#segment`).
   * `seenAreLive`: every id the pass saw is a live record of the source (no quarantined keys, nothing seen by an
   * earlier, killed run), so as many seen as live means none missing, without the anti-join over every record.
   */
  plan(source: string, passId: number, seenAreLive: boolean, seenKey: string): DeletePlan {
    const live = this.liveOf(source);
    const seen = this.seenCount(seenKey, passId);
    // Stryker disable next-line ObjectLiteral,ArrayDeclaration: a one-listing pass that saw as many as are live saw at least the source's count (else it lists again), so the sweep reads only `missing: 0` here; no record has the id Stryker puts in the list.
    if (seenAreLive && seen === live) return { live, seen, missing: 0, missingIds: [] };
    const missingIds = this.missingOf(source, seenKey, passId);
    return { live, seen, missing: missingIds.length, missingIds };
  }

}

/** Why a full sync's deletes need an operator's look instead of being applied; null when they may go ahead. */
export function massDeleteReason(plan: Omit<DeletePlan, 'missingIds'>, maxShare: number): string | null {
  if (plan.missing === 0) return null;
  if (plan.seen === 0 && plan.live >= 1000) {
    return `the source returned no records where the catalog has ${plan.live}; nothing was deleted`;
  }
  if (plan.missing > plan.live * maxShare) {
    const pct = ((plan.missing / plan.live) * 100).toFixed(1);
    return `the sync would delete ${plan.missing} of ${plan.live} records (${pct}%, above the ${(maxShare * 100).toFixed(0)}% guard); nothing was deleted`;
  }
  return null;
}
