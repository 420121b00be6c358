import { describe, expect, it } from 'vitest';
import type { AgentMetrics, Alert } from '../../../src-shared/domain.js';
import { addAlert, dismissAlert } from '../../../src-renderer/lib/alerts.js';
import { formatErrorsByClass, isPaused, pausedUntil } from '../../../src-renderer/lib/metrics.js';
import { createFormat, translator } from '../../../src-renderer/i18n/index.js';

describe('metrics formatting', () => {
  it('lists errors by class, most frequent first, skipping zeros', () => {
    expect(formatErrorsByClass({})).toBe('');
    expect(formatErrorsByClass({ auth: 1, network: 3, timeout: 0 })).toBe('network 3 · credentials 1');
    expect(formatErrorsByClass({ server: 2, auth: 2 })).toBe('credentials 2 · server 2');
    expect(formatErrorsByClass({ network: 1200 }, translator('pt-BR'), createFormat('pt-BR'))).toBe('rede 1.200');
  });
});

describe('pause state', () => {
  const queue = (paused: AgentMetrics['queue']['paused']): AgentMetrics['queue'] => ({ depth: 0, running: [], paused });

  it('knows a source is paused by itself or by a pause of all sources', () => {
    const one = queue({ all: false, allUntil: null, sources: [{ source: 'erp', until: '2024-05-01T10:00:00.000Z' }] });
    expect(isPaused(one, 'erp')).toBe(true);
    expect(isPaused(one, 'shop')).toBe(false);
    expect(pausedUntil(one, 'erp')).toBe('2024-05-01T10:00:00.000Z');
    const all = queue({ all: true, allUntil: null, sources: [] });
    expect(isPaused(all, 'shop')).toBe(true);
    expect(pausedUntil(all, 'shop')).toBeNull();
    expect(isPaused(undefined, 'shop')).toBe(false);
  });
});

describe('alerts', () => {
  const alert = (over: Partial<Alert> = {}): Alert => ({
    kind: 'run-failed',
    level: 'error',
    source: 'erp',
    message: 'sync failed: timeout',
    at: '2024-05-01T10:00:00.000Z',
    ...over,
  });

  it('puts new alerts on top and folds repeats of the same alert', () => {
    let list = addAlert([], alert());
    list = addAlert(list, alert({ kind: 'stale', level: 'warning', message: 'no sync for 3 h' }));
    list = addAlert(list, alert({ at: '2024-05-01T11:00:00.000Z' }));
    expect(list.map((a) => a.kind)).toEqual(['run-failed', 'stale']);
    expect(list[0]?.repeats).toBe(2);
    expect(list[0]?.at).toBe('2024-05-01T11:00:00.000Z');
    expect(new Set(list.map((a) => a.key)).size).toBe(2);
  });

  it('keeps at most the cap and dismisses by key', () => {
    let list = addAlert([], alert({ message: 'a' }), 2);
    list = addAlert(list, alert({ message: 'b' }), 2);
    list = addAlert(list, alert({ message: 'c' }), 2);
    expect(list.map((a) => a.message)).toEqual(['c', 'b']);
    const key = list[0]?.key ?? '';
    expect(dismissAlert(list, key).map((a) => a.message)).toEqual(['b']);
  });
});
