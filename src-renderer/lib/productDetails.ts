// The `details` of a product (cost, logistics, fiscal, service and rental terms) as labelled display rows.
import type { ProductDetails } from '../../src-shared/domain.js';
import { createFormat, translator, type Format, type MessageKey, type Translate } from '../i18n/index.js';

const english = createFormat('en');

export interface DetailRow {
  label: string;
  value: string;
}

/** "30 × 20 × 10 cm" (length × width × height), with "?" for a missing side; null when none is known. */
export function formatDimensions(d: ProductDetails['dimensions'], fmt: Format = english): string | null {
  if (!d) return null;
  const sides = [d.lengthCm, d.widthCm, d.heightCm];
  if (sides.every((s) => s === undefined || s === null)) return null;
  return `${sides.map((s) => (typeof s === 'number' ? fmt.quantity(s) : '?')).join(' × ')} cm`;
}

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== '';

/** Only the facts the source gave, in a fixed order; money in the product's currency. */
export function detailRows(
  details: ProductDetails | undefined,
  currency: string,
  t: Translate = translator('en'),
  fmt: Format = english,
): DetailRow[] {
  if (!details) return [];
  const rows: DetailRow[] = [];
  const add = (label: MessageKey, value: string | null | undefined): void => {
    if (present(value)) rows.push({ label: t(label), value });
  };
  const money = (n: number | null | undefined): string | null => (present(n) ? fmt.price(n, currency) : null);

  add('spec.costPrice', money(details.costPrice));
  add('spec.weight', present(details.weightKg) ? fmt.quantity(details.weightKg, 'kg') : null);
  add('spec.dimensions', formatDimensions(details.dimensions, fmt));
  add('spec.cfop', details.cfop);
  if (details.availableForSale !== undefined) {
    add('spec.availableForSale', details.availableForSale ? t('common.yes') : t('common.no'));
  }
  const s = details.service;
  if (s) {
    add('spec.serviceDuration', present(s.durationHours) ? fmt.quantity(s.durationHours, 'h') : null);
    add('spec.billingCycle', s.billingCycle);
    add('spec.sla', s.sla);
  }
  const r = details.rental;
  if (r) {
    add('spec.dailyRate', money(r.dailyRate));
    add('spec.weeklyRate', money(r.weeklyRate));
    add('spec.monthlyRate', money(r.monthlyRate));
    add('spec.minimumRental', present(r.minimumDays) ? t('unit.days', { count: r.minimumDays }) : null);
    add('spec.deposit', money(r.deposit));
  }
  for (const [key, value] of Object.entries(details.variant ?? {})) {
    if (present(value)) rows.push({ label: t('spec.variant', { name: key }), value });
  }
  return rows;
}
