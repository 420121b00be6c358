// The `details` of a product (cost, logistics, fiscal, service and rental terms) as labelled display rows.
import type { ProductDetails } from '../../src-shared/domain.js';
import { formatPrice, formatQuantity } from './format.js';

export interface DetailRow {
  label: string;
  value: string;
}

/** "30 × 20 × 10 cm" (length × width × height), with "?" for a missing side; null when none is known. */
export function formatDimensions(d: ProductDetails['dimensions']): string | null {
  if (!d) return null;
  const sides = [d.lengthCm, d.widthCm, d.heightCm];
  if (sides.every((s) => s === undefined || s === null)) return null;
  return `${sides.map((s) => (typeof s === 'number' ? formatQuantity(s) : '?')).join(' × ')} cm`;
}

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== '';

/** Only the facts the source gave, in a fixed order; money in the product's currency. */
export function detailRows(details: ProductDetails | undefined, currency: string): DetailRow[] {
  if (!details) return [];
  const rows: DetailRow[] = [];
  const add = (label: string, value: string | null | undefined): void => {
    if (present(value)) rows.push({ label, value });
  };
  const money = (n: number | null | undefined): string | null => (present(n) ? formatPrice(n, currency) : null);

  add('Cost price', money(details.costPrice));
  add('Weight', present(details.weightKg) ? formatQuantity(details.weightKg, 'kg') : null);
  add('Dimensions', formatDimensions(details.dimensions));
  add('CFOP', details.cfop);
  if (details.availableForSale !== undefined) add('Available for sale', details.availableForSale ? 'yes' : 'no');
  const s = details.service;
  if (s) {
    add('Service duration', present(s.durationHours) ? formatQuantity(s.durationHours, 'h') : null);
    add('Billing cycle', s.billingCycle);
    add('SLA', s.sla);
  }
  const r = details.rental;
  if (r) {
    add('Daily rate', money(r.dailyRate));
    add('Weekly rate', money(r.weeklyRate));
    add('Monthly rate', money(r.monthlyRate));
    add(
      'Minimum rental',
      present(r.minimumDays) ? `${formatQuantity(r.minimumDays)} ${r.minimumDays === 1 ? 'day' : 'days'}` : null,
    );
    add('Deposit', money(r.deposit));
  }
  for (const [key, value] of Object.entries(details.variant ?? {})) add(`Variant ${key}`, value);
  return rows;
}
