// Electron main entry (package.json "main"). Everything but choosing the real engine lives in lifecycle.ts.
// The engine runs in a worker thread owned by this process (src-main/host), never on Electron's main thread.
import { startEngineHost } from '../host/engineHost.js';
import { runDesktop } from './lifecycle.js';

runDesktop({
  // Takes the data dir's lock: refused while serve or a sync holds it.
  openEngine: (opts) => startEngineHost({ ...opts, agent: 'desktop' }),
  argv: process.argv,
  env: process.env,
  resourcesPath: process.resourcesPath,
});
