// App-wide engine health: every screen reports failed calls here and the App shows one banner.
import { createContext, useContext } from 'react';

export interface HealthActions {
  /** A call failed: show it in the banner. */
  report(err: unknown): void;
  /** A call succeeded: clears a connectivity banner ("Engine unreachable"), since the engine answers again. */
  ok(): void;
}

const noop: HealthActions = { report: () => undefined, ok: () => undefined };

export const HealthContext = createContext<HealthActions>(noop);

export function useHealth(): HealthActions {
  return useContext(HealthContext);
}
