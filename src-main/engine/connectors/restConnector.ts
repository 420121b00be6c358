// Declarative REST source: auth, pagination kinds, a JSON record selector, an incremental cursor, rate limiting and
// conditional requests, all from syncflow.yaml. The next page is requested while the pipeline writes the current
// one, so fetching hides behind writing.
import { isHTTPError, loadGot } from '../http/got.js';
import type { MappingConfig, RestSourceConfig } from '../../../src-shared/config.js';
import { ConfigError } from '../config/configError.js';
import { scrubSecrets } from '../config/secrets.js';
import { readPath } from '../pipeline/mapping.js';
import { compileMapping } from '../pipeline/mappingCompile.js';
import { startBatch } from '../pipeline/validation.js';
import type { Db } from '../store/database.js';
import { createAuthenticator, type Authenticator } from './auth.js';
import { cursorForRequest, staleCursorReason } from './cursor.js';
import { HttpCache } from './httpCache.js';
import { splitRecords } from './jsonRecords.js';
import { cappedPageMessage, firstCall, followingCall, keyCall, nextCall, recordKey, type PageCall, type PageResponse } from './pagination.js';
import { isRefusal, Pacer } from './pacer.js';
import type { Connector, ConnectorCapabilities, PageRequest, SecretResolver, SourcePage, Traffic } from './types.js';

export interface RestOptions {
  /** Enables the SQLite response cache when the config asks for conditional requests. */
  db?: Db | undefined;
  /** Extra SOQL condition put into `{where}` placeholders (the Salesforce preset). */
  soqlWhere?: string | undefined;
}

export class RestConnector implements Connector {
  readonly kind: string = 'rest';
  readonly capabilities: ConnectorCapabilities;
  readonly mapping: MappingConfig;
  readonly traffic: Traffic = { requests: 0, bytes: 0 };
  protected readonly auth: Authenticator;
  private readonly headers: Record<string, string>;
  /** The source's pace, shared by every request it makes (pages fetched ahead, by-id fetches, delete feeds). */
  readonly pacer: Pacer;
  private readonly cache: HttpCache | null;
  private readonly endpoint: string;

  constructor(
    protected readonly config: RestSourceConfig,
    resolveSecret: SecretResolver,
    protected readonly where: string,
    private readonly options: RestOptions = {},
  ) {
    this.capabilities = {
      full: true,
      incremental: config.incremental !== undefined,
      fetchByIds: config.byIds !== undefined,
    };
    this.mapping = compileMapping(withCursorMapping(config), config.validation ?? [], where, config.locale);
    this.headers = Object.fromEntries(
      Object.entries(config.headers).map(([k, v]) => [k, resolveSecret(v, `${where}.headers.${k}`)]),
    );
    this.auth = createAuthenticator(config.auth ?? { type: 'none' }, resolveSecret, where, config.timeoutMs);
    this.pacer = Pacer.fromConfig(config.request ?? {});
    this.cache = config.request?.conditional && options.db ? new HttpCache(options.db, config.name) : null;
    this.endpoint = config.baseUrl.replace(/\/+$/, '') + config.path;
  }

  /**
   * Only a keyset cannot skip a record: offset and page numbers shift when records before them go, and token kinds
   * may be offsets in disguise. `resumed`: restarted and skipping by count (no key to resume after).
   */
  stableListing(resumed: boolean): boolean {
    return this.config.pagination.type === 'keyset' && !resumed;
  }

  fetchableId(id: string): boolean {
    return Boolean(this.config.byIds?.quote) || /^[\w.-]+$/.test(id);
  }

  fullSyncReason(cursor: string, now: Date): string | null {
    return staleCursorReason(cursor, this.config.incremental?.maxAge, now);
  }

