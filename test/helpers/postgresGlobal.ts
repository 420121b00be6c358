// vitest globalSetup: one PostgreSQL cluster for the whole run, shared by every test file through inject('postgresUrl').
// It boots in the background; files that use it wait in pgDatabase(), the others never do.
import type { TestProject } from 'vitest/node';
import { bootPostgres } from './postgres.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await bootPostgres();
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresError', cluster.errorPath);
  return () => cluster.stop();
}
