// The engine's side of "a conflict waits": getStatus counts open conflicts (the tray's "needs review"), the
// conflict alert opens once while they grow and resolves (alertResolved) when the operator has picked every field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, MappedProduct } from '../../src-shared/domain.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { tempDir } from '../helpers/tmp.js';
import { hourAt as t, hubProduct as product, unfetchedRest as rest } from '../helpers/hubProducts.js';

const settle = () => new Promise((r) => setImmediate(r));

describe('conflict status and alert', () => {
  let tmp: ReturnType<typeof tempDir>;
  let engine: Engine;
  const raised: Alert[] = [];
  const resolved: Alert[] = [];

  const open = async () => {
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({ syncOnStart: false, sources: [rest('erp'), rest('crm')], catalog: { products: { match: 'code', policy: 'review' } } }),
      networkProbe: async () => true,
    });
    engine.events.on('alert', (a) => raised.push(a));
    engine.events.on('alertResolved', (a) => resolved.push(a));
  };
  beforeEach(async () => {
    raised.length = 0;
    resolved.length = 0;
    tmp = tempDir();
    await open();
  });
  afterEach(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('counts, alerts once, and resolves when every field is picked', async () => {
    let run = 0;
    const sync = (p: MappedProduct) => engine.hub.applyPage('products', [prepareProduct({ ...p })], null, t(100 + ++run));
    sync(product('erp', 'E1'));
    sync(product('crm', 'C1'));
    expect((await engine.getStatus({})).conflicts).toEqual({ open: 0 });
    sync(product('erp', 'E1', { price: 20, stock: 1, sourceUpdatedAt: t(2) }));
    sync(product('crm', 'C1', { price: 30, stock: 2, sourceUpdatedAt: t(3) }));
    await settle();
    expect((await engine.getStatus({})).conflicts).toEqual({ open: 1 });
    expect(raised.map((a) => a.kind)).toEqual(['conflict']);

    const [c] = await engine.listConflicts({ status: 'open', limit: 10 });
    await engine.resolveConflict({ id: c!.id, picks: { price: { source: 'crm' } } });
    await settle();
    expect(resolved).toEqual([]); // stock still waits
    await engine.resolveConflict({ id: c!.id, picks: { stock: { source: 'erp' } } });
    await settle();
    expect((await engine.getStatus({})).conflicts).toEqual({ open: 0 });
    expect(resolved.map((a) => a.kind)).toEqual(['conflict']);
    expect(await engine.listAlerts({ open: true, limit: 10 })).toEqual([]);
  });

  it('does not alert again after a restart for conflicts already waiting, only for new ones', async () => {
    let run = 0;
    const sync = (p: MappedProduct) => engine.hub.applyPage('products', [prepareProduct({ ...p })], null, t(100 + ++run));
    sync(product('erp', 'E1'));
    sync(product('crm', 'C1'));
    sync(product('crm', 'C1', { price: 30, sourceUpdatedAt: t(3) }));
    sync(product('erp', 'E1', { price: 20, sourceUpdatedAt: t(2) }));
    await settle();
    expect(raised.map((a) => a.kind)).toEqual(['conflict']);

    await engine.close();
    raised.length = 0;
    await open();
    // The waiting conflict is touched again by both sources: still one open, no second notification.
    sync(product('erp', 'E1', { price: 21, sourceUpdatedAt: t(4) }));
    sync(product('crm', 'C1', { price: 31, sourceUpdatedAt: t(5) }));
    await settle();
    expect((await engine.getStatus({})).conflicts).toEqual({ open: 1 });
    expect(raised).toEqual([]);

    // A second record's conflict is new: it alerts.
    sync(product('erp', 'E2', { code: 'X-2' }));
    sync(product('crm', 'C2', { code: 'X-2' }));
    sync(product('crm', 'C2', { code: 'X-2', price: 40, sourceUpdatedAt: t(3) }));
    sync(product('erp', 'E2', { code: 'X-2', price: 50, sourceUpdatedAt: t(2) }));
    await settle();
    expect((await engine.getStatus({})).conflicts).toEqual({ open: 2 });
    expect(raised.map((a) => a.kind)).toEqual(['conflict']);
  });
});
