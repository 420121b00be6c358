// The `syncflow` command. Exit codes: 0 success, 1 the work failed (e.g. a sync run failed), 2 bad usage or config.
import { createWriteStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runThroughput, type SyncRun } from '../src-shared/domain.js';
import { SYNCFLOW_VERSION } from '../src-shared/version.js';
import type { Urgency } from '../src-shared/syncOps.js';
import { ConfigError } from './engine/config/configError.js';
import { AgentLockHeldError, describeHolder, liveAgent } from './engine/agentLock.js';
import type { Engine } from './engine/engine.js';
import type { ExportFormat } from './engine/export/exporter.js';
import { tuneEngineHeap } from './engine/heapTuning.js';
import { SchemaTooNewError } from './engine/store/catalogFile.js';
import { defaultDataDir } from './paths.js';
import { startEngineHost } from './host/engineHost.js';
import { ApiInputError } from '../src-shared/apiError.js';
import {
  int,
  pauseSynopsis,
  pushSynopsis,
  resumeSynopsis,
  runsSynopsis,
  syncEntitySynopsis,
  targetsSynopsis,
  UsageError,
} from './cliUsage.js';

const usage = `Usage: syncflow <command> [options]

Commands:
  sync [source] [--segment S] [--full] [--urgency low|normal|critical] [--json] [--dry-run] [--allow-deletes] [--progress]
                                          sync one source (default: all) into the local catalog;
                                          --segment syncs one segment of the source (e.g. rentals);
                                          --urgency critical fetches up to 10 named records at once
                                          and goes ahead of queued work, low waits behind it;
                                          --dry-run reports what would change and writes nothing,
                                          --allow-deletes applies deletes above the mass-delete guard,
                                          --progress prints a line per committed page to stderr;
                                          refused (exit 1) while serve or the desktop app runs on
                                          the same data dir: use Sync now there
  ${pushSynopsis}                  push catalog changes to one target (default: all enabled);
                                          one line (one JSON object) per target
  ${targetsSynopsis}                        targets with their change-feed offset, lag and last push
  ${syncEntitySynopsis}
                                          sync an entity from a source, then push it to the targets
  status [--json]                         sources, last runs, catalog size, pauses, the running agent
  health [--json]                         ok | degraded | down from freshness, breakers and last runs
                                          (exit 0 when ok or degraded, 1 when down)
  ${runsSynopsis}
                                          the run history, newest first (default 20, at most 500);
                                          --since/--until bound the start time (ISO 8601 or a date)
  ${pauseSynopsis}
                                          hold schedules, webhooks, file watches and the start-up sync
                                          of all sources (or one); stored, so a running or later agent
                                          keeps it; \`syncflow sync\` and Sync now still run
  ${resumeSynopsis}                end the pause of one source, or the pause of all sources
  search <query> [--json] [--limit N]     search the local catalog (works offline)
  export <entity> --format ndjson|csv [--out FILE]
  serve [--port N] [--host 127.0.0.1] [--no-sync]
                                          run the engine with the operator UI over loopback HTTP
  demo-server [--port N] [--size N] [--mutations-per-minute N]
                                          run the bundled demo vendor API (Ploomes-shaped)
  ploomes webhooks list|register|remove [source] [--public-url URL] [--id N] [--json]
                                          Ploomes' webhook subscriptions: register points product create,
                                          update and delete at <webhooks.publicUrl>/webhooks/<source> with
                                          a generated validation key kept as a secret reference
  validate-config [--probe]               check the configuration and its secret references and name
                                          every problem; --probe also asks each Ploomes source's API
                                          once and lists its custom-field keys and which are mapped

Options for every command:
  --data-dir DIR    where the catalog lives (env SYNCFLOW_DATA_DIR; default: the OS user-data folder)
  --config FILE     syncflow.yaml to use (env SYNCFLOW_CONFIG; default: <data-dir>/syncflow.yaml,
                    or the bundled demo source when there is none)
`;

