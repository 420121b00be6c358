// Seed 003's legacy 4D ERP: parent products and their variants as two sources over the 4D REST table endpoint,
// the variants depending on the parents, with fixed filters and a date-only modified-since cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startLegacy4dApi, type Legacy4dApi, type Row } from '../fixtures/legacy4dApi.js';
import { tempDir } from '../helpers/tmp.js';

const prefixed = (path: string, prefix: string) => ({
  path,
  transform: ['string', { name: 'replace', pattern: '^', with: prefix }],
});

describe('legacy 4D source', () => {
  let api: Legacy4dApi;
  let engine: Engine;
  const tmp = tempDir();
  const parents: Row[] = Array.from({ length: 12 }, (_, i) => ({
    Familie_ID: i + 1,
    Art_Nr: `F${1000 + i}`,
    Bezeichnung: `Familie ${i + 1}`,
    Gewicht: '1,5',
    active: i !== 3,
    last_modified: `2025-03-0${1 + (i % 5)}`,
  }));
  const variants: Row[] = Array.from({ length: 7 }, (_, i) => ({
    Variante_ID: i + 1,
    Familie_ID: (i % 3) + 1,
    Art_Nr: `V${2000 + i}`,
    Bezeichnung: `Variante ${i + 1}`,
    last_modified: '2025-03-02',
  }));

  beforeAll(async () => {
    api = await startLegacy4dApi({ Artikel_Familie: parents, Artikel_Variante: variants });
    const config = syncflowConfig.parse({
      syncOnStart: false,
      sources: [
        {
          name: 'parents',
          kind: 'legacy4d',
          baseUrl: api.url,
          table: 'Artikel_Familie',
          filters: { active: true },
          pageSize: 5,
          mapping: {
            fields: {
              id: prefixed('Familie_ID', 'F-'),
              code: 'Art_Nr',
              name: 'Bezeichnung',
              sourceUpdatedAt: 'last_modified',
            },
            customFields: { weightKg: { path: 'Gewicht', transform: { name: 'number', decimal: ',' } } },
          },
          validation: [{ field: 'code', regex: '^F\\d{4}$' }],
        },
        {
          name: 'variants',
          kind: 'legacy4d',
          baseUrl: api.url,
          table: 'Artikel_Variante',
          dependsOn: ['parents'],
          mapping: {
            fields: {
              id: prefixed('Variante_ID', 'V-'),
              code: 'Art_Nr',
              name: 'Bezeichnung',
              sourceUpdatedAt: 'last_modified',
            },
            customFields: { parent: prefixed('Familie_ID', 'F-') },
          },
        },
      ],
    });
    engine = await Engine.open({ dataDir: tmp.dir, config, fileLogs: false });
  });

  afterAll(async () => {
    await engine?.close();
    await api?.close();
    tmp.cleanup();
  });

  it('loads active parents page by page and variants that point at them', async () => {
    const [p, v] = await engine.syncNow({ full: false });
    expect(p).toMatchObject({ source: 'parents', status: 'succeeded', pages: 3 });
    expect(p!.counts).toMatchObject({ fetched: 11, created: 11 });
    expect(v).toMatchObject({ source: 'variants', status: 'succeeded' });
    expect(v!.counts.created).toBe(7);
    expect(api.requests[0]!.url.searchParams.get('$filter')).toBe('"active=true"');
    expect(await engine.getProduct({ id: 'F-4' })).toBeNull();
    expect((await engine.getProduct({ id: 'F-1' }))!.customFields).toEqual({ weightKg: 1.5 });
    const variant = (await engine.getProduct({ id: 'V-5' }))!;
    expect(variant.customFields.parent).toBe('F-2');
    expect(await engine.getProduct({ id: String(variant.customFields.parent) })).not.toBeNull();
  });

  it('then asks only for rows modified on or after the last day seen, keeping the fixed filter', async () => {
    parents[0]!.Bezeichnung = 'Familie 1 (neu)';
    parents[0]!.last_modified = '2025-03-09';
    const [p] = await engine.syncNow({ source: 'parents', full: false });
    expect(p!.strategy).toBe('incremental');
    expect(api.requests.at(-1)!.url.searchParams.get('$filter')).toBe(`"active=true AND last_modified>='2025-03-05'"`);
    expect(p!.counts).toMatchObject({ updated: 1, created: 0 });
    expect((await engine.getProduct({ id: 'F-1' }))!.name).toBe('Familie 1 (neu)');
  });
});
