// One action at a time per screen part: `busy` while it runs (buttons disable), a failure goes to the app's error
// banner, and `after` runs once it settles either way (reload what the action changed).
import { useCallback, useRef, useState } from 'react';
import { useHealth } from './health.js';

export function useBusyAction(after?: () => void): {
  busy: boolean;
  act: (fn: () => Promise<unknown>) => Promise<void>;
} {
  const health = useHealth();
  const [busy, setBusy] = useState(false);
  const latestAfter = useRef(after);
  latestAfter.current = after;
  const act = useCallback(
    async (fn: () => Promise<unknown>) => {
      setBusy(true);
      try {
        await fn();
      } catch (err) {
        health.report(err);
      } finally {
        setBusy(false);
        latestAfter.current?.();
      }
    },
    [health],
  );
  return { busy, act };
}
