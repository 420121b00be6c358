// REST target: each record is PUT (or PATCHed) at `${path}/{id}`, created with POST on the collection when the
// target answers 404, and DELETEd when the catalog deleted it (404 = already gone). Every request carries an
// Idempotency-Key of target, record and version, so a re-sent batch is recognisable by APIs that honour it, and
// PUT by id is idempotent for those that do not. Auth and pace (the configured limit, then the API's own rate
// signals) are the REST sources' own.
import type { Method } from 'got';
import { isHTTPError, loadGot } from '../../http/got.js';
import type { RestTargetConfig } from '../../../../src-shared/targetSchemas.js';
import { createAuthenticator, type Authenticator } from '../../connectors/auth.js';
import { Pacer } from '../../connectors/pacer.js';
import type { SecretResolver } from '../../connectors/types.js';
import type { RecordState } from '../changeReader.js';
import { mapFields, type TargetWriter, type WriteResult } from './types.js';

export class RestWriter implements TargetWriter {
  private readonly auth: Authenticator;
  private readonly pacer: Pacer;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly c: RestTargetConfig,
    resolve: SecretResolver,
    where: string,
  ) {
    this.auth = createAuthenticator(c.auth, resolve, where, c.timeoutMs);
    this.pacer = Pacer.fromConfig(c);
    this.base = `${resolve(c.baseUrl, `${where}.baseUrl`).replace(/\/+$/, '')}${c.path.replace(/\/+$/, '')}`;
    this.headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, resolve(v, `${where}.headers.${k}`)]));
  }

  async write(batch: RecordState[], signal: AbortSignal): Promise<WriteResult> {
    const unchanged: string[] = [];
    for (const s of batch) {
      const key = `${this.c.name}:${s.entity}:${s.id}:${s.version}`;
      const url = `${this.base}/${encodeURIComponent(s.id)}`;
      if (s.deleted) {
        // Kept there on purpose: the target is left as it was.
        if (this.c.deletes === 'ignore') unchanged.push(s.id);
        // A 404 is taken too: the record is gone there, most often deleted by an earlier attempt of this batch (or of
        // a push that died before its offset moved), which no run has counted.
        else await this.send('DELETE', url, undefined, key, signal, [404]);
        continue;
      }
      const body = { ...mapFields(s.record!, this.c.mapping?.fields), [this.c.idField]: s.id };
      const status = await this.send(this.c.update, url, body, key, signal, [404]);
      if (status === 404) await this.send('POST', this.base, body, key, signal, []);
    }
    return { unchanged };
  }

  /** One request; statuses in `tolerated` are returned instead of thrown. A 401 gets one retry with fresh credentials. */
  private async send(method: Method, url: string, body: unknown, key: string, signal: AbortSignal, tolerated: number[]): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const sentAt = await this.pacer.acquire(signal);
      const req = { headers: { ...this.headers, 'idempotency-key': key }, searchParams: new URLSearchParams() };
      await this.auth.apply(req, signal);
      try {
        const got = await loadGot();
        const res = await got(url, {
          method,
          headers: req.headers,
          searchParams: req.searchParams,
          ...(body === undefined ? {} : { json: body }),
          timeout: { request: this.c.timeoutMs },
          retry: { limit: 0 },
          signal,
        });
        this.pacer.answered(sentAt, res.headers);
        return res.statusCode;
      } catch (err) {
        if (isHTTPError(err)) {
          this.pacer.answered(sentAt, err.response.headers);
          const status = err.response.statusCode;
          if (tolerated.includes(status)) return status;
          if (status === 401 && attempt === 0 && this.auth.invalidate()) continue;
        } else this.pacer.abandoned(sentAt);
        throw err;
      }
    }
  }

  async close(): Promise<void> {}
}
