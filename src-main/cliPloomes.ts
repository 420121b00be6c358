// `syncflow ploomes webhooks list|register|remove [source]`: Ploomes' webhook subscriptions for a source. register
// points Ploomes at `<webhooks.publicUrl>/webhooks/<source>` for product create, update and delete, with a
// validation key generated here and kept as a secret reference (a file under <data-dir>/secrets, mode 0600); the
// config file gets the reference, never the key.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PloomesSourceConfig, SyncflowConfig } from '../src-shared/config.js';
import { applyEdits, readDocument, validateDocument, writeDocument } from './engine/config/configEditor.js';
import { ConfigError } from './engine/config/configError.js';
import { createSecretResolver } from './engine/config/secrets.js';
import { loadConfig } from './engine/config/loadConfig.js';
import {
  callbackUrl,
  newValidationKey,
  PLOOMES_ACTIONS,
  PLOOMES_PRODUCT_ENTITY,
  PloomesWebhooksClient,
  type PloomesWebhook,
} from './engine/connectors/ploomesWebhooks.js';
import { secretsDir } from './engine/ops/settings.js';
import type { CliArgs } from './cliControl.js';
import { atMost, int, onlyOptions, UsageError } from './cliUsage.js';

export const ploomesSynopsis = 'ploomes webhooks list|register|remove [source] [--public-url URL] [--id N] [--json]';

const out = (text: string) => process.stdout.write(text);
const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The named Ploomes source, or the only Ploomes products source. */
function pickSource(config: SyncflowConfig, name: string | undefined): { source: PloomesSourceConfig; index: number } {
  const ploomes = config.sources.map((s, index) => ({ s, index })).filter(({ s }) => s.kind === 'ploomes');
  if (name) {
    const found = config.sources.findIndex((s) => s.name === name);
    if (found < 0) throw new UsageError(`ploomes webhooks: unknown source "${name}"; configured: ${config.sources.map((s) => s.name).join(', ')}`);
    const s = config.sources[found]!;
    if (s.kind !== 'ploomes') throw new UsageError(`ploomes webhooks: source "${name}" is kind ${s.kind}, not ploomes`);
    return { source: s, index: found };
  }
  const products = ploomes.filter(({ s }) => s.entity === 'products');
  const only = products.length === 1 ? products[0] : ploomes.length === 1 ? ploomes[0] : undefined;
  if (!only) {
    throw new UsageError(
      ploomes.length === 0
        ? 'ploomes webhooks: the configuration has no source of kind ploomes'
        : `ploomes webhooks: name the source (${ploomes.map(({ s }) => s.name).join(', ')})`,
    );
  }
  return { source: only.s as PloomesSourceConfig, index: only.index };
}

const describe = (h: PloomesWebhook, ours: string) =>
  `  ${h.Id}\tentity ${h.EntityId}\t${PLOOMES_ACTIONS[h.ActionId as keyof typeof PLOOMES_ACTIONS] ?? `action ${h.ActionId}`}\t${h.CallbackUrl}${h.CallbackUrl === ours ? '\t(this agent)' : ''}\n`;

