// Salesforce target: upsert by an external id field (PATCH /sobjects/{object}/{field}/{id}: Salesforce creates or
// updates, so a re-sent record is the same write), DELETE by the same URL (404 = already gone). Tokens come from
// the same OAuth2 authenticator the Salesforce source uses.
import type { Method } from 'got';
import { isHTTPError, loadGot } from '../../http/got.js';
import type { SalesforceTargetConfig } from '../../../../src-shared/targetSchemas.js';
import { createAuthenticator, type Authenticator } from '../../connectors/auth.js';
import type { SecretResolver } from '../../connectors/types.js';
import type { RecordState } from '../changeReader.js';
import { mapFields, type TargetWriter, type WriteResult } from './types.js';

export class SalesforceWriter implements TargetWriter {
  private readonly auth: Authenticator;
  private readonly base: string;

  constructor(
    private readonly c: SalesforceTargetConfig,
    resolve: SecretResolver,
    where: string,
  ) {
    const instance = resolve(c.instanceUrl, `${where}.instanceUrl`).replace(/\/+$/, '');
    const login = c.loginUrl ? resolve(c.loginUrl, `${where}.loginUrl`).replace(/\/+$/, '') : instance;
    this.auth = createAuthenticator(
      {
        type: 'oauth2',
        grant: c.grant,
        tokenUrl: `${login}/services/oauth2/token`,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        ...(c.username ? { username: c.username } : {}),
        ...(c.password ? { password: c.password } : {}),
      },
      resolve,
      where,
      c.timeoutMs,
    );
    this.base = `${instance}/services/data/${c.apiVersion}/sobjects/${c.object}/${c.externalIdField}`;
  }

  async write(batch: RecordState[], signal: AbortSignal): Promise<WriteResult> {
    for (const s of batch) {
      const url = `${this.base}/${encodeURIComponent(s.id)}`;
      // Upsert or delete by external id: a 404 on delete is a record gone there already, taken as the REST writer's.
      if (s.deleted) await this.send('DELETE', url, undefined, signal);
      else await this.send('PATCH', url, mapFields(s.record!, this.c.mapping.fields), signal);
    }
    return { unchanged: [] };
  }

  private async send(method: Method, url: string, body: unknown, signal: AbortSignal): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const req = { headers: {} as Record<string, string>, searchParams: new URLSearchParams() };
      await this.auth.apply(req, signal);
      try {
        const got = await loadGot();
        const res = await got(url, {
          method,
          headers: req.headers,
          ...(body === undefined ? {} : { json: body }),
          timeout: { request: this.c.timeoutMs },
          retry: { limit: 0 },
          signal,
        });
        return res.statusCode;
      } catch (err) {
        if (isHTTPError(err)) {
          if (method === 'DELETE' && err.response.statusCode === 404) return 404;
          if (err.response.statusCode === 401 && attempt === 0 && this.auth.invalidate()) continue;
        }
        throw err;
      }
    }
  }

  async close(): Promise<void> {}
}
