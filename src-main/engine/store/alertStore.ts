// The alert history: each alert is raised once per lasting condition (kind + source) and resolved when the
// condition clears, so the dashboard can show what is wrong now and what was wrong before.
import type { Statement } from 'better-sqlite3';
import type { Alert, AlertKind } from '../../../src-shared/domain.js';
import type { Db } from './database.js';

interface AlertRow {
  id: number;
  kind: string;
  level: string;
  source: string;
  message: string;
  run_id: number | null;
  raised_at: string;
  last_at: string;
  repeats: number;
  resolved_at: string | null;
}

const toAlert = (r: AlertRow): Alert => ({
  id: r.id,
  kind: r.kind as AlertKind,
  level: r.level as Alert['level'],
  source: r.source,
  message: r.message,
  at: r.last_at,
  raisedAt: r.raised_at,
  repeats: r.repeats,
  resolvedAt: r.resolved_at,
  ...(r.run_id !== null ? { runId: r.run_id } : {}),
});

export interface AlertQuery {
  /** Only alerts still open (true) or only resolved ones (false); both when absent. */
  open?: boolean;
  source?: string;
  limit: number;
  /** Paging: alerts with a smaller id than this. */
  beforeId?: number;
}

export class AlertStore {
  private readonly findOpen: Statement<[string, string]>;
  private readonly insert: Statement<unknown[]>;
  private readonly bump: Statement<unknown[]>;
  private readonly byId: Statement<[number]>;

  constructor(private readonly db: Db) {
    this.findOpen = db.prepare('SELECT * FROM alerts WHERE kind = ? AND source = ? AND resolved_at IS NULL');
    this.insert = db.prepare(
      `INSERT INTO alerts (kind, level, source, message, run_id, raised_at, last_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.bump = db.prepare(
      'UPDATE alerts SET level = ?, message = ?, run_id = ?, last_at = ?, repeats = repeats + 1 WHERE id = ?',
    );
    this.byId = db.prepare('SELECT * FROM alerts WHERE id = ?');
  }

  /** Records an alert; one already open for the same kind and source counts a repeat instead of a new row. */
  raise(alert: Alert): Alert {
    const open = this.findOpen.get(alert.kind, alert.source) as AlertRow | undefined;
    const runId = alert.runId ?? null;
    if (open) {
      this.bump.run(alert.level, alert.message, runId, alert.at, open.id);
      return toAlert(this.byId.get(open.id) as AlertRow);
    }
    const { lastInsertRowid } = this.insert.run(
      alert.kind,
      alert.level,
      alert.source,
      alert.message,
      runId,
      alert.at,
      alert.at,
    );
    return toAlert(this.byId.get(Number(lastInsertRowid)) as AlertRow);
  }

  /** Closes the open alerts of these kinds for a source; returns the ones it closed. */
  resolve(kinds: readonly AlertKind[], source: string, at: string): Alert[] {
    if (kinds.length === 0) return [];
    const marks = kinds.map(() => '?').join(', ');
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT * FROM alerts WHERE source = ? AND kind IN (${marks}) AND resolved_at IS NULL`)
        .all(source, ...kinds) as AlertRow[];
      if (rows.length === 0) return [];
      this.db
        .prepare(`UPDATE alerts SET resolved_at = ? WHERE source = ? AND kind IN (${marks}) AND resolved_at IS NULL`)
        .run(at, source, ...kinds);
      return rows.map((r) => toAlert({ ...r, resolved_at: at }));
    })();
  }

  /** Newest first. */
  list(q: AlertQuery): Alert[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.open === true) where.push('resolved_at IS NULL');
    if (q.open === false) where.push('resolved_at IS NOT NULL');
    if (q.source !== undefined) {
      where.push('source = ?');
      args.push(q.source);
    }
    if (q.beforeId !== undefined) {
      where.push('id < ?');
      args.push(q.beforeId);
    }
    const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, q.limit) as AlertRow[]).map(toAlert);
  }
}
