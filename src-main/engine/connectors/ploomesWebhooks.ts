// Ploomes' webhook subscriptions (`/Webhooks`): list, register and remove the ones that call this agent's receiver.
// Ploomes posts to `CallbackUrl` with the `ValidationKey` it was given; one subscription per entity and action.
import { randomBytes } from 'node:crypto';
import { loadGot } from '../http/got.js';
import type { PloomesSourceConfig } from '../../../src-shared/config.js';
import { createSecretResolver, resolveSourceSecrets, type Keychain } from '../config/secrets.js';

/** Ploomes' id of the Product entity (`GET /Fields@Entities` lists an account's entities). */
export const PLOOMES_PRODUCT_ENTITY = 7;
/** Create, update and delete: what a catalog mirror needs to hear about. */
export const PLOOMES_ACTIONS = { 1: 'create', 2: 'update', 3: 'delete' } as const;

export interface PloomesWebhook {
  Id: number;
  EntityId: number;
  ActionId: number;
  CallbackUrl: string;
}

/** The callback a source's subscriptions point at: `<publicUrl>/webhooks/<source>`. */
export const callbackUrl = (publicUrl: string, source: string) => `${publicUrl.replace(/\/+$/, '')}/webhooks/${source}`;

/** A fresh validation key: 32 random bytes, hex (Ploomes echoes it in every notification). */
export const newValidationKey = () => randomBytes(32).toString('hex');

export class PloomesWebhooksClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(source: PloomesSourceConfig, where: string, keychain?: Keychain) {
    const c = resolveSourceSecrets(source, createSecretResolver(keychain), where);
    this.base = c.baseUrl.replace(/\/+$/, '');
    this.headers = { 'User-Key': c.apiKey, accept: 'application/json', 'user-agent': 'Syncflow/0.1' };
    this.timeoutMs = c.timeoutMs;
  }

  private opts() {
    return { headers: this.headers, timeout: { request: this.timeoutMs }, retry: { limit: 0 } } as const;
  }

  async list(): Promise<PloomesWebhook[]> {
    const body = await (await loadGot()).get(`${this.base}/Webhooks`, this.opts()).json<{ value?: PloomesWebhook[] }>();
    return body.value ?? [];
  }

  async register(hook: Omit<PloomesWebhook, 'Id'> & { ValidationKey: string }): Promise<PloomesWebhook> {
    const body = await (await loadGot()).post(`${this.base}/Webhooks`, { ...this.opts(), json: hook }).json<PloomesWebhook | { value?: PloomesWebhook[] }>();
    // Ploomes answers with the created entity, in an OData `value` array or bare.
    const created = 'value' in body && Array.isArray(body.value) ? body.value[0] : (body as PloomesWebhook);
    if (!created || typeof created.Id !== 'number') throw new Error('Ploomes accepted the subscription but did not return its Id');
    return created;
  }

  async remove(id: number): Promise<void> {
    await (await loadGot()).delete(`${this.base}/Webhooks(${id})`, this.opts());
  }
}
