// A key in `query:` as a reference: sent resolved, and found afterwards in neither the log file, the stored error
// nor the database, even when the vendor's error echoes the request URL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { send, serve, type FakeServer } from '../fixtures/httpFixture.js';
import { tempDir } from '../helpers/tmp.js';

describe('secrets in query parameters', () => {
  const tmp = tempDir();
  let api: FakeServer;
  const key = 'qk-7f3a9c2e5b1d4088';
  beforeAll(async () => {
    process.env.SYNCFLOW_TEST_QUERY_KEY = key;
    api = await serve((req, _body, res) => {
      if (req.url.searchParams.get('api_key') !== key) return send(res, 401, { error: 'bad key' });
      // A vendor that echoes the whole request URL in its error, key included.
      if (req.url.searchParams.get('offset') === '2') return send(res, 400, { error: `bad request ${req.url.href}` });
      send(res, 200, { data: req.url.searchParams.get('offset') === '0' ? [{ id: 'K1', name: 'um' }, { id: 'K2', name: 'dois' }] : [] });
    });
  });
  afterAll(async () => {
    await api?.close();
    tmp.cleanup();
  });

  it('sends the resolved key and keeps it out of logs, runs and the database', async () => {
    const engine = await Engine.open({
      dataDir: tmp.dir,
      config: syncflowConfig.parse({
        syncOnStart: false,
        sources: [
          {
            name: 'erp',
            kind: 'rest',
            baseUrl: api.url,
            path: '/items',
            recordSelector: 'data',
            query: { api_key: '${env:SYNCFLOW_TEST_QUERY_KEY}' },
            pagination: { type: 'offset', pageSize: 2 },
            maxRetries: 0,
            mapping: { fields: { id: 'id', name: 'name' } },
          },
        ],
      }),
    });
    let runError = '';
    try {
      const [run] = await engine.syncNow({ full: false });
      expect(api.requests[0]!.url.searchParams.get('api_key')).toBe(key);
      expect(run).toMatchObject({ status: 'failed', counts: { created: 2 } });
      runError = JSON.stringify(engine.runs.get(run!.id));
      engine.log.info(`retrying ${api.url}/items?offset=2&api_key=${key}`);
    } finally {
      await engine.close();
    }
    expect(runError).not.toContain(key);
    const logs = readdirSync(join(tmp.dir, 'logs')).map((f) => readFileSync(join(tmp.dir, 'logs', f), 'utf8')).join('\n');
    expect(logs).toContain('api_key=***');
    expect(logs).not.toContain(key);
    const dbFiles = readdirSync(tmp.dir).filter((f) => f.startsWith('catalog.db'));
    expect(dbFiles).toContain('catalog.db');
    for (const f of dbFiles) expect(readFileSync(join(tmp.dir, f)).includes(key), f).toBe(false);
  });
});
