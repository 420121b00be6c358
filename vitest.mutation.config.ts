// The vitest config Stryker runs (npm run mutation): only the test files of the module being mutated, one worker.
import { defineConfig } from 'vitest/config';

const files = (process.env.SYNCFLOW_MUTATION_TESTS ?? '').split(',').filter((f) => f !== '');
if (files.length === 0) throw new Error('SYNCFLOW_MUTATION_TESTS is empty: run mutation testing through `npm run mutation -- <module>`');

export default defineConfig({
  test: {
    include: files,
    maxWorkers: 1,
    // Stryker switches mutants at run time: one module graph for every run saves seconds of imports per mutant.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
