import { describe, expect, it } from 'vitest';
import type { ProductChange } from '../../../src-shared/domain.js';
import { fieldLabel, formatChangeValue, historyEntries } from '../../../src-renderer/lib/history.js';

describe('formatChangeValue', () => {
  it('shows empty values as a dash and scalars as text', () => {
    expect(formatChangeValue(null)).toBe('—');
    expect(formatChangeValue(undefined)).toBe('—');
    expect(formatChangeValue('')).toBe('—');
    expect(formatChangeValue([])).toBe('—');
    expect(formatChangeValue(12.5)).toBe('12.5');
    expect(formatChangeValue(false)).toBe('false');
    expect(formatChangeValue('Cabo USB')).toBe('Cabo USB');
  });

  it('shows objects as JSON and cuts long values', () => {
    expect(formatChangeValue({ a: 1 })).toBe('{"a":1}');
    expect(formatChangeValue(['x', 'y'])).toBe('x, y');
    expect(formatChangeValue([{ a: 1 }])).toBe('[{"a":1}]');
    const long = formatChangeValue('a'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('fieldLabel', () => {
  it('splits camel case and nested paths', () => {
    expect(fieldLabel('price')).toBe('price');
    expect(fieldLabel('sourceUpdatedAt')).toBe('source updated at');
    expect(fieldLabel('details.costPrice')).toBe('details › cost price');
  });
});

describe('historyEntries', () => {
  const changes: ProductChange[] = [
    { seq: 1, op: 'created', runId: 1, at: '2024-05-01T10:00:00.000Z', changes: null },
    { seq: 7, op: 'updated', runId: 3, at: '2024-05-02T10:00:00.000Z', changes: { stock: [5, 0], price: [10, 12.5] } },
    { seq: 9, op: 'deleted', runId: null, at: '2024-05-03T10:00:00.000Z', changes: null, origin: 'operator' },
  ];

  it('lists the newest change first with updated fields as old → new, alphabetically', () => {
    const entries = historyEntries(changes);
    expect(entries.map((e) => e.op)).toEqual(['deleted', 'updated', 'created']);
    expect(entries[1]?.fields).toEqual([
      { field: 'price', from: '10', to: '12.5' },
      { field: 'stock', from: '5', to: '0' },
    ]);
    expect(entries[0]?.fields).toEqual([]);
    expect(entries[0]?.runId).toBeNull();
    // Who made it, when the feed recorded it.
    expect(entries.map((e) => e.origin)).toEqual(['operator', null, null]);
  });

  it('does not reorder the input', () => {
    historyEntries(changes);
    expect(changes.map((c) => c.seq)).toEqual([1, 7, 9]);
  });
});

describe('history values for the chosen language', () => {
  it('shows money as prices and numbers grouped, like the fields beside them', async () => {
    const { createFormat, translator } = await import('../../../src-renderer/i18n/index.js');
    const [entry] = historyEntries(
      [
        {
          seq: 2,
          op: 'updated',
          runId: 1,
          at: '2024-05-02T10:00:00.000Z',
          changes: { price: [263.72, 274.21], stock: [1200, 1100.5] },
        },
      ],
      { fmt: createFormat('pt-BR'), t: translator('pt-BR'), currency: 'BRL' },
    );
    const plain = (s: string | undefined): string | undefined => s?.replace(/\u00a0/g, ' ');
    expect(entry?.fields.map((f) => [f.field, plain(f.from), plain(f.to)])).toEqual([
      ['Preço', 'R$ 263,72', 'R$ 274,21'],
      ['Estoque', '1.200', '1.100,5'],
    ]);
  });
});
