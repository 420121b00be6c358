// What waits for an operator: quarantined records (open until dismissed or loaded) and a full sync's deletes held
// for review. Rows are kept after a decision, so history still shows what a run quarantined or would have deleted.
import type { DeleteReview, DeleteReviewStatus, QuarantineItem } from '../../../src-shared/opsTypes.js';
import type { Db } from './database.js';

interface QuarantineRow {
  id: number;
  source: string;
  run_id: number | null;
  record_key: string | null;
  rule: string;
  reason: string;
  payload: string;
  at: string;
  first_seen?: string;
  occurrences?: number;
}

interface ReviewRow {
  run_id: number;
  source: string;
  reason: string;
  live: number;
  missing: number;
  created_at: string;
  status: DeleteReviewStatus;
  decided_at: string | null;
  decided_run_id: number | null;
}

const toItem = (r: QuarantineRow): QuarantineItem => ({
  id: r.id,
  source: r.source,
  runId: r.run_id,
  recordKey: r.record_key,
  rule: r.rule,
  reason: r.reason,
  payload: JSON.parse(r.payload) as unknown,
  firstSeenAt: r.first_seen ?? r.at,
  lastSeenAt: r.at,
  occurrences: r.occurrences ?? 1,
});

// The latest row of each (source, key) group; a row without a key is a group of its own.
const OPEN = `SELECT max(id) AS id FROM quarantine WHERE dismissed_at IS NULL AND resolved_at IS NULL
  GROUP BY source, coalesce(record_key, '#' || id)`;
// A row without a key was seen once (count(*) over `record_key = NULL` would say 0).
const WITH_HISTORY = `SELECT q.*,
  (SELECT min(at) FROM quarantine h WHERE h.source = q.source AND h.record_key = q.record_key) AS first_seen,
  CASE WHEN q.record_key IS NULL THEN 1
    ELSE (SELECT count(*) FROM quarantine h WHERE h.source = q.source AND h.record_key = q.record_key) END AS occurrences
  FROM quarantine q`;

export class ReviewStore {
  constructor(private readonly db: Db) {}

