// What an operator types as a pinned value in the product detail.
import { describe, expect, it } from 'vitest';
import { originText, parsePinValue } from '../../../src-renderer/components/ProductProvenance.js';
import { translator } from '../../../src-renderer/i18n/index.js';

describe('parsePinValue', () => {
  it('reads numbers with a dot or a decimal comma; empty is none', () => {
    expect(parsePinValue('price', '12.5')).toEqual({ value: 12.5 });
    expect(parsePinValue('price', '12,5')).toEqual({ value: 12.5 });
    expect(parsePinValue('price', '1,234.50')).toEqual({ value: 1234.5 });
    expect(parsePinValue('stock', ' ')).toEqual({ value: null });
    expect(parsePinValue('price', 'abc')).toEqual({ error: 'badNumber' });
  });
  it('keeps text; an empty brand is none, an empty name stays text (the engine refuses it)', () => {
    expect(parsePinValue('brand', ' ACME ')).toEqual({ value: 'ACME' });
    expect(parsePinValue('brand', '')).toEqual({ value: null });
    expect(parsePinValue('name', '')).toEqual({ value: '' });
  });
});

describe('originText', () => {
  it('names the source, a pin or a pick', () => {
    const t = translator('pt-BR');
    expect(originText('erp', 'shop', t)).toBe('erp');
    expect(originText(undefined, 'shop', t)).toBe('shop');
    expect(originText('pin', 'shop', t)).toBe('fixado por um operador');
    expect(originText('review', 'shop', t)).toBe('escolha de um operador');
  });
});
