// What the Electron preload exposes on `window.syncflow` (contextBridge): one function per contract method plus
// an event subscription. The renderer never sees ipcRenderer itself.
import type {
  ApiEventName,
  ApiMethodName,
  EventListener,
  MethodInput,
  MethodResult,
} from '../src-shared/api.js';

export type SyncflowBridge = {
  readonly [M in ApiMethodName]: (input: MethodInput<M>) => Promise<MethodResult<M>>;
} & {
  on<E extends ApiEventName>(event: E, listener: EventListener<E>): () => void;
};

declare global {
  interface Window {
    /** Present only under Electron; the HTTP bridge is used otherwise. */
    readonly syncflow?: SyncflowBridge;
  }
}
