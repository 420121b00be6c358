import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // One real PostgreSQL cluster per run (Debian's server as the `postgres` user); files take their own database.
    globalSetup: ['test/helpers/postgresGlobal.ts'],
    // Integration and e2e tests start servers, child processes and Chromium; 2 cores are all we have.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest.json' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
