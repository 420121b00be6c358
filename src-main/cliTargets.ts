// `syncflow push`, `targets` and `sync-entity`: outward sync from the command line. push and sync-entity take the
// data dir's agent lock like `sync` (refused while serve or the desktop app runs: push from there).
import type { PushResult } from '../src-shared/targetApi.js';
import type { Engine } from './engine/engine.js';
import type { CliArgs } from './cliControl.js';
import { atMost, onlyOptions, pushSynopsis, syncEntitySynopsis, targetsSynopsis, UsageError } from './cliUsage.js';

const out = (text: string) => process.stdout.write(text);

function printPush(r: PushResult, json: boolean): void {
  if (json) {
    out(JSON.stringify({ target: r.target, status: r.status, durationMs: r.durationMs, counts: r.counts, ...(r.error ? { error: r.error } : {}) }) + '\n');
    return;
  }
  const c = r.counts;
  out(`${r.target}: ${r.status} in ${r.durationMs} ms: sent ${c.sent}, failed ${c.failed}, skipped ${c.skipped}${r.error ? ` (${r.error.class}: ${r.error.message})` : ''}\n`);
}

/** Pushes one target (or every enabled one); one line (one JSON object with --json) per target. */
export async function pushCommand(args: CliArgs, open: () => Promise<Engine>): Promise<number> {
  onlyOptions('push', args.given, ['json'], pushSynopsis);
  atMost('push', args.rest, 1, pushSynopsis);
  const engine = await open();
  try {
    const results = await engine.pushTargets({ ...(args.rest[0] ? { targets: [args.rest[0]] } : {}) });
    if (results.length === 0 && !args.values.json) out('no targets configured (add a targets: list to syncflow.yaml)\n');
    for (const r of results) printPush(r, args.values.json === true);
    return results.every((r) => r.status === 'succeeded') ? 0 : 1;
  } finally {
    await engine.close();
  }
}

/** Targets with their offset in the change feed, lag and last run. */
export async function targetsCommand(args: CliArgs, open: () => Promise<Engine>): Promise<number> {
  onlyOptions('targets', args.given, ['json'], targetsSynopsis);
  atMost('targets', args.rest, 0, targetsSynopsis);
  const engine = await open();
  try {
    const list = await engine.listTargets({});
    if (args.values.json) {
      out(JSON.stringify(list) + '\n');
      return 0;
    }
    if (list.length === 0) out('no targets configured (add a targets: list to syncflow.yaml)\n');
    for (const t of list) {
      const last = t.lastRun ? `${t.lastRun.status} ${t.lastRun.finishedAt ?? t.lastRun.startedAt}` : 'never pushed';
      out(`${t.name} (${t.kind}, ${t.entity})${t.enabled ? '' : ' disabled'}: offset ${t.offset}, lag ${t.lag}; last push ${last}; breaker ${t.breaker.state}\n`);
    }
    return 0;
  } finally {
    await engine.close();
  }
}

/** Syncs one entity from a source, then pushes it to the named targets. */
export async function syncEntityCommand(args: CliArgs, open: () => Promise<Engine>): Promise<number> {
  onlyOptions('sync-entity', args.given, ['from', 'to', 'json'], syncEntitySynopsis);
  atMost('sync-entity', args.rest, 1, syncEntitySynopsis);
  const entity = args.rest[0];
  const from = args.values.from;
  const to = typeof args.values.to === 'string' ? args.values.to.split(',').map((t) => t.trim()).filter(Boolean) : [];
  if (!entity || typeof from !== 'string' || to.length === 0) throw new UsageError(`sync-entity: usage: syncflow ${syncEntitySynopsis}`);
  const engine = await open();
  try {
    const result = await engine.syncEntity({ entity, from, to });
    const json = args.values.json === true;
    if (result.sync) {
      const s = result.sync;
      if (json) out(JSON.stringify({ source: s.source, status: s.status, durationMs: s.durationMs, counts: s.counts }) + '\n');
      else out(`${s.source}: ${s.status}: ${s.counts.created} created, ${s.counts.updated} updated, ${s.counts.deleted} deleted\n`);
    }
    for (const r of result.pushes) printPush(r, json);
    return result.sync?.status !== 'failed' && result.pushes.length === to.length && result.pushes.every((r) => r.status === 'succeeded') ? 0 : 1;
  } finally {
    await engine.close();
  }
}
