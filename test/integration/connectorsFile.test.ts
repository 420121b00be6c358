// File sources through the real Engine: a Latin-1 CSV with `;` and quoted fields, mapping transforms (locale
// numbers, dates with a pattern, flags, lookups, units, split/join, a custom transform), and validation rules that
// send bad rows to quarantine while the rest of the page loads.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerTransform } from '../../src-main/engine/pipeline/transforms.js';
import { registerValidator } from '../../src-main/engine/pipeline/validation.js';
import { openSource, type Harness } from '../fixtures/engineHarness.js';
import { tempDir } from '../helpers/tmp.js';

const files = tempDir('syncflow-files-');
afterAll(() => files.cleanup());
const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

registerTransform('shout', (v) => `${String(v).toUpperCase()}!`);
registerValidator('notReserved', (v) => (String(v).startsWith('Z-') ? 'Z- codes are reserved' : true));

const csv = [
  'ID;Código;Descrição;Preço;Peso (g);Ativo;Categoria;Tags;Atualizado em',
  '1;A-001;"Válvula de Pressão; 1/2""";1.234,56;1500;S;VAL;a, b ,c;25/03/2025 14:30',
  '2;A-002;Compressor Ação;99,9;250;N;CMP;x;26/03/2025 08:00',
  '3;A-003;Sem preço;abc;10;S;VAL;;01/04/2025 00:00',
  '4;A-004;"Filtro',
  'de ar";10,00;100;S;ZZZ;;01/04/2025 00:00',
  '5;b-5;Código ruim;1,00;1;S;VAL;;01/04/2025 00:00',
  '6;A-001;Repetido;2,00;1;S;VAL;;01/04/2025 00:00',
  '7;A-007;Negativo;-5,00;1;S;VAL;;01/04/2025 00:00',
  '8;Z-008;Reservado;5,00;1;S;VAL;;01/04/2025 00:00',
  '',
].join('\r\n');

const mapping = {
  fields: {
    id: 'ID',
    code: 'Código',
    name: { path: 'Descrição', transform: 'trim' },
    description: { path: 'Descrição', transform: 'shout' },
    price: { path: 'Preço', transform: { name: 'number', locale: 'pt-BR' } },
    active: { path: 'Ativo', transform: { name: 'boolean', true: ['S'], false: ['N'] } },
    category: {
      path: 'Categoria',
      transform: { name: 'lookup', table: { VAL: 'Válvulas', CMP: 'Compressores' }, default: 'Outros' },
    },
    brand: { path: 'Marca', default: 'Sem marca' },
    currency: { const: 'BRL' },
    sourceUpdatedAt: { path: 'Atualizado em', transform: { name: 'date', format: 'DD/MM/YYYY HH:mm' } },
  },
  customFields: {
    weightKg: { path: 'Peso (g)', transform: { name: 'unit', from: 'g', to: 'kg' } },
    tags: { path: 'Tags', transform: ['split', { name: 'join', separator: '|' }] },
  },
};

const validation = [
  { field: 'code', required: true, regex: '^[A-Z]-\\d{3}$', unique: true, custom: 'notReserved' },
  { field: 'price', type: 'number', min: 0, max: 100000 },
];

describe('file source', () => {
  it('reads a Latin-1, semicolon CSV, transforms fields, and quarantines each bad row with its rule', async () => {
    const path = join(files.dir, 'catalogo.csv');
    writeFileSync(path, Buffer.from(csv, 'latin1'));
    const h = await openSource({ name: 'planilha', kind: 'file', path, encoding: 'latin1', mapping, validation });
    open.push(h);
    const run = await h.sync();
    expect(run).toMatchObject({ status: 'succeeded', pages: 1 });
    expect(run.counts).toMatchObject({ fetched: 8, created: 3, quarantined: 5 });

    expect((await h.engine.getProduct({ id: '1' }))!).toMatchObject({
      name: 'Válvula de Pressão; 1/2"',
      description: 'VÁLVULA DE PRESSÃO; 1/2"!',
      code: 'A-001',
      price: 1234.56,
      active: true,
      category: 'Válvulas',
      brand: 'Sem marca',
      currency: 'BRL',
      sourceUpdatedAt: '2025-03-25T14:30:00.000Z',
      customFields: { weightKg: 1.5, tags: 'a|b|c' },
    });
    expect((await h.engine.getProduct({ id: '2' }))!).toMatchObject({
      price: 99.9,
      active: false,
      category: 'Compressores',
    });
    expect((await h.engine.getProduct({ id: '4' }))!).toMatchObject({ name: 'Filtro\nde ar', category: 'Outros' });

    const q = h.engine.runs.quarantined('planilha').map((r) => [r.recordKey, r.rule]);
    expect(q).toEqual([
      ['3', 'transform.number:price'],
      ['5', 'regex:code'],
      ['6', 'unique:code'],
      ['7', 'min:price'],
      ['8', 'custom.notReserved:code'],
    ]);
    const reasons = h.engine.runs.quarantined('planilha').map((r) => r.reason);
    expect(reasons[1]).toContain('"b-5"');
    expect(reasons[3]).toContain('-5');

    // Row 1 turns invalid: it is quarantined under its key and kept, never deleted as "gone from the file".
    writeFileSync(path, Buffer.from(csv.replace('1.234,56', 'n/d'), 'latin1'));
    const second = await h.sync();
    expect(second).toMatchObject({ status: 'succeeded' });
    // Row 6 repeated row 1's code; with row 1 rejected it no longer does, and loads.
    expect(second.counts).toMatchObject({ quarantined: 5, created: 1, deleted: 0, unchanged: 2 });
    expect((await h.engine.getProduct({ id: '1' }))!.price).toBe(1234.56);
    expect(h.engine.runs.quarantined('planilha').at(-5)).toMatchObject({
      recordKey: '1',
      rule: 'transform.number:price',
    });
  });

  it('streams NDJSON and a JSON document, and detects a tab delimiter', async () => {
    const nd = join(files.dir, 'items.ndjson');
    writeFileSync(
      nd,
      ['{"sku":"N1","title":"Um"}', '', '{"sku":"N2","title":"Dois"}', '{"sku":"N3","title":"Três"}'].join('\n'),
    );
    const json = join(files.dir, 'items.json');
    writeFileSync(json, JSON.stringify({ data: { items: [{ sku: 'J1', title: 'Jota' }] } }));
    const tsv = join(files.dir, 'items.tsv');
    writeFileSync(tsv, '\uFEFFsku\ttitle\nT1\tTab, com vírgula\n');
    const m = { fields: { id: 'sku', name: 'title' } };

    const a = await openSource({ name: 'nd', kind: 'file', path: nd, pageSize: 2, mapping: m });
    open.push(a);
    const ra = await a.sync();
    expect(ra).toMatchObject({ status: 'succeeded', pages: 2 });
    expect(ra.counts.created).toBe(3);

    const b = await openSource({ name: 'js', kind: 'file', path: json, recordSelector: 'data.items', mapping: m });
    open.push(b);
    expect((await b.sync()).counts.created).toBe(1);

    const c = await openSource({ name: 'ts', kind: 'file', path: tsv, format: 'csv', mapping: m });
    open.push(c);
    expect((await c.sync()).counts.created).toBe(1);
    expect((await c.engine.getProduct({ id: 'T1' }))!.name).toBe('Tab, com vírgula');
  });
});
