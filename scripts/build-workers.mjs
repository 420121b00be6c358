// Bundles each engine-side thread entry (engineWorker, readerWorker) that tsc emitted into dist/ into one file in
// place. Start-up waits for the engine worker's imports: as ~160 separate ES modules (plus zod's and yaml's own files)
// Node's module loader spent ~620 ms of CPU on them; as one file, ~380 ms. The paths the code finds from its own
// file still hold because the bundle sits where the entry was (same folder, same name, inside app.asar too).
//
// Packages are bundled only when listed in `inline` (pure JavaScript that never looks for its own files); every other
// one stays an import: the native SQLite addon, pino (its transports run from their file paths), node-cron (forks
// its daemon by path), and the drivers loaded on first use (got, pg, mongodb), which must stay lazy.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
// --from / --outdir let the unit test bundle a built dist into a temp dir.
const from = path.resolve(root, arg('from', 'dist/main/src-main/host'));
const outdir = path.resolve(root, arg('outdir', from));
const entries = ['engineWorker', 'readerWorker'];
const inline = ['zod', 'yaml', 'lru-cache'];

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const onlyInline = {
  name: 'only-inline-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind !== 'entry-point' && (args.path.startsWith('node:') || !inline.includes(packageName(args.path)))
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};

const banner = "import { createRequire as __syncflowRequire } from 'node:module'; const require = __syncflowRequire(import.meta.url);";
// Bundling a bundle would declare `require` twice: a second run without a fresh tsc build leaves the files as they are.
const bundled = entries.filter((e) => readFileSync(path.join(from, `${e}.js`), 'utf8').startsWith(banner));
if (bundled.length > 0) {
  process.stdout.write(`workers already bundled (${bundled.join(', ')}): run tsc first to rebuild them\n`);
  process.exit(0);
}

const result = await build({
  entryPoints: entries.map((e) => path.join(from, `${e}.js`)),
  outdir,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The inlined CommonJS packages (yaml) call require(); an ES module has none of its own.
  banner: { js: banner },
  // tsc's maps are read in, so stack traces still name the TypeScript sources.
  sourcemap: 'linked',
  plugins: [onlyInline],
  metafile: true,
  logLevel: 'warning',
});
const modules = Object.keys(result.metafile.inputs).length;
process.stdout.write(`workers bundled: ${entries.join(', ')} (${modules} modules) -> ${path.relative(root, outdir) || '.'}\n`);
