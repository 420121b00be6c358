// `syncflow runs`, `pause` and `resume`: they work on the data dir through engine/control.ts without starting the
// engine, so they are safe next to a running agent (serve, desktop), which takes pause changes up at its next tick.
import { runStatuses, runThroughput, type RunStatus, type SyncRun } from '../src-shared/domain.js';
import { explainRun } from '../src-shared/runExplanation.js';
import { formatBytes } from '../src-shared/units.js';
import { z } from 'zod';
import { loadConfig } from './engine/config/loadConfig.js';
import { Control, type PauseState } from './engine/control.js';
import { atMost, int, onlyOptions, pauseSynopsis, resumeSynopsis, runsSynopsis, UsageError } from './cliUsage.js';

export interface CliArgs {
  dataDir: string;
  configPath: string | undefined;
  /** Positionals after the command. */
  rest: string[];
  /** Options given on the command line (not their defaults). */
  given: string[];
  values: { [name: string]: string | boolean | undefined };
}

const out = (text: string) => process.stdout.write(text);
const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** An ISO 8601 time (with Z or an offset), or a date meaning midnight UTC; returned as toISOString(). */
export function isoTime(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (isoDate.safeParse(value).success) return new Date(`${value}T00:00:00.000Z`).toISOString();
  if (isoDateTime.safeParse(value).success) return new Date(value).toISOString();
  throw new UsageError(
    `--${name}: expected an ISO 8601 time such as 2026-03-01T18:00:00Z (or a date, 2026-03-01, for midnight UTC), got "${value}"`,
  );
}


/** "40 requests, 5.1 MB, 9557 records/s" (throughput once the run has a duration). */
export function runTraffic(run: SyncRun): string {
  const rate = runThroughput(run);
  return `${run.requests} requests, ${formatBytes(run.bytes)}${rate === null ? '' : `, ${rate} records/s`}`;
}

