// The dashboard's alert list: live `alert` events, newest first, repeats folded, capped.
import type { Alert } from '../../src-shared/domain.js';

export const ALERT_CAP = 20;

export interface ShownAlert extends Alert {
  /** Stable key for rendering and dismissing. */
  key: string;
  /** How many identical alerts (same kind, source and message) arrived. */
  repeats: number;
}

const identity = (a: Alert): string => `${a.kind}\u0000${a.source}\u0000${a.message}`;

/** Adds an alert on top; an identical one already shown moves up and counts the repeat. */
export function addAlert(list: readonly ShownAlert[], alert: Alert, cap = ALERT_CAP): ShownAlert[] {
  const id = identity(alert);
  const existing = list.find((a) => identity(a) === id);
  const rest = list.filter((a) => identity(a) !== id);
  const shown: ShownAlert = {
    ...alert,
    key: existing?.key ?? `${id}\u0000${alert.at}`,
    repeats: (existing?.repeats ?? 0) + 1,
  };
  return [shown, ...rest].slice(0, cap);
}

export function dismissAlert(list: readonly ShownAlert[], key: string): ShownAlert[] {
  return list.filter((a) => a.key !== key);
}
