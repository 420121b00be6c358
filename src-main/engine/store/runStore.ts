// Sync runs, per-source checkpoints and the quarantine of records that could not be loaded.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import type { ErrorClass, RunCounts, RunStatus, RunTrigger, SyncRun, SyncStrategy } from '../../../src-shared/domain.js';
import { emptyCounts } from '../../../src-shared/domain.js';
import type { RunExplanation } from '../../../src-shared/runExplanation.js';

interface RunRow {
  id: number;
  source: string;
  trigger: string;
  strategy: string;
  strategy_reason: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  pages: number;
  counts: string;
  error_class: string | null;
  error_message: string | null;
  retries?: number;
  dry_run?: number;
  requests?: number;
  bytes?: number;
  notes?: string | null;
}

/** The filters of `listRuns` (the contract's input is passed as is, by the engine and by the reader). */
export interface RunListQuery {
  source?: string | undefined;
  status?: RunStatus | undefined;
  trigger?: RunTrigger | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  offset?: number | undefined;
}

export interface Checkpoint {
  source: string;
  /** Incremental cursor: the greatest source update time fully loaded. */
  cursor: string | null;
  /** Position of an unfinished full sync, so a crashed one resumes instead of starting over. */
  fullOffset: number | null;
  fullRunId: number | null;
  /** Vendor time when the unfinished full pass began (see watermark.ts). */
  fullWatermark?: string | null;
  /** Last key committed by a keyset-paged full pass. */
  fullKey?: string | null;
  updatedAt: string;
}

function toRun(r: RunRow): SyncRun {
  return {
    id: r.id,
    source: r.source,
    trigger: r.trigger as RunTrigger,
    strategy: r.strategy as SyncStrategy,
    strategyReason: r.strategy_reason,
    status: r.status as RunStatus,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    pages: r.pages,
    counts: { ...emptyCounts(), ...(JSON.parse(r.counts) as Partial<RunCounts>) },
    error: r.error_class ? { class: r.error_class as ErrorClass, message: r.error_message ?? '' } : null,
    requests: r.requests ?? 0,
    bytes: r.bytes ?? 0,
    retries: r.retries ?? 0,
    ...(r.dry_run ? { dryRun: true } : {}),
    ...(r.notes ? { notes: JSON.parse(r.notes) as string[] } : {}),
  };
}