  private baseParams(req: PageRequest): Record<string, string> {
    const params: Record<string, string> = { ...this.config.query };
    const inc = this.config.incremental;
    const where = this.options.soqlWhere ? [this.options.soqlWhere] : [];
    if (req.strategy === 'incremental' && inc && req.cursor) {
      Object.assign(params, inc.query);
      const value = cursorForRequest(req.cursor, inc);
      if (inc.in === 'query') params[inc.param!] = inc.template!.replaceAll('{cursor}', value);
      else if (inc.in === 'odata') {
        const f = `${inc.cursorField} ge ${value}`;
        params.$filter = params.$filter ? `(${params.$filter}) and ${f}` : f;
      } else where.push(`${inc.cursorField} >= ${value.replace(/\.\d+Z$/, 'Z')}`);
    }
    // A segment's filter narrows whatever the request already filters (the incremental cursor, a fixed $filter).
    if (req.filter) params.$filter = params.$filter ? `(${params.$filter}) and (${req.filter})` : req.filter;
    const clause = where.length ? ` WHERE ${where.map((w) => (where.length > 1 ? `(${w})` : w)).join(' AND ')}` : '';
    for (const [k, v] of Object.entries(params))
      if (v.includes('{where}')) params[k] = v.replace(/\s*\{where\}/g, clause);
    return params;
  }

