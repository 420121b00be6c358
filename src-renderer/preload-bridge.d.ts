// What the Electron preload exposes on `window.syncflow` (contextBridge): one function per contract method plus
// an event subscription. The renderer never sees ipcRenderer itself. The type lives in the contract; the preload's
// exposed object is checked against it with `satisfies`.
import type { SyncflowBridge } from '../src-shared/api.js';

export type { SyncflowBridge };

declare global {
  interface Window {
    /** Present only under Electron; the HTTP bridge is used otherwise. */
    readonly syncflow?: SyncflowBridge;
  }
}