export async function ploomesCommand(args: CliArgs): Promise<number> {
  const [area, action, name] = args.rest;
  if (area !== 'webhooks' || !action || !['list', 'register', 'remove'].includes(action)) {
    throw new UsageError(`usage: syncflow ${ploomesSynopsis}`);
  }
  onlyOptions('ploomes webhooks', args.given, ['public-url', 'id', 'json'], ploomesSynopsis);
  atMost('ploomes webhooks', args.rest, 3, ploomesSynopsis);
  const loaded = loadConfig(args.dataDir, args.configPath);
  const { source, index } = pickSource(loaded.config, name);
  const where = `sources[${index}]`;
  const client = new PloomesWebhooksClient(source, where);
  const publicUrl = str(args.values['public-url']) ?? loaded.config.webhooks.publicUrl;
  const ours = publicUrl ? callbackUrl(publicUrl, source.name) : '';
  const json = args.values.json === true;

  if (action === 'list') {
    const hooks = await client.list();
    if (json) out(JSON.stringify(hooks.map((h) => ({ ...h, ours: h.CallbackUrl === ours }))) + '\n');
    else {
      out(`${hooks.length} webhook(s) on the Ploomes account${ours ? `; this agent's callback: ${ours}` : ''}\n`);
      for (const h of hooks) out(describe(h, ours));
    }
    return 0;
  }

  if (action === 'remove') {
    const id = args.values.id === undefined ? null : int(str(args.values.id), 'id', 0, { min: 1 });
    const hooks = await client.list();
    if (id === null && !ours) throw new UsageError('ploomes webhooks remove: pass --id N, or set webhooks.publicUrl (or --public-url) so this agent\'s subscriptions can be found');
    const targets = id !== null ? hooks.filter((h) => h.Id === id) : hooks.filter((h) => h.CallbackUrl === ours);
    if (id !== null && targets.length === 0) throw new UsageError(`ploomes webhooks remove: no webhook with Id ${id} on the account`);
    for (const h of targets) await client.remove(h.Id);
    if (json) out(JSON.stringify({ removed: targets.map((h) => h.Id) }) + '\n');
    else out(`removed ${targets.length} webhook(s)${targets.length ? `: ${targets.map((h) => h.Id).join(', ')}` : ''}\n`);
    return 0;
  }

  // register
  if (!publicUrl) {
    throw new ConfigError([{ path: 'webhooks.publicUrl', message: 'required to register: the https address Ploomes reaches the receiver at (a tunnel or proxy in front of it), or pass --public-url' }], loaded.file ?? undefined);
  }
  if (!loaded.file) throw new UsageError('ploomes webhooks register: needs a configuration file (--config or <data-dir>/syncflow.yaml) to keep the key reference in');
  let key: string;
  let secret: string;
  const hook = source.webhook;
  if (hook && hook.verify !== 'hmac') {
    // The key already set up keeps working; Ploomes sends it in the body, so the check becomes `ploomes`.
    key = createSecretResolver()(hook.secret, `${where}.webhook.secret`);
    secret = hook.secret;
  } else {
    key = newValidationKey();
    const dir = secretsDir(args.dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `${source.name}-webhook-key`);
    writeFileSync(file, key, { mode: 0o600 });
    chmodSync(file, 0o600);
    secret = `\${file:${file}}`;
    out(`validation key stored in ${file}\n`);
  }
  const doc = readDocument(loaded.file);
  applyEdits(doc, [
    { path: ['sources', index, 'webhook', 'secret'], value: secret },
    { path: ['sources', index, 'webhook', 'verify'], value: 'ploomes' },
    { path: ['webhooks', 'enabled'], value: true },
    { path: ['webhooks', 'publicUrl'], value: publicUrl },
  ], []);
  const checked = validateDocument(doc);
  if (!checked.config) throw new ConfigError(checked.problems, loaded.file);
  writeDocument(loaded.file, doc);
  const existing = await client.list();
  const made: PloomesWebhook[] = [];
  for (const actionId of Object.keys(PLOOMES_ACTIONS).map(Number)) {
    const same = existing.find((h) => h.EntityId === PLOOMES_PRODUCT_ENTITY && h.ActionId === actionId && h.CallbackUrl === ours);
    if (same) continue; // registering twice must not double every notification
    made.push(await client.register({ EntityId: PLOOMES_PRODUCT_ENTITY, ActionId: actionId, CallbackUrl: ours, ValidationKey: key }));
  }
  if (json) out(JSON.stringify({ callbackUrl: ours, registered: made.map((h) => h.Id) }) + '\n');
  else out(`registered ${made.length} webhook(s) calling ${ours}${made.length ? `: ${made.map((h) => h.Id).join(', ')}` : ' (all were already there)'}\n`);
  return 0;
}
