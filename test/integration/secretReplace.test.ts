// A secret replaced while the agent runs is used by the next run, without a restart: in the desktop the engine host
// hands its worker the new keychain snapshot (updateSecrets), under serve Settings → credentials rewrites the
// ${file:…} secret. The vendor accepts one key at a time, so a run that still used the old one would fail.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseApiInput } from '../../src-shared/api.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startEngineHost, type EngineHost } from '../../src-main/host/engineHost.js';
import { send, serve, type FakeServer } from '../fixtures/httpFixture.js';
import { tempDir } from '../helpers/tmp.js';

const items = [
  { id: 'A1', name: 'Valve', price: 1, updatedAt: '2026-01-01T00:00:00Z' },
  { id: 'A2', name: 'Pump', price: 2, updatedAt: '2026-01-01T00:00:00Z' },
];

function configFor(url: string, ref: string): string {
  return [
    'syncOnStart: false',
    'sources:',
    '  - name: erp',
    '    kind: rest',
    `    baseUrl: ${url}`,
    '    path: /items',
    '    recordSelector: items',
    `    auth: { type: apiKey, in: header, name: X-Api-Key, value: "${ref}" }`,
    '    mapping: { fields: { id: id, name: name, price: price, sourceUpdatedAt: updatedAt } }',
    '  - name: other',
    '    kind: rest',
    `    baseUrl: ${url}`,
    '    path: /items',
    '    recordSelector: items',
    '    entity: others',
    '    mapping: { fields: { id: id, name: name } }',
    '',
  ].join('\n');
}

describe('a replaced secret reaches the running engine', () => {
  let tmp: ReturnType<typeof tempDir>;
  let vendor: FakeServer;
  let accepted = 'key-one';
  const seen: (string | undefined)[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    accepted = 'key-one';
    seen.length = 0;
    vendor = await serve((req, _body, res) => {
      const key = req.headers['x-api-key'] as string | undefined;
      if (req.url.pathname === '/items' && key !== undefined) seen.push(key);
      if (key !== undefined && key !== accepted) return send(res, 401, { error: 'bad key' });
      const offset = Number(req.url.searchParams.get('offset') ?? 0);
      send(res, 200, { total: items.length, items: items.slice(offset) });
    });
  });
  afterEach(async () => {
    await vendor.close();
    tmp.cleanup();
  });

  it('desktop: updateSecrets on the engine host; the next run resolves the new keychain value', async () => {
    const configPath = join(tmp.dir, 'syncflow.yaml');
    writeFileSync(configPath, configFor(vendor.url, '${keychain:ERP_KEY}'));
    let host: EngineHost | undefined;
    try {
      host = await startEngineHost({ dataDir: join(tmp.dir, 'data'), configPath, agent: 'desktop', fileLogs: false, secrets: { ERP_KEY: 'key-one' } });
      const [first] = await host.syncNow({ source: 'erp', full: false });
      expect(first!.status).toBe('succeeded');
      expect(seen.at(-1)).toBe('key-one');

      accepted = 'key-two'; // the vendor rotated the key; the operator sets it in Settings
      host.updateSecrets({ ERP_KEY: 'key-two' });
      const [second] = await host.syncNow({ source: 'erp', full: true });
      expect(second!.error?.message).toBeUndefined();
      expect(second!.status).toBe('succeeded');
      expect(seen.at(-1)).toBe('key-two');
      const logs = await host.queryLogs(parseApiInput('queryLogs', { text: 'new secret value' }));
      expect(logs.lines.map((l) => l.msg)).toEqual(['new secret value(s) for erp: used from the next run']);
    } finally {
      await host?.close();
    }
  });

  it('serve: storeCredential replaces the ${file:} secret; the next run reads it, other sources keep their connector', async () => {
    const dataDir = join(tmp.dir, 'data');
    const ref = `\${file:${join(dataDir, 'secrets', 'ERP_KEY')}}`;
    const configPath = join(tmp.dir, 'syncflow.yaml');
    writeFileSync(configPath, configFor(vendor.url, ref));
    const engine = await Engine.open({ dataDir, configPath, fileLogs: false });
    try {
      const stored = await engine.storeCredential(parseApiInput('storeCredential', { name: 'ERP_KEY', value: 'key-one' }));
      expect(stored.ref).toBe(ref);
      expect((await engine.syncNow({ source: 'erp', full: false }))[0]!.status).toBe('succeeded');
      expect((await engine.syncNow({ source: 'other', full: false }))[0]!.status).toBe('succeeded');
      expect(seen.at(-1)).toBe('key-one');

      accepted = 'key-two';
      await engine.storeCredential(parseApiInput('storeCredential', { name: 'ERP_KEY', value: 'key-two' }));
      const [run] = await engine.syncNow({ source: 'erp', full: true });
      expect(run!.status).toBe('succeeded');
      expect(seen.at(-1)).toBe('key-two');
      expect(engine.secretsChanged([{ scheme: 'file', name: 'nothing-uses-this' }])).toEqual([]);
      expect(engine.secretsChanged([{ scheme: 'file', name: join(dataDir, 'secrets', 'ERP_KEY') }])).toEqual(['erp']);
    } finally {
      await engine.close();
    }
  });
});