  protected async get(
    call: PageCall,
    signal?: AbortSignal,
    raw = false,
  ): Promise<{ body: unknown; headers: PageResponse['headers']; recordBytes?: Buffer[] }> {
    const url = new URL(call.url ?? this.endpoint);
    if (!call.url) for (const [k, v] of Object.entries(call.params)) url.searchParams.set(k, v);
    // The cache key is taken before auth is applied and with resolved secrets masked, so no key lands in SQLite.
    const key = scrubSecrets(url.href);
    let refusals = 0;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': 'Syncflow/0.1',
        ...this.headers,
      };
      const out = { headers, searchParams: new URLSearchParams(url.search) };
      await this.auth.apply(out, signal);
      const cached = this.cache?.get(key) ?? null;
      if (cached?.etag) headers['if-none-match'] = cached.etag;
      if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
      const target = new URL(url);
      target.search = out.searchParams.toString();
      const got = await loadGot();
      const sentAt = await this.pacer.acquire(signal, refusals > 0);
      this.traffic.requests++;
      try {
        const res = await got.get(target, {
          headers,
          timeout: { request: this.config.timeoutMs },
          // Retries live in the pipeline (resilience/retryPolicy.ts): one policy for backoff, Retry-After and limits.
          retry: { limit: 0 },
          // Bytes, not text: a page split into records (raw) decodes only the records that changed.
          responseType: 'buffer',
          ...(signal ? { signal } : {}),
        });
        this.traffic.bytes += res.rawBody.length;
        this.pacer.answered(sentAt, res.headers);
        let bytes = res.body;
        // Decoded at most once: the cache stores text, and a page that is not split is parsed from it.
        let text: string | null = null;
        if (res.statusCode === 304 && cached) {
          text = cached.body;
          if (raw) bytes = Buffer.from(text, 'utf8');
        } else if (this.cache) {
          text = bytes.toString('utf8');
          this.cache.put(key, { etag: header(res.headers.etag), lastModified: header(res.headers['last-modified']), body: text });
        }
        const split = raw ? splitRecords(bytes, this.config.recordSelector) : null;
        if (split) return { body: split.envelope, headers: res.headers, recordBytes: split.records };
        return { body: parseJson(text ?? bytes.toString('utf8')), headers: res.headers };
      } catch (err) {
        if (isHTTPError(err)) this.traffic.bytes += err.response.rawBody?.length ?? 0;
        if (isRefusal(err)) {
          // A refusal is a pace signal: wait as the pacer says and send the same request again.
          const wait = this.pacer.refused(err.response, sentAt, refusals++);
          if (wait === null) throw refusals > 1 ? markExhausted(err) : err;
          await this.pacer.wait(wait, signal);
          attempt--;
          continue;
        }
        if (isHTTPError(err)) this.pacer.answered(sentAt, err.response.headers);
        else this.pacer.abandoned(sentAt);
        if (isHTTPError(err) && err.response.statusCode === 401 && attempt === 0 && this.auth.invalidate())
          continue;
        throw err;
      }
    }
  }

  private async fetchPage(call: PageCall, signal?: AbortSignal, raw = false): Promise<PageResponse> {
    const { body, headers, recordBytes } = await this.get(call, signal, raw);
    const selector = this.config.recordSelector;
    const selected = recordBytes ?? (selector ? readPath(body, selector) : body);
    if (!Array.isArray(selected)) {
      throw new SourceShapeError(
        `expected an array of records at "${selector || '(body)'}", got ${selected === null ? 'null' : typeof selected}`,
      );
    }
    const p = this.config.pagination;
    const totalPath = p.type === 'offset' || p.type === 'page' ? p.totalPath : undefined;
    const total = totalPath ? Number(readPath(body, totalPath)) : NaN;
    return { body, headers, records: selected, total: Number.isFinite(total) ? total : null, ...(recordBytes ? { raw: true } : {}) };
  }

  /** The query that selects exactly these records, or null when the source has no way to. */
  protected paramsForIds(ids: string[]): Record<string, string> | null {
    const b = this.config.byIds;
    if (!b) return null;
    // Ids come from webhooks: unquoted ones must be plain tokens so they cannot change the filter's meaning.
    const safe = b.quote ? ids : ids.filter((id) => /^[\w.-]+$/.test(id));
    const list = safe.map((id) => (b.quote ? `'${id.replaceAll("'", "''")}'` : id)).join(b.separator);
    return { ...this.config.query, [b.param]: b.template.replaceAll('{ids}', list) };
  }

  /** The records with these ids that the source still has (a missing one was deleted there). */
  async fetchByIds(ids: string[], signal?: AbortSignal): Promise<unknown[]> {
    const params = this.paramsForIds(ids);
    if (!params) throw new ConfigError([{ path: `${this.where}.byIds`, message: 'required to fetch records by id' }]);
    const out: unknown[] = [];
    for await (const page of this.pagesFrom(params, 0, signal)) {
      out.push(...page.records);
      // Some APIs ignore the page position on an id query; every asked-for record is in.
      if (out.length >= ids.length) break;
    }
    return out;
  }

  pages(req: PageRequest): AsyncIterable<SourcePage> {
    return this.pagesFrom(this.baseParams(req), req.startOffset ?? 0, req.signal, req.raw ?? false, req.startKey ?? null);
  }

  private async *pagesFrom(
    params: Record<string, string>,
    startOffset: number,
    signal?: AbortSignal,
    raw = false,
    startKey: string | null = null,
  ): AsyncIterable<SourcePage> {
    const p = this.config.pagination;
    const start = firstCall(p, params, startOffset, startKey);
    // A keyset's following calls are the first call's parameters plus the last key.
    const keyBase = p.type === 'keyset' && p.sizeParam ? { ...params, [p.sizeParam]: String(p.pageSize) } : params;
    let lastKey: string | null = startKey;
    let { call, offset, skip } = start;
    // Requests in flight while the pipeline handles the current page. Offset and page-number kinds with a known
    // total ask for the following pages before this one is handled (they can be computed), so the source works
    // while we write; token kinds learn the next call from the response and keep one ahead.
    const depth = this.config.request?.prefetch ?? 1;
    // Records a page really holds: the configured size until the vendor is seen to cap it.
    let step = p.type === 'offset' || p.type === 'page' ? p.pageSize : 0;
    let shortPage = 0;
    let note: string | undefined;
    const ahead: { call: PageCall; offset: number; res: Promise<PageResponse> }[] = [];
    const fetch = (c: PageCall) => {
      const res = this.fetchPage(c, signal, raw);
      // If the consumer stops early a prefetched request may fail unobserved; that is not an error.
      res.catch(() => undefined);
      return res;
    };
    let pending = fetch(call);
    for (;;) {
      const res = await pending;
      const end = offset + res.records.length;
      let next = nextCall(p, call, res, end, this.endpoint);
      let pageKey: string | undefined;
      if (p.type === 'keyset' && res.records.length > 0) {
        // Only an empty page ends a keyset: a short one may be a vendor's cap.
        const key = recordKey(p, res.records.at(-1));
        if (key === null) throw new SourceShapeError(`keyset paging: the page's last record has no key at "${p.keyPath}"`);
        if (key === lastKey) throw new SourceShapeError(`keyset paging: the source ignored ${p.keyParam} (the same page came back)`);
        lastKey = pageKey = key;
        next = keyCall(p, keyBase, key);
      }
      if ((p.type === 'offset' || p.type === 'page') && res.records.length > 0) {
        // A page after a short one (or a short one before the reported total): the vendor caps its pages.
        const capped = shortPage > 0 ? shortPage : next && res.records.length < p.pageSize && res.total !== null ? res.records.length : 0;
        if (capped > 0 && p.type === 'page') throw new SourceShapeError(cappedPageMessage(capped, p.pageSize));
        if (capped > 0 && step !== capped) {
          step = capped;
          note = `the source serves at most ${capped} records a page (pageSize ${p.pageSize}); paging by ${capped}`;
        }
        shortPage = res.records.length < step ? res.records.length : 0;
      }
      if (next && ahead[0] && ahead[0].offset === end) {
        // A full page: the call made ahead for this position is the one sequential paging would make.
        const a = ahead.shift()!;
        next = a.call;
        pending = a.res;
      } else {
        ahead.length = 0;
        if (next) pending = fetch(next);
      }
      if (next && res.total !== null && (p.type === 'offset' || p.type === 'page')) {
        let last = ahead.at(-1) ?? { call: next, offset: end };
        while (ahead.length < depth - 1 && last.offset + step < res.total) {
          const c = followingCall(p, last.call, last.offset + step);
          last = { call: c, offset: last.offset + step };
          ahead.push({ ...last, res: fetch(c) });
        }
      }
      let records = res.records;
      if (skip > 0) {
        const dropped = Math.min(skip, records.length);
        records = records.slice(dropped);
        skip -= dropped;
        offset += dropped;
      }
      if (records.length > 0 || !next) {
        startBatch(this.mapping);
        const date = header(res.headers.date);
        yield {
          records,
          offset,
          total: res.total,
          ...(res.raw ? { raw: true } : {}),
          ...(date ? { vendorTime: date } : {}),
          ...(note ? { note } : {}),
          ...(pageKey ? { lastKey: pageKey } : {}),
        };
      }
      if (!next) return;
      offset += records.length;
      call = next;
    }
  }
}

/** When the cursor field is not mapped to sourceUpdatedAt, map it, so the pipeline can advance the cursor. */
function withCursorMapping(config: RestSourceConfig): MappingConfig {
  const inc = config.incremental;
  if (!inc || config.mapping.fields.sourceUpdatedAt !== undefined) return config.mapping;
  const spec =
    inc.format === 'iso' ? inc.cursorField : { path: inc.cursorField, transform: { name: 'date', format: inc.format } };
  return { ...config.mapping, fields: { ...config.mapping.fields, sourceUpdatedAt: spec } };
}

function header(v: string | string[] | undefined): string | null {
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceShapeError(
      `the source sent a page that is not valid JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}…)`,
    );
  }
}

/** The pacer already spent the retries on this refusal; the run's retry policy must not start over. */
function markExhausted(err: Error): Error {
  return Object.assign(err, { retriesSpent: true });
}

export class SourceShapeError extends Error {
  override name = 'SourceShapeError';
}
