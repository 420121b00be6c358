// The engine worker's script and SQLite's native addon resolve from dist/, from sources, and inside an Electron
// package (JavaScript in app.asar, the addon in app.asar.unpacked).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sqliteDriverPath } from '../../../src-main/engine/store/database.js';
import { sqliteNativeBinding, unpackedPath } from '../../../src-main/engine/store/nativeModule.js';
import { engineWorkerEntry } from '../../../src-main/host/paths.js';

const resources = join('/opt', 'Syncflow', 'resources');
const asar = join(resources, 'app.asar');

describe('engine worker and native module paths', () => {
  it('inside app.asar: the worker script beside the host module, the SQLite addon from app.asar.unpacked', () => {
    const hostModule = pathToFileURL(join(asar, 'dist', 'main', 'src-main', 'host', 'engineHost.js')).href;
    expect(engineWorkerEntry(hostModule)).toEqual({
      script: join(asar, 'dist', 'main', 'src-main', 'host', 'engineWorker.js'),
      eval: false,
    });
    expect(engineWorkerEntry(hostModule, 'readerWorker').script).toBe(join(asar, 'dist', 'main', 'src-main', 'host', 'readerWorker.js'));
    const driver = join(asar, 'node_modules', 'better-sqlite3', 'lib', 'index.js');
    expect(sqliteNativeBinding(driver)).toBe(
      join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    );
  });

  it('outside a package: better-sqlite3 finds its addon itself, and paths stay as they are', () => {
    expect(sqliteNativeBinding(join('/repo', 'node_modules', 'better-sqlite3', 'lib', 'index.js'))).toBeUndefined();
    expect(unpackedPath(join('/repo', 'app.asarx', 'a.js'))).toBe(join('/repo', 'app.asarx', 'a.js'));
    // And the real driver here resolves to an existing file (the same logic names its addon when packaged).
    expect(existsSync(sqliteDriverPath())).toBe(true);
    expect(existsSync(join(sqliteDriverPath(), '..', '..', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });

  it('from dist/ the built worker exists next to the built host; from sources it runs through tsx', () => {
    const built = fileURLToPath(new URL('../../../dist/main/src-main/host/engineHost.js', import.meta.url));
    const entry = engineWorkerEntry(pathToFileURL(built).href);
    expect(entry.script.endsWith(join('dist', 'main', 'src-main', 'host', 'engineWorker.js'))).toBe(true);
    const fromSource = engineWorkerEntry(new URL('../../../src-main/host/engineHost.ts', import.meta.url).href);
    expect(fromSource.eval).toBe(true);
    expect(fromSource.script).toContain('engineWorker.ts');
    expect(engineWorkerEntry(new URL('../../../src-main/host/engineHost.ts', import.meta.url).href, 'readerWorker').script).toContain('readerWorker.ts');
  });
});
