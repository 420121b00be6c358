// The catalog file of a data dir and the error for one written by a newer Syncflow, without the SQLite driver:
// the UI-facing thread of the engine host names the file and relays the error, and never loads better-sqlite3.
import { join } from 'node:path';

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `this catalog database has schema version ${found}, but this Syncflow understands up to ${supported}; ` +
        'it was written by a newer Syncflow. Update Syncflow, or point --data-dir at another folder.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** The catalog database of a data dir. */
export function catalogPath(dataDir: string): string {
  return join(dataDir, 'catalog.db');
}
