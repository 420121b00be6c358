// Bundles the preload to one CommonJS file: sandboxed preloads can neither load ES modules nor require
// anything from node_modules. Only `electron` stays external.
//
// The preload needs three values from the contract (method names, event names, channel names), but importing
// src-shared/api.ts would drag all of zod (~450 kB) into every window. So the contract is evaluated here at
// build time and the preload gets a generated module holding just those values, which cannot drift from it.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// --outfile=<path> lets the unit test bundle into a temp dir instead of dist/.
const outfile =
  process.argv.find((a) => a.startsWith('--outfile='))?.slice('--outfile='.length) ?? 'dist/main/preload.cjs';

async function loadContract() {
  const { outputFiles } = await build({
    absWorkingDir: root,
    entryPoints: ['src-shared/api.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'syncflow-contract-'));
  try {
    const file = path.join(dir, 'api.mjs');
    await writeFile(file, outputFiles[0].contents);
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const contract = await loadContract();
const contractValues = [
  `export const apiMethodNames = ${JSON.stringify(contract.apiMethodNames)};`,
  `export const apiEventNames = ${JSON.stringify(contract.apiEventNames)};`,
  `export const ipcChannels = ${JSON.stringify(contract.ipcChannels)};`,
].join('\n');

/** Swaps the contract import for its build-time values; a value the preload newly needs fails the build loudly. */
const contractValuesPlugin = {
  name: 'contract-values',
  setup(b) {
    b.onResolve({ filter: /src-shared\/api(\.js|\.ts)?$/ }, () => ({ path: 'api', namespace: 'contract-values' }));
    b.onLoad({ filter: /.*/, namespace: 'contract-values' }, () => ({ contents: contractValues, loader: 'js' }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['src-main/desktop/preload.ts'],
  outfile: path.resolve(root, outfile),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  plugins: [contractValuesPlugin],
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`preload bundled → ${path.relative(root, path.resolve(root, outfile))}`);
