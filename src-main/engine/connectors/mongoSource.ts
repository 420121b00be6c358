// A MongoDB collection as a source, through the official driver: a filter, pages by _id (keyset, so a full pass
// proves deletes by absence), incrementals by a date field, soft deletes by a field that is set.
import type * as Mongo from 'mongodb';
import type { Collection, Document, MongoClient } from 'mongodb';
import type { MappingConfig, MongoSourceConfig } from '../../../src-shared/config.js';
import { compileMapping } from '../pipeline/mappingCompile.js';
import { classified, mongoErrorClass } from './dbErrors.js';
import { cursorDate, deletedFilter, idCandidates, listingFilter, mongoMapping, plainValue } from './mongoQuery.js';
import type { Connector, ConnectorCapabilities, PageRequest, SourcePage, Traffic } from './types.js';

// The driver takes a quarter of a second of CPU to load: loaded by the first read of a MongoDB source, not by
// every engine start (the engine worker's start-up is what the UI waits for).
let driver: typeof Mongo | null = null;
const loadDriver = async (): Promise<typeof Mongo> => (driver ??= await import('mongodb'));

// The resume key keeps _id's BSON type (an ObjectId stays one), which its text in the catalog would lose.
const encodeKey = (m: typeof Mongo, id: unknown): string => m.BSON.EJSON.stringify({ k: id }, { relaxed: false });
const decodeKey = (m: typeof Mongo, key: string): unknown => (m.BSON.EJSON.parse(key, { relaxed: false }) as { k: unknown }).k;

export class MongoConnector implements Connector {
  readonly kind = 'mongodb';
  readonly capabilities: ConnectorCapabilities;
  readonly mapping: MappingConfig;
  readonly traffic: Traffic = { requests: 0, bytes: 0 };
  private client: MongoClient | null = null;

  constructor(
    private readonly config: MongoSourceConfig,
    where: string,
  ) {
    this.mapping = compileMapping(mongoMapping(config), config.validation, where, config.locale);
    this.capabilities = {
      full: true,
      incremental: config.incremental !== undefined,
      fetchByIds: true,
      deletes: config.softDelete !== undefined && config.incremental !== undefined,
    };
  }

  private async collection(): Promise<Collection<Document>> {
    const t = this.config.timeoutMs;
    const { MongoClient } = await loadDriver();
    this.client ??= new MongoClient(this.config.connection, { serverSelectionTimeoutMS: t, connectTimeoutMS: t, socketTimeoutMS: t * 2, maxPoolSize: 2 });
    return this.client.db(this.config.database).collection(this.config.collection);
  }

  private async attempt<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    this.traffic.requests++;
    try {
      return await fn();
    } catch (err) {
      throw classified(err, mongoErrorClass, `${doing} (${this.config.database}.${this.config.collection})`);
    }
  }

  private find(filter: Document, limit: number): Promise<Document[]> {
    return this.attempt('reading documents', async () => (await this.collection()).find(filter, { maxTimeMS: this.config.timeoutMs }).sort({ _id: 1 }).limit(limit).toArray());
  }

  stableListing(): boolean {
    return true;
  }

  async *pages(req: PageRequest): AsyncGenerator<SourcePage> {
    const c = this.config;
    const cursor = req.strategy === 'incremental' && req.cursor && c.incremental ? cursorDate(c, req.cursor) : null;
    const m = await loadDriver();
    const total = await this.attempt('counting documents', async () => (await this.collection()).countDocuments(listingFilter(c, { cursor }), { maxTimeMS: c.timeoutMs }));
    let afterId: unknown = req.startKey ? decodeKey(m, req.startKey) : undefined;
    let offset = req.startOffset ?? 0;
    for (let first = true; ; first = false) {
      req.signal?.throwIfAborted();
      const docs = await this.find(listingFilter(c, { cursor, afterId }), c.pageSize);
      if (docs.length === 0 && !first) return;
      const last = docs.at(-1);
      const lastKey = last ? encodeKey(m, last['_id']) : undefined;
      yield { records: docs.map(plainValue), offset, total, ...(lastKey ? { lastKey } : {}) };
      if (docs.length < c.pageSize) return;
      offset += docs.length;
      afterId = last!['_id'];
    }
  }

  async fetchByIds(ids: string[]): Promise<unknown[]> {
    if (ids.length === 0) return [];
    const { ObjectId } = await loadDriver();
    const filter = { $and: [listingFilter(this.config, { cursor: null }), { _id: { $in: idCandidates(ids, (h) => new ObjectId(h)) } }] };
    return (await this.find(filter, ids.length * 3)).map(plainValue);
  }

  async *deletedSince(cursor: string, signal?: AbortSignal): AsyncGenerator<string[]> {
    const c = this.config;
    if (!c.softDelete || !c.incremental) return;
    const since = cursorDate(c, cursor);
    let afterId: unknown;
    for (;;) {
      signal?.throwIfAborted();
      const docs = await this.find(deletedFilter(c, since, afterId), c.pageSize);
      if (docs.length > 0) yield docs.map((d) => String(plainValue(d['_id'])));
      if (docs.length < c.pageSize) return;
      afterId = docs.at(-1)!['_id'];
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.close();
  }
}
