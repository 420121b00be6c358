// Connectors by kind; config picks one. A new source kind is one file registered here, never an engine change.
import type { SourceConfig } from '../../../src-shared/config.js';
import { resolveSourceSecrets } from '../config/secrets.js';
import type { Db } from '../store/database.js';
import { FileConnector } from './fileSource.js';
import { MongoConnector } from './mongoSource.js';
import { PostgresConnector } from './postgresSource.js';
import { Legacy4dConnector } from './legacy4d.js';
import { demoAccountFields, ploomesAsRest } from './ploomes.js';
import { isPloomesEntity, ploomesEntityAsRest } from './ploomesEntities.js';
import { RestConnector } from './restConnector.js';
import { SalesforceConnector } from './salesforce.js';
import type { Connector, SecretResolver } from './types.js';

export interface ConnectorContext {
  resolveSecret: SecretResolver;
  /** Where the source sits in the config, for error messages (`sources[0]`). */
  where: string;
  /** Set for `kind: demo`: the in-process demo API the engine started. */
  demo?: { url: string; userKey: string };
  /** The engine's database, for connectors that keep state (the HTTP response cache). */
  db?: Db;
}

type Factory = (config: SourceConfig, ctx: ConnectorContext) => Connector;

const factories = new Map<string, Factory>();

export function registerConnector(kind: string, factory: Factory): void {
  factories.set(kind, factory);
}

export function registeredKinds(): string[] {
  return [...factories.keys()];
}

export function createConnector(config: SourceConfig, ctx: ConnectorContext): Connector {
  const factory = factories.get(config.kind);
  if (!factory) throw new Error(`${ctx.where}.kind: no connector registered for "${config.kind}"`);
  // Every request field may hold references; resolved here, an unset one is named as the user wrote it.
  return factory(resolveSourceSecrets(config, ctx.resolveSecret, ctx.where), ctx);
}

type Of<K extends SourceConfig['kind']> = Extract<SourceConfig, { kind: K }>;

registerConnector('rest', (c, ctx) => new RestConnector(c as Of<'rest'>, ctx.resolveSecret, ctx.where, { db: ctx.db }));

registerConnector('ploomes', (c, ctx) => {
  const cfg = c as Of<'ploomes'>;
  if (isPloomesEntity(cfg.entity)) {
    return new RestConnector(ploomesEntityAsRest(cfg, { 'User-Key': cfg.apiKey }), ctx.resolveSecret, ctx.where, { db: ctx.db });
  }
  return new RestConnector(ploomesAsRest(cfg, { 'User-Key': cfg.apiKey }), ctx.resolveSecret, ctx.where, {
    db: ctx.db,
  });
});

registerConnector(
  'salesforce',
  (c, ctx) => new SalesforceConnector(c as Of<'salesforce'>, ctx.resolveSecret, ctx.where, ctx.db),
);

registerConnector(
  'legacy4d',
  (c, ctx) => new Legacy4dConnector(c as Of<'legacy4d'>, ctx.resolveSecret, ctx.where, ctx.db),
);

registerConnector('file', (c, ctx) => new FileConnector(c as Of<'file'>, ctx.where));

registerConnector('postgres', (c, ctx) => new PostgresConnector(c as Of<'postgres'>, ctx.where));

registerConnector('mongodb', (c, ctx) => new MongoConnector(c as Of<'mongodb'>, ctx.where));

registerConnector('demo', (c, ctx) => {
  if (!ctx.demo) throw new Error(`${ctx.where}: the demo API is not running`);
  const cfg = c as Of<'demo'>;
  const rest = ploomesAsRest(
    {
      name: cfg.name,
      kind: 'ploomes',
      entity: cfg.entity,
      timeoutMs: cfg.timeoutMs,
      baseUrl: ctx.demo.url,
      apiKey: '',
      pageSize: 300,
      paging: 'offset',
      mapping: demoAccountFields,
      validation: [],
    },
    { 'User-Key': ctx.demo.userKey },
  );
  return new RestConnector(rest, ctx.resolveSecret, ctx.where);
});
