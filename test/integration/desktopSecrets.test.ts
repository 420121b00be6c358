// ${keychain:NAME} end to end in the desktop: the secret is set through the IPC handler (as the settings screen
// would), stored encrypted by a fake safeStorage, resolved by the real engine for a real HTTP source that demands
// it, and never written in plaintext to the config, the database, the logs, or sent back to the renderer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { Engine } from '../../src-main/engine/engine.js';
import { handleInvoke } from '../../src-main/desktop/ipc.js';
import { secretMethods, withDesktopMethods } from '../../src-main/desktop/desktopApi.js';
import { SecretStore } from '../../src-main/desktop/secretStore.js';
import { APP_PAGE } from '../../src-main/desktop/appProtocol.js';
import { fakeSafeStorage } from '../fixtures/fakeSafeStorage.js';
import { tempDir } from '../helpers/tmp.js';

const SECRET = 'pk_live_9f8e7d6c5b4a';
const fromPage = { url: APP_PAGE, parent: null };

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

describe('keychain secrets in the desktop app', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: Server;
  let url: string;
  let engine: Engine | undefined;
  const seenKeys: (string | undefined)[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    seenKeys.length = 0;
    server = createServer((req, res) => {
      const key = req.headers['x-api-key'] as string | undefined;
      seenKeys.push(key);
      if (key !== SECRET) {
        res.writeHead(401).end('{"error":"bad key"}');
        return;
      }
      const items = [{ id: 'A1', name: 'Valve', price: 1, updatedAt: '2026-01-01T00:00:00Z' }, { id: 'A2', name: 'Pump', price: 2, updatedAt: '2026-01-01T00:00:00Z' }];
      const offset = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset') ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ total: items.length, items: items.slice(offset) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await new Promise((r) => server.close(r));
    tmp.cleanup();
  });

  it('set through IPC, resolved by the engine, and nowhere in plaintext', async () => {
    const configFile = path.join(tmp.dir, 'syncflow.yaml');
    const configText = [
      'syncOnStart: false',
      'logging: { level: debug }',
      'sources:',
      '  - name: erp',
      '    kind: rest',
      `    baseUrl: ${url}`,
      '    path: /items',
      '    recordSelector: items',
      '    auth: { type: apiKey, in: header, name: X-Api-Key, value: "${keychain:ERP_KEY}" }',
      '    mapping: { fields: { id: id, name: name, price: price, sourceUpdatedAt: updatedAt } }',
      '',
    ].join('\n');
    writeFileSync(configFile, configText);
    const store = new SecretStore(tmp.dir, fakeSafeStorage(), 'linux');
    engine = await Engine.open({ dataDir: tmp.dir, configPath: configFile, keychain: (name) => store.get(name) });
    const api = withDesktopMethods(engine, secretMethods(store));

    // Before the secret exists the run fails with a message that says how to fix it.
    const [before] = await engine.syncNow({ full: false });
    expect(before!.error?.message).toMatch(/no secret named "ERP_KEY".*desktop app's settings/);

    const replies = [
      await handleInvoke(api, fromPage, 'setSecret', { name: 'ERP_KEY', value: SECRET }),
      await handleInvoke(api, fromPage, 'listSecrets', {}),
    ];
    for (const r of replies) expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(replies[1]).toMatchObject({ secrets: [{ name: 'ERP_KEY', set: true }] });
    await expect(handleInvoke(api, fromPage, 'setSecret', { name: 'bad name!', value: 'x' })).rejects.toThrow(/setSecret: name:/);

    const [run] = await engine.syncNow({ full: false });
    expect(run!.status).toBe('succeeded');
    expect(seenKeys.at(-1)).toBe(SECRET);
    expect(run!.counts.created).toBe(2);

    const logs = await engine.tailLogs({ limit: 1000 });
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain(SECRET);
    await engine.close();
    engine = undefined;

    expect(readFileSync(configFile, 'utf8')).toBe(configText);
    const files = allFiles(tmp.dir);
    expect(files.some((f) => f.endsWith('catalog.db'))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    for (const f of files) expect(readFileSync(f).includes(Buffer.from(SECRET)), f).toBe(false);
  });
});
