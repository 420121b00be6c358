// `npm run mutation -- checksum retry` mutates the named safety-critical modules one at a time with StrykerJS, each
// against only the test files that exercise it, at nice 15 with one test process (the machine is shared). No
// argument lists the modules. Scores are printed per module and kept in reports/mutation/<module>.json.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const modules = {
  checksum: { mutate: ['src-main/engine/pipeline/checksum.ts'], tests: ['test/unit/checksum.test.ts', 'test/unit/mapping.test.ts', 'test/integration/catalogStore.test.ts'] },
  validation: { mutate: ['src-main/engine/pipeline/validation.ts'], tests: ['test/unit/validation.test.ts'] },
  retry: { mutate: ['src-main/engine/resilience/retryPolicy.ts'], tests: ['test/unit/resilience.test.ts'] },
  breaker: { mutate: ['src-main/engine/resilience/circuitBreaker.ts'], tests: ['test/unit/resilience.test.ts'] },
  secrets: { mutate: ['src-main/engine/config/secrets.ts'], tests: ['test/unit/secrets.test.ts', 'test/unit/config.test.ts'] },
  // Tests that start the built CLI as a child process run the unmutated dist/, so they cannot kill a mutant: only
  // in-process tests are listed.
  agentLock: { mutate: ['src-main/engine/agentLock.ts'], tests: ['test/unit/agentLock.test.ts'] },
  // Each module's list is the in-process tests that reach its code, the fast ones first; suites that load the
  // 11,793-record demo are left out (minutes per mutant on 2 shared cores, and their tests depend on each other).
  deletes: {
    mutate: ['src-main/engine/pipeline/fullSyncDeletes.ts', 'src-main/engine/pipeline/deleteProof.ts', 'src-main/engine/pipeline/sweep.ts'],
    // deleteProof.test.ts (1,000 records under churn) asserts the same paths at several seconds per mutant;
    // deleteSweepProof.test.ts does on 30 to 300 records, with the segment, entity and delete-feed paths.
    tests: ['test/unit/resilience.test.ts', 'test/integration/deleteSweepProof.test.ts', 'test/integration/deleteSweep.test.ts', 'test/integration/keylessRecord.test.ts'],
  },
  quarantine: {
    mutate: ['src-main/engine/store/reviewStore.ts'],
    tests: ['test/integration/reviewStore.test.ts', 'test/integration/quarantinePayload.test.ts'],
  },
  webhooks: {
    mutate: ['src-main/engine/webhooks/webhookServer.ts', 'src-main/engine/webhooks/replayGuard.ts'],
    // webhookHardened.test.ts asserts the same through a whole engine (seconds per mutant): the server alone suffices.
    tests: ['test/integration/webhookServer.test.ts'],
  },
  // The gate only (loopback, Host, tokens, the API door, the event stream), not static file serving.
  httpBridgeAuth: { mutate: ['src-main/server/httpBridge.ts:54-159', 'src-main/server/httpBridge.ts:211-213'], tests: ['test/integration/httpBridgeAuth.test.ts'] },
  ipcSender: { mutate: ['src-main/desktop/ipc.ts'], tests: ['test/unit/desktop/ipc.test.ts'] },
  cacheInvalidation: {
    mutate: ['src-main/engine/cache/recordCache.ts'],
    tests: ['test/unit/recordCache.test.ts', 'test/integration/catalogStore.test.ts', 'test/integration/cacheWarm.test.ts'],
  },
  pipeline: {
    mutate: ['src-main/engine/pipeline/pageCommit.ts', 'src-main/engine/pipeline/pagePass.ts', 'src-main/engine/pipeline/batchLoop.ts', 'src-main/engine/pipeline/watermark.ts'],
    tests: [
      'test/integration/batchLoop.test.ts',
      'test/integration/pageCommit.test.ts',
      'test/integration/pagePass.test.ts',
      'test/integration/checkpointTransaction.test.ts',
      'test/integration/quarantinePayload.test.ts',
      'test/integration/rawRecords.test.ts',
      'test/integration/deleteSweep.test.ts',
      'test/integration/ploomesSegments.test.ts',
      // The incremental shift watch (which ids a page held) and a full pass listed twice (repageIfShort).
      'test/integration/incrementalShift.test.ts',
      'test/integration/repageCounts.test.ts',
      // Records read without a key: counted per committed page, the most in one listing (pagePass, pageCommit, sweep).
      'test/integration/keylessRecord.test.ts',
    ],
  },
  targetOffsets: {
    mutate: ['src-main/engine/targets/targetStore.ts', 'src-main/engine/targets/pushRunner.ts'],
    // targetsEcho.test.ts is the two-way link in fixed steps (echoes, what a linked system was sent), in seconds;
    // targetsTwoWay.test.ts (100 random rounds, 30 s) stays in `npm test` only.
    tests: [
      'test/integration/targetStore.test.ts',
      'test/integration/pushRunner.test.ts',
      'test/integration/targetsEcho.test.ts',
      'test/integration/targetsRest.test.ts',
      'test/integration/targetsUncommitted.test.ts',
    ],
  },
};

const asked = process.argv.slice(2);
if (asked.length === 0) {
  process.stdout.write(`usage: npm run mutation -- <module>...\nmodules: ${Object.keys(modules).join(', ')}\n`);
  process.exit(2);
}
const unknown = asked.filter((m) => !(m in modules));
if (unknown.length > 0) {
  process.stderr.write(`unknown module(s): ${unknown.join(', ')}; known: ${Object.keys(modules).join(', ')}\n`);
  process.exit(2);
}
mkdirSync('reports/mutation', { recursive: true });
const scores = [];
for (const name of asked) {
  const { mutate, tests } = modules[name];
  // A mutate entry may name a line range (`file.ts:10-20`).
  const missing = [...mutate, ...tests].filter((f) => !existsSync(f.replace(/:\d+-\d+$/, '')));
  if (missing.length > 0) {
    process.stderr.write(`${name}: ${missing.join(', ')} not found (moved?): update scripts/mutation.mjs\n`);
    process.exit(2);
  }
  process.stdout.write(`\n== ${name}: mutating ${mutate.join(', ')} against ${tests.join(', ')}\n`);
  // Incremental: a re-run tests again only the mutants whose code or covering tests changed since the last one.
  const incremental = ['--incremental', '--incrementalFile', `reports/mutation/${name}.incremental.json`];
  const r = spawnSync('nice', ['-n', '15', 'npx', 'stryker', 'run', '--mutate', mutate.join(','), '--concurrency', '1', ...incremental], {
    stdio: 'inherit',
    env: { ...process.env, SYNCFLOW_MUTATION_TESTS: tests.join(',') },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  copyFileSync('reports/mutation/mutation.json', `reports/mutation/${name}.json`);
  scores.push(name);
}
process.stdout.write(`\nreports: ${scores.map((n) => `reports/mutation/${n}.json`).join(', ')}\n`);
