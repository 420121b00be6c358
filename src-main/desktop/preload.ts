// Sandboxed preload: exposes the contract as `window.syncflow`. Bundled to CommonJS by scripts/build-preload.mjs
// because sandboxed preloads cannot load ES modules or arbitrary node_modules.
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import type { EventListener, SyncAgentClient, SyncflowBridge } from '../../src-shared/api.js';
import { apiEventNames, apiMethodNames, ipcChannels, type ApiEventName } from '../../src-shared/apiIndex.js';

export type { SyncflowBridge };

type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

const isEventName = (name: unknown): name is ApiEventName =>
  typeof name === 'string' && (apiEventNames as readonly string[]).includes(name);

export function buildBridge(ipc: BridgeIpc) {
  const methods = Object.fromEntries(
    apiMethodNames.map((name) => [name, (input?: unknown) => ipc.invoke(ipcChannels.invoke, name, input)]),
  ) as SyncAgentClient;

  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  let attached = false;
  // One IPC listener dispatches to all page listeners; the IpcRendererEvent (which exposes `sender`) never
  // reaches the page.
  const dispatch = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
    if (!isEventName(name)) return;
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`syncflow: '${name}' listener threw`, err);
      }
    }
  };

  const on = <E extends ApiEventName>(event: E, listener: EventListener<E>): (() => void) => {
    if (!isEventName(event) || typeof listener !== 'function') return () => {};
    const fn = listener as (payload: unknown) => void;
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(fn);
    if (!attached) {
      ipc.on(ipcChannels.event, dispatch);
      attached = true;
    }
    return () => {
      set.delete(fn);
      if (attached && [...listeners.values()].every((s) => s.size === 0)) {
        ipc.removeListener(ipcChannels.event, dispatch);
        attached = false;
      }
    };
  };

  return { ...methods, on };
}

// The typed link to the contract: what the page gets as window.syncflow is checked against the type it reads it as.
const bridge = buildBridge(ipcRenderer) satisfies SyncflowBridge;
contextBridge.exposeInMainWorld('syncflow', bridge);