/** The run history with the filters of the API's listRuns, newest first. */
export function runsCommand(args: CliArgs): number {
  if (args.values.id !== undefined || args.values.explain) return runCommand(args);
  onlyOptions('runs', args.given, ['source', 'status', 'since', 'until', 'limit', 'json'], runsSynopsis);
  atMost('runs', args.rest, 0, runsSynopsis);
  const status = str(args.values.status);
  if (status !== undefined && !(runStatuses as readonly string[]).includes(status)) {
    throw new UsageError(`--status: expected one of ${runStatuses.join(', ')}, got "${status}"`);
  }
  const since = isoTime(str(args.values.since), 'since');
  const until = isoTime(str(args.values.until), 'until');
  if (since && until && since >= until) throw new UsageError(`--since (${since}) must be before --until (${until})`);
  const limit = int(str(args.values.limit), 'limit', 20, { min: 1, max: 500 });
  const source = str(args.values.source);
  const control = Control.open(args.dataDir);
  try {
    const runs = control.runs.list({
      limit,
      ...(source ? { source } : {}),
      ...(status ? { status: status as RunStatus } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    });
    if (args.values.json) {
      out(JSON.stringify(runs.map((r) => ({ ...r, throughput: runThroughput(r) }))) + '\n');
    } else if (runs.length === 0) {
      out('no runs match\n');
    } else {
      out(table(runs) + '\n');
    }
    return 0;
  } finally {
    control.close();
  }
}

/** One run, and with --explain why it went as it did, in sentences. */
function runCommand(args: CliArgs): number {
  onlyOptions('runs', args.given, ['id', 'explain', 'json'], runsSynopsis);
  atMost('runs', args.rest, 0, runsSynopsis);
  if (args.values.id === undefined) throw new UsageError('--explain: name the run with --id N (its number in `syncflow runs`)');
  const id = int(str(args.values.id), 'id', 0, { min: 1, max: Number.MAX_SAFE_INTEGER });
  const control = Control.open(args.dataDir);
  try {
    const run = control.runs.get(id);
    if (!run) throw new UsageError(`--id: no run ${id} in this data dir (see \`syncflow runs\`)`);
    const explanation = control.runs.explanation(id);
    if (args.values.json) {
      out(JSON.stringify({ ...run, throughput: runThroughput(run), ...(args.values.explain ? { explanation } : {}) }) + '\n');
      return 0;
    }
    out(table([run]) + '\n');
    if (args.values.explain) {
      const lines = explanation
        ? explainRun(explanation)
        : [run.status === 'running' ? 'The run is still going; it explains itself when it ends.' : 'This run has no explanation (it was recorded before runs explained themselves, or its process was killed).'];
      out('\n' + lines.join('\n') + '\n');
      for (const n of run.notes ?? []) out(`note: ${n}\n`);
    }
    return 0;
  } finally {
    control.close();
  }
}

function table(runs: SyncRun[]): string {
  const head = [
    'ID',
    'SOURCE',
    'STATUS',
    'TRIGGER',
    'STRATEGY',
    'STARTED',
    'DURATION',
    'FETCHED',
    'CREATED',
    'UPDATED',
    'DELETED',
    'QUARANTINED',
    'REQUESTS',
    'BYTES',
    'REC/S',
  ];
  const rows = runs.map((r) => [
    String(r.id),
    r.source,
    r.status + (r.dryRun ? ' (dry run)' : ''),
    r.trigger,
    r.strategy,
    r.startedAt,
    r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`,
    ...[r.counts.fetched, r.counts.created, r.counts.updated, r.counts.deleted, r.counts.quarantined, r.requests].map(
      String,
    ),
    formatBytes(r.bytes),
    String(runThroughput(r) ?? '—'),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [line(head)];
  runs.forEach((r, i) => {
    lines.push(line(rows[i]!));
    if (r.error) lines.push(`    ${r.error.class}: ${r.error.message}`);
  });
  return lines.join('\n');
}

function sourceNames(args: CliArgs): string[] {
  return loadConfig(args.dataDir, args.configPath).config.sources.map((s) => s.name);
}

function describePauses(p: PauseState): string {
  const until = (t: string | null) => (t ? `until ${t}` : 'until resumed');
  const lines = [
    ...(p.all ? [`paused: all sources ${until(p.allUntil)}`] : []),
    ...p.sources.map((s) => `paused: ${s.source} ${until(s.until)}`),
  ];
  return lines.length === 0 ? 'not paused: automatic runs go ahead\n' : lines.join('\n') + '\n';
}

const pauseNote =
  'Schedules, webhooks, file watches and the sync at start-up wait; `syncflow sync` and Sync now still run.\n' +
  'The pause is stored in the data dir: a running agent (serve, desktop) takes it up within 15 s, one started later starts paused.\n';

/** Holds automatic runs of every source (or one), optionally until a time. */
export function pauseCommand(args: CliArgs): number {
  onlyOptions('pause', args.given, ['until', 'json'], pauseSynopsis);
  atMost('pause', args.rest, 1, pauseSynopsis);
  const until = isoTime(str(args.values.until), 'until');
  if (until && Date.parse(until) <= Date.now()) {
    throw new UsageError(
      `--until: ${until} is in the past; give a later time, or leave --until out to pause until \`syncflow resume\``,
    );
  }
  const source = args.rest[0];
  const names = sourceNames(args);
  if (source && !names.includes(source)) {
    throw new UsageError(
      `pause: unknown source "${source}"; configured: ${names.join(', ')} (or no source, to pause all)`,
    );
  }
  const control = Control.open(args.dataDir);
  try {
    const state = control.pause(source, until ? Date.parse(until) : undefined);
    out(args.values.json ? JSON.stringify(state) + '\n' : describePauses(state) + pauseNote);
    return 0;
  } finally {
    control.close();
  }
}

/** Ends the pause of one source, or the pause of all sources (pauses of single sources stay). */
export function resumeCommand(args: CliArgs): number {
  onlyOptions('resume', args.given, ['json'], resumeSynopsis);
  atMost('resume', args.rest, 1, resumeSynopsis);
  const source = args.rest[0];
  const control = Control.open(args.dataDir);
  try {
    // A source no longer configured may still hold a stored pause; resuming it is allowed, pausing it is not.
    const stored = control.paused().sources.some((s) => s.source === source);
    const names = source && !stored ? sourceNames(args) : [];
    if (source && !stored && !names.includes(source)) {
      throw new UsageError(
        `resume: unknown source "${source}"; configured: ${names.join(', ')} (or no source, to resume all)`,
      );
    }
    const state = control.resume(source);
    if (args.values.json) {
      out(JSON.stringify(state) + '\n');
    } else {
      out(describePauses(state));
      if (source && state.all)
        out(`${source} is still held by the pause of all sources; \`syncflow resume\` ends that one.\n`);
      if (!source && state.sources.length > 0)
        out('Pauses of single sources stay; `syncflow resume <source>` ends one.\n');
    }
    return 0;
  } finally {
    control.close();
  }
}
