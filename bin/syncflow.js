#!/usr/bin/env node
// Entry point of the `syncflow` command; runs the compiled CLI (npm run build).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/main/src-main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('syncflow: not built yet; run `npm run build` first\n');
  process.exit(2);
}
const { runCli } = await import(cli.href);
await runCli(process.argv.slice(2));
