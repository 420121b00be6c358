// Where better-sqlite3's native addon lives. Inside an Electron package the JavaScript sits in app.asar, but a
// native addon cannot be loaded from an archive: electron-builder puts it in app.asar.unpacked (asarUnpack), and
// every thread that opens SQLite (the engine worker included) is pointed there explicitly.
import { dirname, join, sep } from 'node:path';

const ASAR = `${sep}app.asar${sep}`;

/** The same path with its app.asar folder swapped for app.asar.unpacked; other paths are returned as they are. */
export function unpackedPath(p: string): string {
  const i = p.indexOf(ASAR);
  return i < 0 ? p : `${p.slice(0, i)}${sep}app.asar.unpacked${sep}${p.slice(i + ASAR.length)}`;
}

/**
 * The addon next to a resolved better-sqlite3 entry (`…/better-sqlite3/lib/index.js`), when it must be named
 * (inside an asar package); undefined lets better-sqlite3 find it itself.
 */
export function sqliteNativeBinding(driverEntry: string): string | undefined {
  if (!driverEntry.includes(ASAR)) return undefined;
  return unpackedPath(join(dirname(driverEntry), '..', 'build', 'Release', 'better_sqlite3.node'));
}
