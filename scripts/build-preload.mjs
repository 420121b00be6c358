// Bundles the preload to one CommonJS file: sandboxed preloads can neither load ES modules nor require
// anything from node_modules. Only `electron` stays external.
//
// The preload needs three values from the contract (method names, event names, channel names); it imports them from
// src-shared/apiIndex.ts, which holds them without the schemas, so zod (~450 kB) stays out of every window. The
// contract's table is checked against that index when it compiles.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// --outfile=<path> lets the unit test bundle into a temp dir instead of dist/.
const outfile =
  process.argv.find((a) => a.startsWith('--outfile='))?.slice('--outfile='.length) ?? 'dist/main/preload.cjs';

await build({
  absWorkingDir: root,
  entryPoints: ['src-main/desktop/preload.ts'],
  outfile: path.resolve(root, outfile),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`preload bundled → ${path.relative(root, path.resolve(root, outfile))}`);
