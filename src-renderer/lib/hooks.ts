// Small React hooks shared by the screens.
import { useEffect, useRef, useState } from 'react';
import type { ApiEventName, EventListener } from '../../src-shared/api.js';
import { syncflow } from '../transport.js';

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