export class RunStore {
  // Statements of the per-page calls, prepared once (preparing cost ~65 µs a page).
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private prepared(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  start(source: string, trigger: RunTrigger, strategy: SyncStrategy, reason: string, now: string): SyncRun {
    const info = this.db
      .prepare(
        `INSERT INTO sync_runs (source, trigger, strategy, strategy_reason, status, started_at, counts)
         VALUES (?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(source, trigger, strategy, reason, now, JSON.stringify(emptyCounts()));
    return this.get(Number(info.lastInsertRowid))!;
  }

  /** A run that changed course (a refused fetch by id became an incremental sync) says so. */
  restrategize(id: number, strategy: SyncStrategy, reason: string): void {
    this.prepared('UPDATE sync_runs SET strategy = ?, strategy_reason = ? WHERE id = ?').run(strategy, reason, id);
  }

  /** Saves progress counters; called inside the page transaction so counts match committed data. */
  progress(id: number, pages: number, counts: RunCounts, traffic?: { requests: number; bytes: number }): void {
    // Traffic too, so a run killed mid-sync still shows the requests it made.
    if (traffic) {
      this.prepared('UPDATE sync_runs SET pages = ?, counts = ?, requests = ?, bytes = ? WHERE id = ?')
        .run(pages, JSON.stringify(counts), traffic.requests, traffic.bytes, id);
    } else this.prepared('UPDATE sync_runs SET pages = ?, counts = ? WHERE id = ?').run(pages, JSON.stringify(counts), id);
  }

  finish(
    id: number,
    status: RunStatus,
    pages: number,
    counts: RunCounts,
    now: string,
    error: { class: ErrorClass; message: string } | null,
    extra: { retries?: number; dryRun?: boolean; requests?: number; bytes?: number; notes?: string[]; explanation?: RunExplanation } = {},
  ): SyncRun {
    const run = this.get(id)!;
    const durationMs = Date.parse(now) - Date.parse(run.startedAt);
    this.db
      .prepare(
        `UPDATE sync_runs SET status = ?, pages = ?, counts = ?, finished_at = ?, duration_ms = ?, error_class = ?,
         error_message = ?, retries = ?, dry_run = ?, requests = ?, bytes = ?, notes = ?, explain = ? WHERE id = ?`,
      )
      .run(status, pages, JSON.stringify(counts), now, durationMs, error?.class ?? null, error?.message ?? null,
        extra.retries ?? 0, extra.dryRun ? 1 : 0, extra.requests ?? 0, extra.bytes ?? 0,
        extra.notes?.length ? JSON.stringify(extra.notes) : null, extra.explanation ? JSON.stringify(extra.explanation) : null, id);
    return this.get(id)!;
  }

  /**
   * Runs left 'running' by a process that died are closed as failed at start-up (see agentLock.ts for who may);
   * with `startedBefore`, only runs started before that time. Returns the runs it closed.
   */
  closeAbandoned(now: string, startedBefore: string | null = null, reason = 'the process stopped during this run (crash or kill)'): SyncRun[] {
    return this.db
      .prepare<unknown[], RunRow>(
        `UPDATE sync_runs SET status = 'failed', finished_at = ?, error_class = 'unknown', error_message = ?
         WHERE status = 'running' AND (? IS NULL OR started_at < ?) RETURNING *`,
      )
      .all(now, `${reason}; the next run resumes from its checkpoint`, startedBefore, startedBefore)
      .map(toRun);
  }

  get(id: number): SyncRun | null {
    const row = this.db.prepare<[number], RunRow>('SELECT * FROM sync_runs WHERE id = ?').get(id);
    return row ? toRun(row) : null;
  }

  /**
   * Newest first; `since` (inclusive) and `until` (exclusive) bound started_at. They are normalised to the stored
   * form (toISOString) first: as text, "…T10:00:00Z" sorts after "…T10:00:00.500Z".
   */
  list(opts: RunListQuery): SyncRun[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const iso = (t: string | undefined) => (t === undefined || Number.isNaN(Date.parse(t)) ? t : new Date(t).toISOString());
    const filters: [string, string | undefined][] = [
      ['source = ?', opts.source],
      ['status = ?', opts.status],
      ['trigger = ?', opts.trigger],
      ['started_at >= ?', iso(opts.since)],
      ['started_at < ?', iso(opts.until)],
    ];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      params.push(value);
    }
    const sql = `SELECT * FROM sync_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ? OFFSET ?`;
    return this.db.prepare<(string | number)[], RunRow>(sql).all(...params, opts.limit, opts.offset ?? 0).map(toRun);
  }

  /** When a run with this trigger last started (the scheduler catches up from there after a restart). */
  lastStartedBy(source: string, trigger: RunTrigger): string | null {
    return (
      this.db
        .prepare<[string, string], { started_at: string }>(
          'SELECT started_at FROM sync_runs WHERE source = ? AND trigger = ? ORDER BY id DESC LIMIT 1',
        )
        .get(source, trigger)?.started_at ?? null
    );
  }

  /** Finished runs of the last `sinceIso` window, oldest first, for the metrics in status. */
  finishedSince(sinceIso: string): SyncRun[] {
    return this.db
      .prepare<[string], RunRow>(`SELECT * FROM sync_runs WHERE started_at >= ? AND status != 'running' ORDER BY id`)
      .all(sinceIso)
      .map(toRun);
  }

  /**
   * Outcomes of a source's last `limit` runs that say something about its health, newest first: an operator's
   * Stop, a skip (open breaker, failed parent), a dry run or a run still going do not count.
   */
  recentOutcomes(source: string, limit: number): RunStatus[] {
    return this.db
      .prepare<[string, number], { status: RunStatus }>(
        `SELECT status FROM sync_runs WHERE source = ? AND status IN ('succeeded', 'failed', 'needs_review') AND dry_run = 0
         ORDER BY id DESC LIMIT ?`,
      )
      .all(source, limit)
      .map((r) => r.status);
  }

  /** Counts summed over a source's runs from `fromId` to `toId`: the runs of one resumed full pass. */
  passTotals(source: string, fromId: number, toId: number): RunCounts {
    const total = emptyCounts();
    const rows = this.db
      .prepare<[string, number, number], { counts: string }>('SELECT counts FROM sync_runs WHERE source = ? AND id BETWEEN ? AND ?')
      .all(source, fromId, toId);
    for (const r of rows) {
      const c = JSON.parse(r.counts) as Partial<RunCounts>;
      for (const k of Object.keys(total) as (keyof RunCounts)[]) total[k] += c[k] ?? 0;
    }
    return total;
  }

  /** Whether a run ever finished listing the source (not only refreshing records a webhook named). */
  hasListed(source: string): boolean {
    return (
      this.db
        .prepare<[string], { one: number }>(
          `SELECT 1 AS one FROM sync_runs WHERE source = ? AND status IN ('succeeded', 'needs_review')
           AND strategy != 'realtime' AND dry_run = 0 LIMIT 1`,
        )
        .get(source) !== undefined
    );
  }

  lastSuccess(source: string): SyncRun | null {
    const row = this.db
      .prepare<[string], RunRow>(
        `SELECT * FROM sync_runs WHERE source = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1`,
      )
      .get(source);
    return row ? toRun(row) : null;
  }

  checkpoint(source: string): Checkpoint | null {
    const row = this.db
      .prepare<[string], { source: string; cursor: string | null; full_offset: number | null; full_run_id: number | null; full_watermark: string | null; full_key: string | null; updated_at: string }>(
        'SELECT * FROM checkpoints WHERE source = ?',
      )
      .get(source);
    return row
      ? {
          source: row.source,
          cursor: row.cursor,
          fullOffset: row.full_offset,
          fullRunId: row.full_run_id,
          fullWatermark: row.full_watermark,
          fullKey: row.full_key,
          updatedAt: row.updated_at,
        }
      : null;
  }

  saveCheckpoint(c: Checkpoint): void {
    this
      .prepared(
        `INSERT INTO checkpoints (source, cursor, full_offset, full_run_id, full_watermark, full_key, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(source) DO UPDATE SET cursor = excluded.cursor, full_offset = excluded.full_offset,
           full_run_id = excluded.full_run_id, full_watermark = excluded.full_watermark, full_key = excluded.full_key,
           updated_at = excluded.updated_at`,
      )
      .run(c.source, c.cursor, c.fullOffset, c.fullRunId, c.fullWatermark ?? null, c.fullKey ?? null, c.updatedAt);
  }

  /** Why the run went as it did (null for runs recorded before explanations, or killed before their end). */
  explanation(id: number): RunExplanation | null {
    const row = this.db.prepare<[number], { explain: string | null }>('SELECT explain FROM sync_runs WHERE id = ?').get(id);
    return row?.explain ? (JSON.parse(row.explain) as RunExplanation) : null;
  }

  /** What a run quarantined, by rule, with one reason as an example. */
  quarantineByRule(runId: number): { rule: string; count: number; example: string }[] {
    return this.db
      .prepare<[number], { rule: string; count: number; example: string }>(
        'SELECT rule, count(*) AS count, min(reason) AS example FROM quarantine WHERE run_id = ? GROUP BY rule ORDER BY count DESC, rule',
      )
      .all(runId);
  }

  quarantine(source: string, runId: number, recordKey: string | null, rule: string, reason: string, payload: unknown, now: string): void {
    this
      .prepared('INSERT INTO quarantine (source, run_id, record_key, rule, reason, payload, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(source, runId, recordKey, rule, reason, JSON.stringify(payload), now);
  }

  quarantined(source?: string): { id: number; source: string; runId: number; recordKey: string | null; rule: string; reason: string; payload: unknown }[] {
    const rows = this.db
      .prepare<unknown[], { id: number; source: string; run_id: number; record_key: string | null; rule: string; reason: string; payload: string }>(
        `SELECT * FROM quarantine ${source ? 'WHERE source = ?' : ''} ORDER BY id`,
      )
      .all(...(source ? [source] : []));
    return rows.map((r) => ({ id: r.id, source: r.source, runId: r.run_id, recordKey: r.record_key, rule: r.rule, reason: r.reason, payload: JSON.parse(r.payload) as unknown }));
  }
}
