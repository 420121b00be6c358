// Runs a set of sources so that each starts only after its parents in the set have succeeded; a source whose parent
// did not succeed is skipped (and says which parent). Scheduled cycles and a manual "sync all" share it.
import type { SyncRun } from '../../../src-shared/domain.js';

export interface OrderedRunDeps {
  parentsOf: (source: string) => readonly string[];
  /** Runs one source; resolves when its run ends. */
  run: (source: string) => Promise<SyncRun>;
  /** A source not run because `failed` (its parents in the set) did not succeed; returns the skipped run, if any. */
  skip: (source: string, failed: string[]) => SyncRun | void;
}

/**
 * Runs every member, independent ones at once, dependents after their parents; resolves with each member's run
 * (null when `run` threw: that error rejects the result once every member has settled).
 */
export async function runInDependencyOrder(members: readonly string[], deps: OrderedRunDeps): Promise<Map<string, SyncRun | null>> {
  const inSet = new Set(members);
  const runs = new Map<string, SyncRun | null>();
  const outcome = new Map<string, Promise<boolean>>();
  let firstError: { err: unknown } | null = null;
  const start = (name: string): Promise<boolean> => {
    const known = outcome.get(name);
    if (known) return known;
    const parents = deps.parentsOf(name).filter((p) => inSet.has(p));
    const runIt = async (): Promise<boolean> => {
      try {
        const run = await deps.run(name);
        runs.set(name, run);
        return run.status === 'succeeded';
      } catch (err) {
        firstError ??= { err };
        runs.set(name, null);
        return false;
      }
    };
    // A source with no parents in the set is queued at once (callers see it queued when this returns).
    const p = parents.length === 0 ? runIt() : Promise.all(parents.map(start)).then((ok) => {
      const failed = parents.filter((_, i) => !ok[i]);
      if (failed.length === 0) return runIt();
      runs.set(name, deps.skip(name, failed) ?? null);
      return false;
    });
    outcome.set(name, p);
    return p;
  };
  await Promise.all(members.map(start));
  if (firstError) throw (firstError as { err: unknown }).err;
  return runs;
}
