// A target's durable offset in the change feed and its ledger (what it is known to hold per record). A batch's
// ledger rows and the offset after it are committed in one transaction, after the batch was written to the target:
// a crash in between re-sends the batch (at-least-once), and the writers make a re-send change nothing.
import type { Db } from '../store/database.js';

export interface LedgerEntry {
  hash: string;
  version: number;
}

export class TargetStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      offset: db.prepare<[string], number>('SELECT seq FROM target_offsets WHERE target = ?').pluck(),
      setOffset: db.prepare(
        `INSERT INTO target_offsets (target, seq, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (target) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at`,
      ),
      ledger: db.prepare<[string, string, string], LedgerEntry>(
        'SELECT hash, version FROM target_ledger WHERE target = ? AND entity = ? AND record_id = ?',
      ),
      setLedger: db.prepare(
        `INSERT INTO target_ledger (target, entity, record_id, hash, version) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (target, entity, record_id) DO UPDATE SET hash = excluded.hash, version = excluded.version`,
      ),
      // Only where nothing is known: a record the ledger already has keeps its entry until the batch commits.
      sending: db.prepare(
        `INSERT INTO target_ledger (target, entity, record_id, hash, version) VALUES (?, ?, ?, 'sending', 0)
         ON CONFLICT (target, entity, record_id) DO NOTHING`,
      ),
      firstAfter: db.prepare<[number], string>('SELECT at FROM change_feed WHERE seq > ? ORDER BY seq LIMIT 1').pluck(),
      // Range entries (bulk creations) count as the records they cover.
      lag: db
        .prepare<[number], number>(
          `SELECT coalesce(sum(CASE WHEN record_id = '' THEN last_rowid - first_rowid + 1 ELSE 1 END), 0)
           FROM change_feed WHERE seq > ?`,
        )
        .pluck(),
    };
  }

  /** When the first feed entry after `seq` was written (null when there is none). */
  firstUnreadAt(seq: number): string | null {
    return this.stmts.firstAfter.get(seq) ?? null;
  }

  offset(target: string): number {
    return this.stmts.offset.get(target) ?? 0;
  }

  ledger(target: string, entity: string, id: string): LedgerEntry | null {
    return this.stmts.ledger.get(target, entity, id) ?? null;
  }

  /** Changes after the target's offset (all entities; the target's filter may skip some of them). */
  lag(target: string): number {
    return this.stmts.lag.get(this.offset(target)) ?? 0;
  }

  /** Reads the feed again from the start and forgets what the target holds (a re-send of everything). */
  rewind(target: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM target_offsets WHERE target = ?').run(target);
      this.db.prepare('DELETE FROM target_ledger WHERE target = ?').run(target);
    })();
  }

  /**
   * Records about to be written: from now on the target may hold them, even if the agent dies before the batch
   * commits. Without this a record first sent by a killed push and deleted before the next one would count as
   * never seen, and its delete would never be sent.
   */
  sending(target: string, states: { entity: string; id: string }[]): void {
    this.db.transaction(() => {
      for (const s of states) this.stmts.sending.run(target, s.entity, s.id);
    })();
  }

  /** The batch is delivered: remember what the target holds now and move the offset past it, atomically. */
  commit(target: string, seq: number, entries: { entity: string; id: string; hash: string; version: number }[], now: string, extra?: () => void): void {
    this.db.transaction(() => {
      for (const e of entries) this.stmts.setLedger.run(target, e.entity, e.id, e.hash, e.version);
      this.stmts.setOffset.run(target, seq, now);
      extra?.();
    })();
  }
}
