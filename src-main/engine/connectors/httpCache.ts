// Conditional requests: the last body of each URL is kept with its ETag / Last-Modified (table http_cache,
// migration 4), so a 304 answer re-uses it and costs the source nothing. Keys never include credentials.
import type { Db } from '../store/database.js';

export interface CachedResponse {
  etag: string | null;
  lastModified: string | null;
  body: string;
}

export class HttpCache {
  private readonly getStmt;
  private readonly putStmt;

  constructor(
    db: Db,
    private readonly source: string,
    keepDays = 30,
  ) {
    // URLs that carry a cursor change every run; entries nobody asked for in a month are dropped.
    const cutoff = new Date(Date.now() - keepDays * 86_400_000).toISOString();
    db.prepare('DELETE FROM http_cache WHERE source = ? AND stored_at < ?').run(source, cutoff);
    this.getStmt = db.prepare<[string, string], { etag: string | null; last_modified: string | null; body: string }>(
      'SELECT etag, last_modified, body FROM http_cache WHERE source = ? AND url = ?',
    );
    this.putStmt = db.prepare<[string, string, string | null, string | null, string, string]>(
      `INSERT INTO http_cache (source, url, etag, last_modified, body, stored_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         body = excluded.body, stored_at = excluded.stored_at`,
    );
  }

  get(url: string): CachedResponse | null {
    const row = this.getStmt.get(this.source, url);
    return row ? { etag: row.etag, lastModified: row.last_modified, body: row.body } : null;
  }

  put(url: string, entry: CachedResponse): void {
    if (entry.etag === null && entry.lastModified === null) return;
    this.putStmt.run(this.source, url, entry.etag, entry.lastModified, entry.body, new Date().toISOString());
  }
}
