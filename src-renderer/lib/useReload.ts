// Loads something from the engine, again when `deps` change or `reload()` is called (a run finished, an action
// was taken). Failures go to the app's banner; the last good value stays on screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useHealth } from './health.js';

export function useReload<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): { value: T | null; reload: () => void } {
  const health = useHealth();
  const [value, setValue] = useState<T | null>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let current = true;
    latest.current().then(
      (v) => {
        if (!current) return;
        health.ok();
        setValue(v);
      },
      (err: unknown) => {
        if (current) health.report(err);
      },
    );
    return () => {
      current = false;
    };
  }, [tick, health, ...deps]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { value, reload };
}
