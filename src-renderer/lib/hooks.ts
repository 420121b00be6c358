// Small React hooks shared by the screens.
import { useEffect, useRef, useState } from 'react';
import type { ApiEventName, EventListener } from '../../src-shared/api.js';
import { syncflow } from '../transport.js';
import { useHealth } from './health.js';

/** Current time, refreshed every `intervalMs`, so relative times ("5 min ago") stay true. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Subscribes to an engine event for the component's lifetime; the latest listener is always the one called. */
export function useEngineEvent<E extends ApiEventName>(event: E, listener: EventListener<E>): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => syncflow.on(event, (payload) => latest.current(payload)), [event]);
}

export type CallState<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'failed'; error: string };

/**
 * Calls the engine once per `key` (a product id, say) and holds the answer; a late answer for an older key is
 * dropped. Failures go to the app's error banner as well.
 */
export function useCall<T>(key: string, call: () => Promise<T>): CallState<T> {
  const health = useHealth();
  const latest = useRef(call);
  useEffect(() => {
    latest.current = call;
  });
  const [state, setState] = useState<{ key: string; state: CallState<T> } | null>(null);
  useEffect(() => {
    let current = true;
    latest.current().then(
      (value) => {
        if (!current) return;
        health.ok();
        setState({ key, state: { status: 'done', value } });
      },
      (err: unknown) => {
        if (!current) return;
        health.report(err);
        setState({ key, state: { status: 'failed', error: err instanceof Error ? err.message : String(err) } });
      },
    );
    return () => {
      current = false;
    };
  }, [key, health]);
  return state && state.key === key ? state.state : { status: 'loading' };
}
