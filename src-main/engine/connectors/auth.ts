// Credentials for a source's requests. Any value may be a `${env:…}` reference; secrets must be. They are
// resolved once, up front, so a missing variable fails the run before any request and names the config field.
// OAuth2 tokens are cached until shortly before they expire and dropped on a 401, so the request is retried once
// with a fresh one.
import { loadGot } from '../http/got.js';
import { ConfigError } from '../config/configError.js';
import type { AuthConfig } from '../../../src-shared/sourceSchemas.js';
import type { SecretResolver } from './types.js';

export interface OutgoingAuth {
  headers: Record<string, string>;
  searchParams: URLSearchParams;
}

export interface Authenticator {
  apply(req: OutgoingAuth, signal?: AbortSignal): Promise<void>;
  /** After a 401: forget cached credentials; true when retrying can help (a fresh token). */
  invalidate(): boolean;
  /** Extra fields the token endpoint returned (Salesforce's `instance_url`). */
  readonly tokenInfo?: Record<string, unknown>;
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  token_type?: unknown;
  [k: string]: unknown;
}

// Refresh a little early so a token never expires between being read and being used.
const expirySlackMs = 30_000;

class OAuth2Authenticator implements Authenticator {
  private token: { value: string; expiresAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  tokenInfo: Record<string, unknown> | undefined;

  constructor(
    private readonly form: Record<string, string>,
    private readonly tokenUrl: string,
    private readonly timeoutMs: number,
  ) {}

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const got = await loadGot();
    const body = await got
      .post(this.tokenUrl, {
        form: this.form,
        timeout: { request: this.timeoutMs },
        retry: { limit: 1 },
        ...(signal ? { signal } : {}),
      })
      .json<TokenResponse>();
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new Error(`the token endpoint ${new URL(this.tokenUrl).pathname} answered without an access_token`);
    }
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? NaN);
    this.token = {
      value: body.access_token,
      expiresAt: Number.isFinite(ttl) ? Date.now() + ttl * 1000 - expirySlackMs : Infinity,
    };
    const { access_token: _a, ...info } = body;
    this.tokenInfo = info;
    return body.access_token;
  }

  async apply(req: OutgoingAuth, signal?: AbortSignal): Promise<void> {
    let value = this.token && this.token.expiresAt > Date.now() ? this.token.value : null;
    if (value === null) {
      this.inflight ??= this.fetchToken(signal).finally(() => (this.inflight = null));
      value = await this.inflight;
    }
    req.headers.authorization = `Bearer ${value}`;
  }

  invalidate(): boolean {
    this.token = null;
    return true;
  }
}

export function createAuthenticator(
  config: AuthConfig,
  resolve: SecretResolver,
  where: string,
  timeoutMs: number,
): Authenticator {
  const at = `${where}.auth`;
  switch (config.type) {
    case 'none':
      return { apply: async () => undefined, invalidate: () => false };
    case 'apiKey': {
      const value = resolve(config.value, `${at}.value`);
      return {
        apply: async (req) => {
          if (config.in === 'header') req.headers[config.name] = value;
          else req.searchParams.set(config.name, value);
        },
        invalidate: () => false,
      };
    }
    case 'bearer': {
      const token = resolve(config.token, `${at}.token`);
      return { apply: async (req) => void (req.headers.authorization = `Bearer ${token}`), invalidate: () => false };
    }
    case 'basic': {
      const encoded = Buffer.from(
        `${resolve(config.username, `${at}.username`)}:${resolve(config.password, `${at}.password`)}`,
      ).toString('base64');
      return { apply: async (req) => void (req.headers.authorization = `Basic ${encoded}`), invalidate: () => false };
    }
    case 'oauth2': {
      const form: Record<string, string> = {
        grant_type: config.grant,
        client_id: resolve(config.clientId, `${at}.clientId`),
        client_secret: resolve(config.clientSecret, `${at}.clientSecret`),
      };
      if (config.grant === 'password') {
        if (!config.username)
          throw new ConfigError([{ path: `${at}.username`, message: 'required for the password grant' }]);
        if (!config.password)
          throw new ConfigError([{ path: `${at}.password`, message: 'required for the password grant' }]);
        form.username = resolve(config.username, `${at}.username`);
        form.password = resolve(config.password, `${at}.password`);
      }
      if (config.scope) form.scope = config.scope;
      return new OAuth2Authenticator(form, config.tokenUrl, timeoutMs);
    }
  }
}
