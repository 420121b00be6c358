// The contract's schemas (src-shared/api.ts, built with zod) for the UI-facing thread, loaded in stages. Importing
// a module graph evaluates it in one synchronous block: api.js with zod and the schema modules under it held the
// event loop for ~80 ms while serve opened a 1M catalog. Each stage is imported after the one before, so the thread
// gets a turn between them: zod's core, the rest of zod, each schema module the contract is made of, the contract.
import type * as Api from '../../src-shared/api.js';

const stages: (() => Promise<unknown>)[] = [
  () => import('zod/v4/core'),
  () => import('zod'),
  () => import('../../src-shared/syncOps.js'),
  () => import('../../src-shared/secrets.js'),
  () => import('../../src-shared/notifications.js'),
  () => import('../../src-shared/targetApi.js'),
  () => import('../../src-shared/hubApi.js'),
  () => import('../../src-shared/opsApi.js'),
];

let loading: Promise<typeof Api> | null = null;

/** The contract module, loaded once (the engine host and the HTTP bridge share it). */
export function loadContract(): Promise<typeof Api> {
  return (loading ??= (async () => {
    for (const stage of stages) await stage();
    return import('../../src-shared/api.js');
  })());
}
