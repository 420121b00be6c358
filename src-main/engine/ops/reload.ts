// Applying a new configuration to a running engine: sources added get an entry, removed ones lose theirs, changed
// ones get a fresh entry whose connector is built at their next run. A run in flight holds its own config and
// connector, so it finishes on the old configuration; breakers of unchanged sources keep their state.
import type { SourceConfig, SyncflowConfig } from '../../../src-shared/config.js';

export interface ReloadableEntry {
  config: SourceConfig;
  where: string;
}

export function reconcileSources<E extends ReloadableEntry>(
  entries: Map<string, E>,
  next: SyncflowConfig,
  fresh: (config: SourceConfig, where: string, previous: E | undefined) => E,
): { added: string[]; removed: string[]; changed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  const names = new Set(next.sources.map((s) => s.name));
  const removed = [...entries.keys()].filter((n) => !names.has(n));
  for (const n of removed) entries.delete(n);
  const rebuilt = new Map<string, E>();
  next.sources.forEach((source, i) => {
    const where = `sources[${i}]`;
    const old = entries.get(source.name);
    if (!old) added.push(source.name);
    else if (JSON.stringify(old.config) !== JSON.stringify(source)) changed.push(source.name);
    const keep = old && JSON.stringify(old.config) === JSON.stringify(source);
    rebuilt.set(source.name, keep ? Object.assign(old, { where }) : fresh(source, where, old));
  });
  // Re-inserted in the config's order, so status lists sources as the file does.
  entries.clear();
  for (const [n, e] of rebuilt) entries.set(n, e);
  return { added, removed, changed };
}
