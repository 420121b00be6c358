// Where the engine worker's script is (and the reader thread's, readerWorker, beside it). Built, it is engineWorker.js next to this module, one
// bundled file (scripts/build-workers.mjs): in dist/ or inside an Electron app.asar (Electron loads worker_threads scripts from the archive; the SQLite addon is taken from
// app.asar.unpacked, see engine/store/nativeModule.ts). Run from TypeScript sources (vitest, tsx), a small eval
// script registers tsx in the worker first and then imports engineWorker.ts.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  /** A file path, or with `eval` the source of a bootstrap script. */
  script: string;
  eval: boolean;
}

export function engineWorkerEntry(hostModule: string, name: 'engineWorker' | 'readerWorker' = 'engineWorker'): WorkerEntry {
  const file = hostModule.startsWith('file:') ? fileURLToPath(hostModule) : hostModule;
  if (!file.endsWith('.ts')) return { script: join(dirname(file), `${name}.js`), eval: false };
  return tsWorker(join(dirname(file), `${name}.ts`), file);
}

/** A worker running a TypeScript module through tsx (a dev dependency: only sources need it). */
export function tsWorker(tsFile: string, from: string): WorkerEntry {
  const tsxApi = join(dirname(createRequire(from).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs');
  const script =
    `import(${JSON.stringify(pathToFileURL(tsxApi).href)})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(tsFile).href)}); })` +
    '.catch((err) => { setImmediate(() => { throw err; }); });';
  return { script, eval: true };
}
