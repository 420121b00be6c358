import { describe, expect, it } from 'vitest';
import { translator } from '../../../src-renderer/i18n/index.js';
import { describeCron } from '../../../src-renderer/lib/cronText.js';
import { fromDraft, problemsByField, toDraft } from '../../../src-renderer/lib/sourceDraft.js';

describe('source draft (Settings form)', () => {
  const source = {
    name: 'shop',
    kind: 'rest',
    baseUrl: 'http://x',
    enabled: false,
    schedule: { cron: '0 */6 * * *', timezone: 'America/Sao_Paulo' },
    mapping: { fields: { id: 'id' } },
    pagination: { type: 'offset', pageSize: 50 },
  };

  it('splits a source into inputs and JSON, and puts it back together unchanged', () => {
    const d = toDraft(source);
    expect(d.simple).toMatchObject({ name: 'shop', kind: 'rest', baseUrl: 'http://x', path: '' });
    expect(d).toMatchObject({ enabled: false, cron: '0 */6 * * *', timezone: 'America/Sao_Paulo' });
    expect(JSON.parse(d.rest)).toEqual({ mapping: source.mapping, pagination: source.pagination });
    expect(fromDraft(d)).toEqual({ source });
  });

  it('says when the JSON part cannot be read, and drops an empty schedule', () => {
    expect(fromDraft({ ...toDraft(source), rest: '{ nope' })).toMatchObject({ jsonError: expect.any(String) });
    expect(fromDraft({ ...toDraft(source), rest: '[1]' })).toEqual({ jsonError: 'expected a JSON object { … }' });
    const r = fromDraft({ ...toDraft(source), cron: ' ', enabled: true });
    expect(r).toEqual({
      source: {
        name: 'shop',
        kind: 'rest',
        baseUrl: 'http://x',
        mapping: source.mapping,
        pagination: source.pagination,
      },
    });
  });

  it('files the config problems of this source under their form fields', () => {
    const m = problemsByField(
      [
        { path: 'sources[1].baseUrl', message: 'expected an absolute http(s) URL' },
        { path: 'sources[1].schedule.timezone', message: 'not a time zone' },
        { path: 'sources[1].mapping.fields.colour', message: 'not a product field' },
        { path: 'sources[0].name', message: 'duplicate source name "shop"' },
      ],
      1,
    );
    expect(m.get('baseUrl')).toEqual(['expected an absolute http(s) URL']);
    expect(m.get('timezone')).toEqual(['not a time zone']);
    expect(m.get('rest')).toEqual(['mapping.fields.colour: not a product field']);
    expect(m.get('')).toEqual(['sources[0].name: duplicate source name "shop"']);
  });
});

describe('cron in words', () => {
  const en = translator('en');
  const pt = translator('pt-BR');
  it('reads the common shapes in both languages and gives up on the rest', () => {
    expect(describeCron('0 */6 * * *', en)).toBe('Every 6 hours at minute 00');
    expect(describeCron('30 2 * * *', en)).toBe('Every day at 02:30');
    expect(describeCron('30 2 * * *', pt)).toBe('Todos os dias às 02:30');
    expect(describeCron('0 8 * * 1-5', pt)).toBe('De segunda a sexta às 08:00');
    expect(describeCron('*/15 * * * *', en)).toBe('Every 15 minutes');
    expect(describeCron('0 0 1 * *', en)).toBeNull();
    expect(describeCron('nonsense', en)).toBeNull();
  });
});
