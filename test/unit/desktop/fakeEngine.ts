// Every contract method as a vi.fn, so a test's stand-in engine satisfies SyncAgentApi as the contract grows;
// each test spreads this first and then overrides the methods it cares about.
import { vi, type Mock } from 'vitest';
import { apiMethodNames, type SyncAgentApi } from '../../../src-shared/api.js';

export function contractDefaults(): { [M in keyof SyncAgentApi]: Mock<SyncAgentApi[M]> } {
  return Object.fromEntries(apiMethodNames.map((m) => [m, vi.fn(async () => undefined)])) as never;
}
