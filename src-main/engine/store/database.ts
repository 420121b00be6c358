// Opens the catalog database (one SQLite file per data dir, WAL) and brings its schema up to date.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { SchemaTooNewError } from './catalogFile.js';
import { sqliteNativeBinding } from './nativeModule.js';
import { latestSchemaVersion, migrations, type Migration } from './migrations.js';

export type Db = Database.Database;

/** better-sqlite3 as resolved from here: the workers that open their own connections (eval workers) require it by path. */
export const sqliteDriverPath = (): string => createRequire(import.meta.url).resolve('better-sqlite3');

/** Page cache of the main connection, in KiB (see openDatabase). */
export const CACHE_KIB = 32 * 1024;
/**
 * During a bulk load the browse indexes are dropped and rows are appended, so few pages are hot; the memory goes
 * to the search index being built alongside instead (ftsBulkBuilder.ts), keeping the app within its budget.
 */
export const BULK_CACHE_KIB = 8 * 1024;

export { catalogPath, SchemaTooNewError } from './catalogFile.js';

export function openDatabase(file: string, list: Migration[] = migrations): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const nativeBinding = sqliteNativeBinding(sqliteDriverPath());
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 32 MiB of page cache (the default is 2 MiB): at a million products the indexes' hot pages no longer fit in
  // 2 MiB and every insert would go back to the OS for them; more would cost memory the tray app should not hold.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  db.pragma('temp_store = MEMORY');
  // Checkpoints run on a worker (walCheckpointer.ts), not inside a commit on this thread.
  if (file !== ':memory:') db.pragma('wal_autocheckpoint = 0');
  // When a checkpoint has copied the whole WAL back, the next commit writes it from the top and trims it to this.
  db.pragma('journal_size_limit = 4194304');
  try {
    migrate(db, list);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Page cache of a reader connection (readerWorker.ts), in KiB: its hot pages are the browse and search indexes. */
export const READER_CACHE_KIB = 16 * 1024;

/**
 * A read-only connection to a catalog another connection keeps migrated (the engine's). In WAL mode it reads the
 * last committed state while that connection writes; a schema newer than this build is refused like openDatabase.
 */
export function openReader(file: string): Db {
  const nativeBinding = sqliteNativeBinding(sqliteDriverPath());
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = -${READER_CACHE_KIB}`);
    db.pragma('temp_store = MEMORY');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latestSchemaVersion) throw new SchemaTooNewError(current, latestSchemaVersion);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function migrate(db: Db, list: Migration[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list === migrations ? latestSchemaVersion : Math.max(0, ...list.map((m) => m.version));
  if (current > latest) throw new SchemaTooNewError(current, latest);
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
