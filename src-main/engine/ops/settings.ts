// The Settings screen's engine side: the config as written (secret references, never values), edits written back
// to syncflow.yaml and applied without a restart, a connection test of one source, schedule previews and
// write-only credentials.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cron from 'node-cron';
import { ApiInputError, type MethodResult, type ParsedInput } from '../../../src-shared/api.js';
import { formatPath } from '../../../src-shared/api.js';
import { syncflowConfig, type SourceConfig, type SyncflowConfig } from '../../../src-shared/config.js';
import type { ConfigView } from '../../../src-shared/opsTypes.js';
import { applyEdits, readDocument, timezoneProblems, validateDocument, writeDocument } from '../config/configEditor.js';
import { createSecretResolver, type Keychain } from '../config/secrets.js';
import type { SecretRef } from '../config/secretRefs.js';
import { createConnector } from '../connectors/registry.js';
import { classifyError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { mapProduct, mapRecord } from '../pipeline/mapping.js';
import { MappingError } from '../pipeline/mappingError.js';
import { cronProblem } from '../scheduler/scheduler.js';
import { catalogPath, type Db } from '../store/database.js';

export interface SettingsHost {
  dataDir: string;
  db: Db;
  log: Logger;
  config: () => SyncflowConfig;
  configFile: () => string | null;
  /** Where a first save writes when the demo config (no file) is in use. */
  setConfigFile: (file: string) => void;
  apply: (next: SyncflowConfig) => Promise<{ added: string[]; removed: string[]; changed: string[] }>;
  cacheEntries: () => number;
  keychain: Keychain | undefined;
  /** The desktop's keychain store (safeStorage); without it credentials go to files in the data dir. */
  storeSecret: (name: string, value: string) => void;
  hasKeychainStore: () => boolean;
  /** A credential was stored: sources that reference it resolve it again at their next run. */
  secretChanged: (ref: SecretRef) => void;
  demo: () => Promise<{ url: string; userKey: string } | null>;
}

export const secretsDir = (dataDir: string) => join(dataDir, 'secrets');
const PREVIEW = 5;

export class Settings {
  constructor(private readonly h: SettingsHost) {}

  getConfig(): ConfigView {
    const file = this.h.configFile();
    const doc = readDocument(file);
    const checked = validateDocument(doc);
    const size = (f: string) => {
      try {
        return statSync(f).size;
      } catch {
        return 0;
      }
    };
    const db = catalogPath(this.h.dataDir);
    const httpCache =
      this.h.db.prepare<[], { n: number | null }>('SELECT sum(length(body)) AS n FROM http_cache').get()?.n ?? 0;
    return {
      file,
      document: (doc.toJS() ?? {}) as Record<string, unknown>,
      problems: checked.problems,
      dataDir: this.h.dataDir,
      logDir: join(this.h.dataDir, 'logs'),
      secretStore: this.h.hasKeychainStore() ? 'keychain' : 'file',
      sizes: {
        databaseBytes: size(db) + size(`${db}-wal`),
        httpCacheBytes: httpCache,
        cacheEntries: this.h.cacheEntries(),
        cacheMaxEntries: this.h.config().cache.maxEntries,
      },
    };
  }

  async updateConfig(i: ParsedInput<'updateConfig'>): Promise<MethodResult<'updateConfig'>> {
    const file = this.h.configFile() ?? join(this.h.dataDir, 'syncflow.yaml');
    const doc = readDocument(this.h.configFile());
    applyEdits(doc, i.set, i.remove);
    const checked = validateDocument(doc);
    if (!checked.config) return { ok: false, problems: checked.problems };
    if (i.validateOnly) return { ok: true, problems: [] };
    writeDocument(file, doc);
    this.h.setConfigFile(file);
    const applied = await this.h.apply(checked.config);
    this.h.log.info(
      `configuration saved to ${file} and applied: added ${applied.added.join(', ') || 'none'}, removed ${applied.removed.join(', ') || 'none'}, changed ${applied.changed.join(', ') || 'none'}`,
    );
    return { ok: true, problems: [], applied, config: this.getConfig() };
  }

  /** One page fetched, its records counted, the first five mapped; nothing is written to the catalog. */
  async testSource(i: ParsedInput<'testSource'>): Promise<MethodResult<'testSource'>> {
    const started = Date.now();
    const result = (over: Partial<MethodResult<'testSource'>>): MethodResult<'testSource'> => ({
      ok: false,
      durationMs: Date.now() - started,
      fetched: 0,
      total: null,
      preview: [],
      error: null,
      problems: [],
      ...over,
    });
    if (!i.name && !i.source) throw new ApiInputError('testSource', ['source: give a source name or a source']);
    let source: SourceConfig | undefined;
    if (i.source) {
      const parsed = syncflowConfig.safeParse({ sources: [i.source] });
      if (!parsed.success) {
        const problems = parsed.error.issues.map((x) => ({ path: formatPath(x.path.slice(2)), message: x.message }));
        return result({ problems });
      }
      source = parsed.data.sources[0]!;
    } else {
      source = this.h.config().sources.find((s) => s.name === i.name);
      if (!source) return result({ problems: [{ path: 'name', message: `no source named "${i.name}"` }] });
    }
    const abort = new AbortController();
    try {
      const demo = source.kind === 'demo' ? await this.h.demo() : null;
      const connector = createConnector(source, {
        resolveSecret: createSecretResolver(this.h.keychain),
        where: 'source',
        ...(demo ? { demo } : {}),
      });
      const pages = connector.pages({ strategy: 'full', startOffset: 0, signal: abort.signal });
      let first: { records: unknown[]; total: number | null } | null = null;
      for await (const page of pages) {
        first = page;
        break;
      }
      abort.abort();
      const records = first?.records ?? [];
      const preview = records.slice(0, PREVIEW).map((raw) => {
        try {
          const mapped =
            source.entity === 'products'
              ? mapProduct(raw, connector.mapping, source.name)
              : mapRecord(raw, connector.mapping, source.name);
          return { raw, mapped: { ...mapped } as Record<string, unknown> };
        } catch (err) {
          if (!(err instanceof MappingError)) throw err;
          return { raw, mapped: null, rule: err.rule, reason: err.message };
        }
      });
      await connector.close?.();
      return result({ ok: true, fetched: records.length, total: first?.total ?? null, preview });
    } catch (err) {
      abort.abort();
      return result({ error: classifyError(err) });
    }
  }

  previewSchedule(i: ParsedInput<'previewSchedule'>): MethodResult<'previewSchedule'> {
    const problem =
      cronProblem(i.cron) ??
      timezoneProblems([{ schedule: { ...(i.timezone ? { timezone: i.timezone } : {}) } }])[0]?.message;
    if (problem) return { ok: false, next: [], problem };
    const matcher = cron.createTask(i.cron, () => undefined, i.timezone ? { timezone: i.timezone } : {});
    const next: string[] = [];
    const minute = 60_000;
    // Minute by minute, at most a year and a bit ahead (a yearly schedule still shows its next run).
    let t = Math.floor(Date.now() / minute) * minute + minute;
    for (let n = 0; n < 400 * 24 * 60 && next.length < i.count; n++, t += minute) {
      if (matcher.match(new Date(t))) next.push(new Date(t).toISOString());
    }
    return { ok: true, next };
  }

  storeCredential(i: ParsedInput<'storeCredential'>): MethodResult<'storeCredential'> {
    if (this.h.hasKeychainStore()) {
      this.h.storeSecret(i.name, i.value);
      this.h.log.info(`credential ${i.name} stored in the OS keychain`);
      this.h.secretChanged({ scheme: 'keychain', name: i.name });
      return { ref: `\${keychain:${i.name}}`, store: 'keychain', where: 'the OS keychain' };
    }
    const dir = secretsDir(this.h.dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, i.name);
    writeFileSync(file, i.value, { mode: 0o600 });
    chmodSync(file, 0o600);
    this.h.log.info(`credential ${i.name} stored in ${file}`);
    this.h.secretChanged({ scheme: 'file', name: file });
    return { ref: `\${file:${file}}`, store: 'file', where: file };
  }
}