  openQuarantine(opts: { source?: string; limit: number; offset: number }): { items: QuarantineItem[]; total: number } {
    const where = opts.source ? 'AND q.source = ?' : '';
    const params = opts.source ? [opts.source] : [];
    const total = this.db
      .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM quarantine q WHERE q.id IN (${OPEN}) ${where}`)
      .get(...params)!.n;
    const rows = this.db
      .prepare<unknown[], QuarantineRow>(
        `${WITH_HISTORY} WHERE q.id IN (${OPEN}) ${where} ORDER BY q.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, opts.limit, opts.offset);
    return { items: rows.map(toItem), total };
  }

  /** Open entries of one source (no paging: a retry re-validates all of them). */
  openIds(source?: string): number[] {
    return this.db
      .prepare<unknown[], { id: number }>(
        `SELECT id FROM quarantine WHERE id IN (${OPEN}) ${source ? 'AND source = ?' : ''} ORDER BY id`,
      )
      .all(...(source ? [source] : []))
      .map((r) => r.id);
  }

  openCount(source: string): number {
    return this.db
      .prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM quarantine WHERE source = ? AND dismissed_at IS NULL AND resolved_at IS NULL',
      )
      .get(source)!.n;
  }

  get(id: number): QuarantineItem | null {
    const row = this.db.prepare<[number], QuarantineRow>(`${WITH_HISTORY} WHERE q.id = ?`).get(id);
    return row ? toItem(row) : null;
  }

  ofRun(runId: number, limit = 500): QuarantineItem[] {
    return this.db
      .prepare<[number, number], QuarantineRow>(`${WITH_HISTORY} WHERE q.run_id = ? ORDER BY q.id LIMIT ?`)
      .all(runId, limit)
      .map(toItem);
  }

  /** Closes the entry of `id` and every earlier sighting of the same record. */
  close(id: number, how: 'dismissed' | 'resolved', at: string): void {
    const col = how === 'dismissed' ? 'dismissed_at' : 'resolved_at';
    this.db
      .prepare(
        `UPDATE quarantine SET ${col} = ? WHERE ${col} IS NULL AND (id = ? OR (record_key IS NOT NULL AND (source, record_key) =
           (SELECT source, record_key FROM quarantine WHERE id = ?)))`,
      )
      .run(at, id, id);
  }

  /** A retry that failed again: the entry's rule and reason become the current ones. */
  refail(id: number, rule: string, reason: string, at: string): void {
    this.db.prepare('UPDATE quarantine SET rule = ?, reason = ?, at = ? WHERE id = ?').run(rule, reason, at, id);
  }

  /** Records of a source that loaded after all (a later sync): their open entries are resolved. Inside the page's transaction. */
  resolveKeys(source: string, keys: readonly string[], at: string): void {
    // Stryker disable next-line ConditionalExpression: equivalent (an empty list updates nothing; this saves a statement)
    if (keys.length === 0) return;
    this.db
      .prepare(
        `UPDATE quarantine SET resolved_at = ? WHERE source = ? AND resolved_at IS NULL AND dismissed_at IS NULL
         AND record_key IN (SELECT value FROM json_each(?))`,
      )
      .run(at, source, JSON.stringify(keys));
  }

  /** Holds a full sync's deletes for review; an older pending review of the source is superseded by it. */
  holdDeletes(r: {
    runId: number;
    source: string;
    reason: string;
    live: number;
    ids: readonly string[];
    at: string;
  }): void {
    this.supersede(r.source, r.at);
    this.db
      .prepare(
        'INSERT INTO delete_reviews (run_id, source, reason, live, missing, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(r.runId, r.source, r.reason, r.live, r.ids.length, r.at);
    this.db
      .prepare('INSERT OR IGNORE INTO delete_review_ids (run_id, record_id) SELECT ?, value FROM json_each(?)')
      .run(r.runId, JSON.stringify(r.ids));
  }

  /** A later full sync decided the source's deletes itself. */
  supersede(source: string, at: string): void {
    this.db
      .prepare(
        `UPDATE delete_reviews SET status = 'superseded', decided_at = ? WHERE source = ? AND status = 'pending'`,
      )
      .run(at, source);
  }

  decide(runId: number, status: 'approved' | 'rejected', at: string, decidedRunId: number | null): void {
    this.db
      .prepare('UPDATE delete_reviews SET status = ?, decided_at = ?, decided_run_id = ? WHERE run_id = ?')
      .run(status, at, decidedRunId, runId);
  }

  reviews(opts: { status?: DeleteReviewStatus; source?: string; runId?: number; limit: number }): DeleteReview[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const filters: [string, string | number | undefined][] = [
      ['status = ?', opts.status],
      ['source = ?', opts.source],
      ['run_id = ?', opts.runId],
    ];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      params.push(value);
    }
    const rows = this.db
      .prepare<unknown[], ReviewRow>(
        `SELECT * FROM delete_reviews ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY run_id DESC`,
      )
      .all(...params);
    return rows.map((r) => ({
      runId: r.run_id,
      source: r.source,
      reason: r.reason,
      live: r.live,
      missing: r.missing,
      createdAt: r.created_at,
      status: r.status,
      decidedAt: r.decided_at,
      decidedRunId: r.decided_run_id,
      records: this.reviewRecords(r.run_id, opts.limit),
    }));
  }

  private reviewRecords(runId: number, limit: number): DeleteReview['records'] {
    return this.db
      .prepare<[number, number], { id: string; name: string | null; code: string | null }>(
        `SELECT d.record_id AS id, p.name AS name, p.code AS code FROM delete_review_ids d
         JOIN delete_reviews r ON r.run_id = d.run_id
         LEFT JOIN products p ON p.id = d.record_id AND p.source = r.source WHERE d.run_id = ? ORDER BY d.record_id LIMIT ?`,
      )
      .all(runId, limit);
  }

  /**
   * Ids held by a review that are still live and were not synced again after it (a record an incremental sync
   * touched since is evidently still at the source).
   */
  deletableIds(runId: number, source: string, heldAt: string): string[] {
    return this.db
      .prepare<[number, string, string], { id: string }>(
        `SELECT p.id FROM delete_review_ids d JOIN products p ON p.id = d.record_id
         WHERE d.run_id = ? AND p.source = ? AND p.deleted_at IS NULL AND p.last_synced_at <= ?`,
      )
      .all(runId, source, heldAt)
      .map((r) => r.id);
  }
}