const options = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  full: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  'allow-deletes': { type: 'boolean', default: false },
  progress: { type: 'boolean', default: false },
  limit: { type: 'string' },
  explain: { type: 'boolean', default: false },
  source: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  status: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  size: { type: 'string' },
  'mutations-per-minute': { type: 'string' },
  'no-sync': { type: 'boolean', default: false },
  probe: { type: 'boolean', default: false },
  'public-url': { type: 'string' },
  id: { type: 'string' },
  urgency: { type: 'string' },
  segment: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

function staticDir(): string | null {
  // dist/main/src-main/cli.js → dist/renderer; src-main/cli.ts (tsx) → dist/renderer.
  const candidates = [new URL('../../renderer/', import.meta.url), new URL('../dist/renderer/', import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(p + 'index.html')) return p;
  }
  return null;
}

async function urgencyOption(v: string): Promise<Urgency> {
  const { urgencies } = await import('../src-shared/syncOps.js');
  if (!(urgencies as readonly string[]).includes(v)) throw new UsageError(`--urgency: expected one of ${urgencies.join(', ')}, got "${v}"`);
  return v as Urgency;
}

function printRun(run: SyncRun, runTraffic: (run: SyncRun) => string) {
  const c = run.counts;
  const line = `${run.source}: ${run.status} (${run.strategy}: ${run.strategyReason}) in ${run.durationMs} ms, ` +
    `${c.fetched} fetched, ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ` +
    `${c.deleted} deleted, ${c.quarantined} quarantined; ${runTraffic(run)}`;
  const notes = (run.notes ?? []).map((n) => `\n  note: ${n}`).join('');
  if (run.status === 'succeeded') process.stdout.write((run.dryRun ? 'dry run, nothing written: ' : '') + line + notes + '\n');
  else process.stderr.write(`${line}${notes}\n  error [${run.error?.class}]: ${run.error?.message}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals, tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  if (values.version) {
    process.stdout.write(`syncflow ${SYNCFLOW_VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(usage);
    return command || values.help ? 0 : 2;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const configPath = values.config;
  // serve and sync take the data dir's agent lock (refused while another live agent holds it); the others read.
  // The engine and each command's modules load on demand: `serve` runs the engine in its worker, and its own
  // thread (the HTTP bridge's) should not spend its start-up compiling what it never runs (cliPloomes alone pulls
  // in the config editor and the Ploomes client: 0.6 s of CPU).
  const open = async (agent?: 'sync'): Promise<Engine> => {
    const [{ Engine }, { startDemoServer }] = await Promise.all([import('./engine/engine.js'), import('./demo/demoServer.js')]);
    // The composition root hands the engine the bundled demo API for `kind: demo` sources (the engine has no demo code).
    return Engine.open({ dataDir, ...(configPath ? { configPath } : {}), ...(agent ? { agent } : {}), demo: startDemoServer });
  };
  const given = tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  const control = { dataDir, configPath, rest, given, values };

  switch (command) {
    case 'validate-config':
      return (await import('./cliValidate.js')).validateConfigCommand(dataDir, configPath, values.probe);
    case 'sync': {
      const engine = await open('sync');
      // Each line follows a committed page, so whoever reads it knows that much is durable.
      const unsubscribe = values.progress
        ? engine.events.on('progress', (p) => process.stderr.write(`progress ${p.source} run ${p.runId} fetched ${p.fetched}${p.total === null ? '' : `/${p.total}`}\n`))
        : () => undefined;
      try {
        const runs = await engine.sync({
          ...(rest[0] ? { source: rest[0] } : {}),
          full: values.full,
          trigger: 'cli',
          dryRun: values['dry-run'],
          allowMassDelete: values['allow-deletes'],
          ...(values.urgency !== undefined ? { urgency: await urgencyOption(values.urgency) } : {}),
          ...(values.segment !== undefined ? { segment: values.segment } : {}),
        });
        if (values.json) {
          const out = runs.map((r) => ({
            runId: r.id,
            source: r.source,
            status: r.status,
            strategy: r.strategy,
            strategyReason: r.strategyReason,
            durationMs: r.durationMs,
            pages: r.pages,
            counts: r.counts,
            requests: r.requests,
            bytes: r.bytes,
            throughput: runThroughput(r),
            retries: r.retries ?? 0,
            dryRun: r.dryRun ?? false,
            notes: r.notes ?? [],
            error: r.error,
          }));
          process.stdout.write(JSON.stringify(out.length === 1 ? out[0] : out) + '\n');
          for (const r of runs) if (r.status !== 'succeeded') process.stderr.write(`${r.source}: ${r.status}: ${r.error?.message ?? ''}\n`);
        } else {
          const { runTraffic } = await import('./cliControl.js');
          for (const r of runs) printRun(r, runTraffic);
        }
        return runs.every((r) => r.status === 'succeeded') ? 0 : 1;
      } finally {
        unsubscribe();
        await engine.close();
      }
    }
    case 'status': {
      const engine = await open();
      try {
        const status = await engine.getStatus({});
        if (values.json) {
          process.stdout.write(JSON.stringify(status) + '\n');
        } else {
          process.stdout.write(`Syncflow ${status.version}  data: ${status.dataDir}${status.demo ? '  (demo source)' : ''}\n`);
          process.stdout.write(`catalog: ${status.catalog.products} products\n`);
          const agent = liveAgent(dataDir);
          const { runTraffic } = await import('./cliControl.js');
          if (agent) process.stdout.write(`agent: ${describeHolder(agent)}\n`);
          for (const s of status.sources) {
            const r = s.lastRun;
            const last = r ? `${r.status} ${r.finishedAt ?? r.startedAt} (${runTraffic(r)})` : 'never synced';
            process.stdout.write(`  ${s.name} (${s.kind}): ${s.state}; last run ${last}; last success ${s.lastSuccessAt ?? '—'}\n`);
          }
          const q = status.metrics?.queue;
          if (q?.paused.all) process.stdout.write(`paused: all sources until ${q.paused.allUntil ?? 'resumed'}\n`);
          for (const p of q?.paused.sources ?? []) process.stdout.write(`paused: ${p.source} until ${p.until ?? 'resumed'}\n`);
        }
        return 0;
      } finally {
        await engine.close();
      }
    }
    case 'health': {
      const engine = await open();
      try {
        const report = await engine.getHealth({});
        if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
        else {
          process.stdout.write(`${report.status}\n`);
          for (const s of report.sources) {
            process.stdout.write(`  ${s.name}: ${s.status}${s.reasons.length ? ` (${s.reasons.join('; ')})` : ''}\n`);
          }
        }
        return report.status === 'down' ? 1 : 0;
      } finally {
        await engine.close();
      }
    }
    case 'runs':
      return (await import('./cliControl.js')).runsCommand(control);
    case 'ploomes':
      return (await import('./cliPloomes.js')).ploomesCommand(control);
    case 'push':
      return (await import('./cliTargets.js')).pushCommand(control, () => open('sync'));
    case 'targets':
      return (await import('./cliTargets.js')).targetsCommand(control, () => open());
    case 'sync-entity':
      return (await import('./cliTargets.js')).syncEntityCommand(control, () => open('sync'));
    case 'pause':
      return (await import('./cliControl.js')).pauseCommand(control);
    case 'resume':
      return (await import('./cliControl.js')).resumeCommand(control);
    case 'search': {
      const query = rest.join(' ');
      const engine = await open();
      try {
        const result = await engine.search({ query, filters: {}, facets: false, limit: int(values.limit, 'limit', 20) });
        if (values.json) {
          process.stdout.write(JSON.stringify(result) + '\n');
        } else {
          process.stdout.write(`${result.total} match(es)\n`);
          for (const p of result.items) process.stdout.write(`  ${p.code ?? ''}\t${p.name}\t${p.brand ?? ''}\t${p.price ?? ''}\n`);
        }
        return 0;
      } finally {
        await engine.close();
      }
    }
    case 'export': {
      const entity = rest[0] ?? '';
      const format = values.format as ExportFormat | undefined;
      if (format !== 'ndjson' && format !== 'csv') throw new UsageError('export: --format must be ndjson or csv');
      const [engine, { exportRecords, recordColumns }] = await Promise.all([open(), import('./engine/export/exporter.js')]);
      try {
        if (!engine.entityNames().includes(entity)) {
          throw new UsageError(`export: unknown entity "${entity}"; available: ${engine.entityNames().join(', ')}`);
        }
        const out = values.out ? createWriteStream(values.out) : process.stdout;
        const n =
          entity === 'products'
            ? await exportRecords(engine.exportProducts(), format, out)
            : await exportRecords(engine.records.iterate(entity), format, out, recordColumns(engine.entityFields(entity)));
        if (values.out) {
          await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
          process.stderr.write(`exported ${n} ${entity} to ${values.out}\n`);
        }
        return 0;
      } finally {
        await engine.close();
      }
    }
    case 'serve': {
      // The engine runs in a worker thread (src-main/host) so this thread, the HTTP bridge's, never blocks on SQLite.
      // The worker loads the engine's modules while this thread loads the bridge's. Inputs are validated in the
      // worker and the reader thread, so this thread relays by the contract's names and never loads its schemas.
      const [engine, { startHttpBridge }] = await Promise.all([
        startEngineHost({ dataDir, ...(configPath ? { configPath } : {}), agent: 'serve' }),
        import('./server/httpBridge.js'),
      ]);
      const bridge = await startHttpBridge(engine, {
        host: values.host ?? '127.0.0.1',
        port: int(values.port, 'port', 0),
        staticDir: staticDir(),
        engineValidates: true,
      });
      // Schedules, webhooks and the jobs a previous session left queued: serve runs unattended; then the sync at
      // start-up, unless --no-sync.
      await engine.startAgent({ startupSync: !values['no-sync'] });
      process.stdout.write(`Syncflow UI: ${bridge.uiUrl}\nData dir: ${dataDir}\n`);
      if (engine.webhookUrl) process.stdout.write(`Webhooks: ${engine.webhookUrl}/webhooks/<source>\n`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await bridge.close();
        await engine.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
      return new Promise<number>(() => undefined);
    }
    case 'demo-server': {
      const { startDemoServer } = await import('./demo/demoServer.js');
      const demo = await startDemoServer({
        port: int(values.port, 'port', 0),
        size: int(values.size, 'size', 11_793),
        mutationsPerMinute: int(values['mutations-per-minute'], 'mutations-per-minute', 0),
      });
      process.stdout.write(`Demo API: ${demo.url}/Products  (header User-Key: ${demo.userKey}; ${demo.size} products)\n`);
      const stop = () => void demo.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return new Promise<number>(() => undefined);
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${usage}`);
  }
}

export async function runCli(argv: string[]): Promise<void> {
  // `syncflow search … | head -1`: the reader left, so the rest of the output has nowhere to go. Not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  tuneEngineHeap(); // one-shot commands run the engine on this thread
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof SchemaTooNewError) {
      process.stderr.write(`syncflow: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof AgentLockHeldError) {
      process.stderr.write(`syncflow: ${err.message}\n`);
      process.exitCode = 1;
    } else if (err instanceof ApiInputError) {
      process.stderr.write(`syncflow: ${err.issues.join('; ')}\n`);
      process.exitCode = 2;
    } else if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`syncflow: ${(err as Error).message}\n(see syncflow --help)\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`syncflow: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
