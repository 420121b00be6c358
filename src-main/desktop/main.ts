// Electron main entry (package.json "main"). Everything but choosing the real engine lives in lifecycle.ts.
import { Engine } from '../engine/engine.js';
import { runDesktop } from './lifecycle.js';

runDesktop({
  openEngine: (opts) => Engine.open({ ...opts, agent: 'desktop' }), // refused while serve or a sync holds the data dir
  argv: process.argv,
  env: process.env,
  resourcesPath: process.resourcesPath,
});
