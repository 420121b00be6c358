// Settings through the real engine: syncflow.yaml edited with its comments kept, validated before writing, applied
// without a restart (sources added, changed, removed, disabled); a connection test against a fake vendor; schedule
// previews; write-only credentials as files in the data dir.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseApiInput, type ApiMethodName } from '../../src-shared/api.js';
import { createSecretResolver } from '../../src-main/engine/config/secrets.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startMutableVendor, vendorSource, type MutableVendor } from '../fixtures/mutableVendor.js';
import { tempDir } from '../helpers/tmp.js';

const yamlFor = (url: string) => `# Shop configuration: kept by hand and by the app
version: 1
syncOnStart: false
sources:
  # The web shop's catalog
  - name: shop # inline comment
    kind: rest
    baseUrl: ${url}
    path: /products
    recordSelector: items
    pagination: { type: offset, pageSize: 50, totalPath: total }
    mapping:
      fields:
        id: { path: id, transform: string }
        code: sku
        name: title
        price: price
    validation:
      - { field: code, regex: "^SKU-" }
`;

describe('settings: config edits applied without restart, connection test, schedules, credentials', () => {
  let tmp: ReturnType<typeof tempDir>;
  let vendor: MutableVendor;
  let engine: Engine;
  let file: string;

  beforeEach(async () => {
    tmp = tempDir();
    vendor = await startMutableVendor(8);
    file = join(tmp.dir, 'syncflow.yaml');
    writeFileSync(file, yamlFor(vendor.url));
    engine = await Engine.open({ dataDir: tmp.dir, configPath: file, fileLogs: false });
    await engine.startAgent({ tickMs: 0 });
  });
  afterEach(async () => {
    await engine.close();
    await vendor.close();
    tmp.cleanup();
  });

  const call = <M extends ApiMethodName>(m: M, input: unknown) => parseApiInput(m, input);

  it('shows the config as written, with its folders and sizes', async () => {
    const view = await engine.getConfig(call('getConfig', {}));
    expect(view.file).toBe(file);
    expect(view.problems).toEqual([]);
    expect((view.document.sources as { name: string }[]).map((s) => s.name)).toEqual(['shop']);
    expect(view.document).not.toHaveProperty('cache'); // defaults are not written in
    expect(view).toMatchObject({ dataDir: tmp.dir, logDir: join(tmp.dir, 'logs'), secretStore: 'file' });
    expect(view.sizes.databaseBytes).toBeGreaterThan(0);
  });

  it('refuses an invalid edit with field-level messages and writes nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const r = await engine.updateConfig(
      call('updateConfig', {
        set: [
          { path: ['sources', 0, 'baseUrl'], value: 'not a url' },
          { path: ['sources', 0, 'schedule'], value: { cron: '99 * * * *', timezone: 'Mars/Base' } },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['sources[0].baseUrl']));
    expect(r.problems.find((p) => p.path === 'sources[0].baseUrl')!.message).toMatch(/absolute http\(s\) URL/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const tz = await engine.updateConfig(
      call('updateConfig', {
        set: [{ path: ['sources', 0, 'schedule'], value: { cron: '0 * * * *', timezone: 'Mars/Base' } }],
      }),
    );
    expect(tz.problems).toEqual([{ path: 'sources[0].schedule.timezone', message: expect.stringContaining('IANA') }]);
  });

  it('adds a source that syncs at once, keeps the comments, removes and disables sources', async () => {
    const added = await engine.updateConfig(
      call('updateConfig', { set: [{ path: ['sources', 1], value: vendorSource('shop2', vendor.url) }] }),
    );
    expect(added).toMatchObject({ ok: true, applied: { added: ['shop2'], removed: [], changed: [] } });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# Shop configuration: kept by hand and by the app');
    expect(text).toContain('- name: shop # inline comment');
    expect(text).toContain('# The web shop');
    expect(text.indexOf('name: shop #')).toBeLessThan(text.indexOf('name: shop2'));

    const [run] = await engine.syncNow({ source: 'shop2', full: false });
    expect(run).toMatchObject({
      source: 'shop2',
      status: 'succeeded',
      counts: expect.objectContaining({ created: 8 }),
    });

    const disabled = await engine.updateConfig(
      call('updateConfig', { set: [{ path: ['sources', 0, 'enabled'], value: false }] }),
    );
    expect(disabled.applied).toEqual({ added: [], removed: [], changed: ['shop'] });
    expect((await engine.syncNow({ full: false })).map((r) => r.source)).toEqual(['shop2']);

    const removed = await engine.updateConfig(call('updateConfig', { remove: [['sources', 1]] }));
    expect(removed.applied).toEqual({ added: [], removed: ['shop2'], changed: [] });
    await expect(engine.syncNow({ source: 'shop2', full: false })).rejects.toThrow(/unknown source "shop2"/);
    expect(readFileSync(file, 'utf8')).not.toContain('shop2');
  });

  it('a run in flight finishes on the old config while its source is removed', async () => {
    const gate = vendor.hold();
    const running = engine.syncNow({ source: 'shop', full: false });
    await gate.seen;
    const removed = await engine.updateConfig(call('updateConfig', { set: [{ path: ['sources', 0], value: vendorSource('other', vendor.url) }] }));
    expect(removed.applied).toEqual({ added: ['other'], removed: ['shop'], changed: [] });
    gate.release();
    const [run] = await running;
    expect(run).toMatchObject({ source: 'shop', status: 'succeeded', counts: expect.objectContaining({ created: 8 }) });
    expect(engine.sourceNames()).toEqual(['other']);
  });

  it('a quarantined record loads after the mapping is fixed in Settings and retried', async () => {
    vendor.items[2]!.sku = 'X-3';
    await engine.syncNow({ source: 'shop', full: false });
    const [item] = (await engine.listQuarantine(call('listQuarantine', {}))).items;
    expect(item!.rule).toBe('regex:code');
    const fixed = await engine.updateConfig(
      call('updateConfig', { set: [{ path: ['sources', 0, 'validation', 0, 'regex'], value: '^(SKU|X)-' }] }),
    );
    expect(fixed.applied!.changed).toEqual(['shop']);
    expect(readFileSync(file, 'utf8')).toContain('{ field: code, regex: "^(SKU|X)-" }');
    const retried = await engine.retryQuarantined(call('retryQuarantined', { all: true }));
    expect(retried.outcomes).toEqual([{ id: item!.id, recordKey: '3', loaded: true }]);
    expect(engine.catalog.get('3')?.code).toBe('X-3');
    expect((await engine.listQuarantine(call('listQuarantine', {}))).total).toBe(0);
  });

  it('tests a connection: one page, records counted, the first five mapped, errors explained', async () => {
    vendor.items[1]!.sku = 'oops';
    const ok = await engine.testSource(call('testSource', { source: vendorSource('new-one', vendor.url) }));
    expect(ok).toMatchObject({ ok: true, fetched: 8, total: 8, error: null });
    expect(ok.preview).toHaveLength(5);
    expect(ok.preview[0]!.mapped).toMatchObject({ id: '1', code: 'SKU-1', name: 'Item 1', price: 10 });
    expect(ok.preview[1]).toMatchObject({ mapped: null, rule: 'regex:code' });
    expect(engine.catalog.count()).toBe(0); // nothing written

    const down = await engine.testSource(call('testSource', { source: vendorSource('x', 'http://127.0.0.1:9') }));
    expect(down).toMatchObject({ ok: false, error: { class: 'network' } });
    const bad = await engine.testSource(
      call('testSource', { source: { ...vendorSource('x', vendor.url), baseUrl: 'nope' } }),
    );
    expect(bad.problems).toEqual([{ path: 'baseUrl', message: expect.stringMatching(/absolute http/) }]);
    const byName = await engine.testSource(call('testSource', { name: 'shop' }));
    expect(byName.fetched).toBe(8);
  });

  it('previews a schedule in a time zone and explains a bad one', async () => {
    const p = await engine.previewSchedule(
      call('previewSchedule', { cron: '0 */6 * * *', timezone: 'America/Sao_Paulo' }),
    );
    expect(p.ok).toBe(true);
    expect(p.next).toHaveLength(3);
    const times = p.next.map((t) => Date.parse(t));
    expect(times[1]! - times[0]!).toBe(6 * 3600_000);
    // Sao Paulo is UTC-3: 0, 6, 12, 18 there are 3, 9, 15, 21 UTC.
    expect(p.next.every((t) => [3, 9, 15, 21].includes(new Date(t).getUTCHours()))).toBe(true);
    const bad = await engine.previewSchedule(call('previewSchedule', { cron: 'every day' }));
    expect(bad).toMatchObject({ ok: false, next: [], problem: expect.stringContaining('not a valid cron') });
  });

  it('stores a credential write-only as a file the config references', async () => {
    const r = await engine.storeCredential(call('storeCredential', { name: 'SHOP_KEY', value: 's3cr3t-value' }));
    expect(r).toEqual({ ref: `\${file:${join(tmp.dir, 'secrets', 'SHOP_KEY')}}`, store: 'file', where: join(tmp.dir, 'secrets', 'SHOP_KEY') });
    expect(existsSync(r.where)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(r.where).mode & 0o777).toBe(0o600);
    expect(createSecretResolver()(r.ref, 'x')).toBe('s3cr3t-value');
    const view = await engine.getConfig(call('getConfig', {}));
    expect(JSON.stringify(view)).not.toContain('s3cr3t-value');
    expect(() => call('storeCredential', { name: '../etc', value: 'x' })).toThrow(/name: use letters/);
  });
});

describe('settings: a schedule saved in the app fires without a restart', () => {
  it('adds a cron schedule to a running agent; the next tick past it runs the source', async () => {
    const tmp = tempDir();
    const vendor = await startMutableVendor(3);
    const file = join(tmp.dir, 'syncflow.yaml');
    writeFileSync(file, yamlFor(vendor.url));
    let clock = Date.parse('2026-03-02T10:01:00Z');
    const engine = await Engine.open({ dataDir: tmp.dir, configPath: file, fileLogs: false, now: () => clock });
    try {
      await engine.startAgent({ tickMs: 0 });
      const r = await engine.updateConfig(parseApiInput('updateConfig', { set: [{ path: ['sources', 0, 'schedule'], value: { cron: '*/5 * * * *', timezone: 'UTC' } }] }));
      expect(r.ok).toBe(true);
      clock += 5 * 60_000;
      await engine.tick();
      const runs = await engine.listRuns(parseApiInput('listRuns', { trigger: 'schedule' }));
      expect(runs.map((x) => [x.source, x.status])).toEqual([['shop', 'succeeded']]);
    } finally {
      await engine.close();
      await vendor.close();
      tmp.cleanup();
    }
  });
});
