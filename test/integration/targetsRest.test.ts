// REST, file and Salesforce targets against real servers: json-server (from npm) takes customers by PUT/POST/DELETE
// with an Idempotency-Key per record version; a file target writes change files and snapshots; the fake Salesforce
// of the connector tests takes products by upsert on an external id field through the same OAuth2 as the source.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startJsonServer } from '../fixtures/jsonServer.js';
import { sfCredentials, startSalesforceApi, type SalesforceApi } from '../fixtures/salesforceApi.js';
import { tempDir } from '../helpers/tmp.js';

describe('rest, file and salesforce targets', () => {
  const tmp = tempDir();
  let erp: Awaited<ReturnType<typeof startJsonServer>>;
  let sf: SalesforceApi;
  let engine: Engine;
  const customersFile = join(tmp.dir, 'customers.json');
  const productsFile = join(tmp.dir, 'products.json');
  const out = join(tmp.dir, 'out');
  const customers = (n: number, tag = '') =>
    Array.from({ length: n }, (_, i) => ({ id: `C${String(i).padStart(2, '0')}`, name: `Cliente ${i}${tag}`, city: i % 2 ? 'Joinville' : 'Curitiba' }));

  beforeAll(async () => {
    erp = await startJsonServer({ clientes: [{ id: 'C00', nome: 'outdated', cidade: 'x' }] });
    sf = await startSalesforceApi(0);
    writeFileSync(customersFile, JSON.stringify(customers(15)));
    writeFileSync(productsFile, JSON.stringify([{ id: 'P1', code: 'A-1', name: 'Válvula' }, { id: 'P2', code: 'CIA_LOC_2', name: 'Andaime' }]));
    process.env.SF_TARGET_SECRET = sfCredentials.clientSecret;
    const config = syncflowConfig.parse({
      syncOnStart: false,
      sources: [
        { name: 'crm', kind: 'file', entity: 'customers', path: customersFile, format: 'json', mapping: { fields: { id: 'id', name: 'name', city: 'city' } } },
        { name: 'erp-products', kind: 'file', path: productsFile, format: 'json', mapping: { fields: { id: 'id', code: 'code', name: 'name' } } },
      ],
      targets: [
        { name: 'erp', kind: 'rest', entity: 'customers', baseUrl: erp.url, path: '/clientes', batchSize: 4, mapping: { fields: { nome: 'name', cidade: 'city' } } },
        { name: 'exports', kind: 'file', entity: 'customers', dir: out, mode: 'both', format: 'csv', batchSize: 5, maxFileMb: 0.001, keepFiles: 2 },
        { name: 'sf', kind: 'salesforce', instanceUrl: sf.url, clientId: sfCredentials.clientId, clientSecret: '${env:SF_TARGET_SECRET}', externalIdField: 'Syncflow_Id__c' },
      ],
    });
    engine = await Engine.open({ dataDir: join(tmp.dir, 'data'), config, fileLogs: false });
  });

  afterAll(async () => {
    await engine.close();
    await erp.close();
    await sf.close();
    tmp.cleanup();
  });

  const erpRows = async () => ((await (await fetch(`${erp.url}/clientes?_sort=id`)).json()) as Record<string, unknown>[]);

  it('creates and updates records on a REST API by id, mapped, in batches', async () => {
    await engine.syncNow({ full: false });
    const [push] = await engine.pushTargets({ targets: ['erp'] });
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 15, failed: 0, skipped: 0 } });
    expect(await erpRows()).toEqual(customers(15).map((c) => ({ id: c.id, nome: c.name, cidade: c.city })));
    const run = await engine.getRun({ id: push!.runId!, logLimit: 10 });
    expect(run?.run.pages).toBe(4);

    writeFileSync(customersFile, JSON.stringify(customers(15).map((c, i) => (i === 3 ? { ...c, name: 'Renomeado' } : c))));
    await engine.syncNow({ source: 'crm', full: false });
    const [again] = await engine.pushTargets({ targets: ['erp'] });
    expect(again!.counts).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect((await erpRows())[3]).toEqual({ id: 'C03', nome: 'Renomeado', cidade: 'Joinville' });
    // Nothing new: nothing sent.
    expect((await engine.pushTargets({ targets: ['erp'] }))[0]!.counts.sent).toBe(0);
  });

  it('writes change files (rotated) and a snapshot equal to the catalog', async () => {
    const [push] = await engine.pushTargets({ targets: ['exports'] });
    expect(push!.status).toBe('succeeded');
    const files = readdirSync(out).sort();
    expect(files).toContain('exports.snapshot.csv');
    expect(files).toContain('exports.changes.csv');
    expect(files.some((f) => f.startsWith('exports.changes.csv.'))).toBe(true);
    const snapshot = readFileSync(join(out, 'exports.snapshot.csv'), 'utf8').trim().split('\n');
    const header = snapshot[0]!.split(',');
    expect([...header].sort()).toEqual(['city', 'id', 'name']);
    const rows = snapshot.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
    expect(rows).toEqual([...engine.records.iterate('customers')].map((r) => ({ id: r.id, name: r.data.name, city: r.data.city })));
  });

  it('upserts products into Salesforce by the external id field', async () => {
    const [push] = await engine.pushTargets({ targets: ['sf'] });
    expect(push).toMatchObject({ status: 'succeeded', counts: { sent: 2 } });
    const upserted = sf.upserts();
    expect(upserted.map((u) => [u.field, u.value, u.body?.Name, u.body?.ProductCode])).toEqual([
      ['Syncflow_Id__c', 'P1', 'Válvula', 'A-1'],
      ['Syncflow_Id__c', 'P2', 'Andaime', 'CIA_LOC_2'],
    ]);
  });
});
