// What operators look at most (products opened, first pages of searches and category browses), kept as counts so
// the cache can be warmed with it after a start or a sync. Reads are counted in memory and written in one
// transaction now and then, never one write per read.
import type { Db } from './database.js';

export type UsageKind = 'product' | 'search';

/** Rows kept per kind: the table stays small whatever the history. */
const KEEP_PER_KIND = 1000;

export class UsageStore {
  private readonly pending = new Map<string, { kind: UsageKind; key: string; hits: number }>();
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      upsert: db.prepare<[UsageKind, string, number, string]>(
        `INSERT INTO cache_usage (kind, key, hits, last_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, key) DO UPDATE SET hits = hits + excluded.hits, last_at = excluded.last_at`,
      ),
      top: db.prepare<[UsageKind, number], { key: string }>(
        'SELECT key FROM cache_usage WHERE kind = ? ORDER BY hits DESC, last_at DESC LIMIT ?',
      ),
      prune: db.prepare<[UsageKind, UsageKind, number]>(
        `DELETE FROM cache_usage WHERE kind = ? AND key NOT IN
           (SELECT key FROM cache_usage WHERE kind = ? ORDER BY hits DESC, last_at DESC LIMIT ?)`,
      ),
    };
  }

  note(kind: UsageKind, key: string): void {
    const k = `${kind}\u0000${key}`;
    const entry = this.pending.get(k);
    if (entry) entry.hits++;
    else this.pending.set(k, { kind, key, hits: 1 });
    if (this.pending.size >= 500) this.flush(new Date().toISOString());
  }

  flush(at: string): void {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.db.transaction(() => {
      for (const r of rows) this.stmts.upsert.run(r.kind, r.key, r.hits, at);
      for (const kind of new Set(rows.map((r) => r.kind))) this.stmts.prune.run(kind, kind, KEEP_PER_KIND);
    })();
  }

  /** The most used keys of a kind, most hits first (newest first among equals). */
  top(kind: UsageKind, limit: number): string[] {
    return this.stmts.top.all(kind, limit).map((r) => r.key);
  }
}
