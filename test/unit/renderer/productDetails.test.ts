import { describe, expect, it } from 'vitest';
import { detailRows, formatDimensions } from '../../../src-renderer/lib/productDetails.js';
import { createFormat, translator } from '../../../src-renderer/i18n/index.js';

// Intl output for BRL uses a non-breaking space; compare on normal spaces.
const plain = (s: string): string => s.replace(/\s/g, ' ');

describe('formatDimensions', () => {
  it('shows length × width × height, with ? for a missing side', () => {
    expect(formatDimensions({ lengthCm: 30, widthCm: 20, heightCm: 10.5 })).toBe('30 × 20 × 10.5 cm');
    expect(formatDimensions({ lengthCm: 30 })).toBe('30 × ? × ? cm');
    expect(formatDimensions({})).toBeNull();
    expect(formatDimensions(null)).toBeNull();
    expect(formatDimensions(undefined)).toBeNull();
  });
});

describe('detailRows', () => {
  it('lists only what the source gave, in a fixed order', () => {
    const rows = detailRows(
      {
        costPrice: 80,
        weightKg: 2.5,
        cfop: '5102',
        availableForSale: false,
        rental: { dailyRate: 50, minimumDays: 1 },
        service: null,
        variant: { color: 'red' },
      },
      'BRL',
      translator('pt-BR'),
      createFormat('pt-BR'),
    ).map((r) => ({ ...r, value: plain(r.value) }));
    expect(rows).toEqual([
      { label: 'Preço de custo', value: 'R$ 80,00' },
      { label: 'Peso', value: '2,5 kg' },
      { label: 'CFOP', value: '5102' },
      { label: 'Disponível para venda', value: 'não' },
      { label: 'Diária', value: 'R$ 50,00' },
      { label: 'Locação mínima', value: '1 dia' },
      { label: 'Variação color', value: 'red' },
    ]);
  });

  it('includes service terms and is empty without details', () => {
    expect(detailRows({ service: { durationHours: 4, billingCycle: 'monthly', sla: '24h' } }, 'BRL')).toEqual([
      { label: 'Service duration', value: '4 h' },
      { label: 'Billing cycle', value: 'monthly' },
      { label: 'SLA', value: '24h' },
    ]);
    expect(detailRows(undefined, 'BRL')).toEqual([]);
    expect(detailRows({ costPrice: null, cfop: null }, 'BRL')).toEqual([]);
  });
});
