// An entity that is not products (customers), declared only in syncflow.yaml, synced from json-server (a real
// REST server from npm), searched through the engine, and exported by the CLI: no code per entity.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { startJsonServer } from '../fixtures/jsonServer.js';

const customers = Array.from({ length: 23 }, (_, i) => ({
  id: `C${String(i + 1).padStart(3, '0')}`,
  legal_name: i === 4 ? 'Ciara Máquinas Ltda' : `Cliente ${i + 1} Comércio`,
  cnpj: `00.000.000/0001-${String(i).padStart(2, '0')}`,
  address: { city: i % 2 ? 'Curitiba' : 'Joinville' },
  updated_at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
}));

describe('declared entities (customers)', () => {
  const tmp = tempDir();
  let server: Awaited<ReturnType<typeof startJsonServer>>;
  const config = join(tmp.dir, 'syncflow.yaml');
  const dataDir = join(tmp.dir, 'data');

  beforeAll(async () => {
    server = await startJsonServer({ customers });
    writeFileSync(
      config,
      `syncOnStart: false
sources:
  - name: crm
    kind: rest
    entity: customers
    baseUrl: ${server.url}
    path: /customers
    query: { _sort: id }
    pagination: { type: offset, offsetParam: _start, limitParam: _limit, pageSize: 10 }
    mapping:
      fields:
        id: id
        name: legal_name
        taxId: cnpj
        city: address.city
        sourceUpdatedAt: updated_at
`,
    );
  });
  afterAll(async () => {
    await server?.close();
    tmp.cleanup();
  });

  it('syncs, searches accent-insensitively, re-syncs without changes, and exports as CSV', async () => {
    const engine = await Engine.open({ dataDir, configPath: config });
    try {
      const [run] = await engine.syncNow({ source: 'crm', full: false });
      expect(run).toMatchObject({ status: 'succeeded', counts: { fetched: 23, created: 23 } });
      expect(engine.catalog.count()).toBe(0);
      const found = await engine.searchRecords({ entity: 'customers', query: 'maquinas', limit: 10 });
      expect(found.items.map((r) => r.id)).toEqual(['C005']);
      expect(found.items[0]!.data).toEqual({ name: 'Ciara Máquinas Ltda', taxId: '00.000.000/0001-04', city: 'Joinville' });
      const paged = await engine.searchRecords({ entity: 'customers', query: 'curitiba', limit: 5 });
      expect(paged.items).toHaveLength(5);
      const next = await engine.searchRecords({ entity: 'customers', query: 'curitiba', limit: 50, cursor: paged.nextCursor! });
      expect(paged.items.length + next.items.length).toBe(11);
      expect(await engine.listEntities({})).toEqual([{ entity: 'products', count: 0 }, { entity: 'customers', count: 23 }]);
      const [again] = await engine.syncNow({ source: 'crm', full: true });
      expect(again!.counts).toMatchObject({ fetched: 23, created: 0, updated: 0, unchanged: 23 });
    } finally {
      await engine.close();
    }

    const out = join(tmp.dir, 'customers.csv');
    const r = await runCli(['export', 'customers', '--format', 'csv', '--out', out, '--config', config, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,source,city,name,taxId,sourceUpdatedAt,syncVersion,firstSeenAt,lastSyncedAt');
    expect(lines).toHaveLength(24);
    expect(lines[5]).toMatch(/^C005,crm,Joinville,Ciara Máquinas Ltda,/);
    const bad = await runCli(['export', 'invoices', '--format', 'csv', '--config', config, '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('available: products, customers');
  });
});
