// Binds the contract to Electron IPC: one invoke channel for every method, one event channel for every event.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  apiEventNames,
  ipcChannels,
  isApiMethod,
  parseApiInput,
  type ApiMethodName,
  type MethodResult,
  type ParsedInput,
  type SyncAgentApi,
} from '../../src-shared/api.js';
import { APP_HOST, APP_SCHEME } from './appProtocol.js';
import type { EngineHandle } from './engine-handle.js';

/** The slice of BrowserWindow the event fan-out uses. */
export interface EventTarget {
  isDestroyed(): boolean;
  readonly webContents: { isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void };
}

/** The slice of WebFrameMain the check reads: its URL, and its parent (null for a window's main frame). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * Only the main frame of our own page (app://syncflow/…) may call the engine. The URL is parsed, never
 * prefix-matched: any file:// page, another scheme or host, or a subframe (even one of ours) is refused; a null
 * frame means it navigated away or died mid-call.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.parent !== null || typeof frame.url !== 'string') return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export async function handleInvoke(
  engine: SyncAgentApi,
  frame: SenderFrame | null | undefined,
  method: unknown,
  input: unknown,
): Promise<unknown> {
  if (!isTrustedSender(frame)) {
    throw new Error(`refused IPC call from untrusted frame ${frame?.url ?? '(none)'}${frame && frame.parent !== null ? ' (a subframe)' : ''}`);
  }
  if (!isApiMethod(method)) {
    throw new Error(`unknown method: ${typeof method === 'string' ? method : typeof method}`);
  }
  // Throws ApiInputError naming each bad field; the message survives Electron's error serialisation.
  return call(engine, method, parseApiInput(method, input));
}

function call<M extends ApiMethodName>(
  engine: SyncAgentApi,
  method: M,
  input: ParsedInput<M>,
): Promise<MethodResult<M>> {
  const fn = engine[method] as (input: ParsedInput<M>) => Promise<MethodResult<M>>;
  return fn.call(engine, input);
}

export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  engine: EngineHandle,
  getWindows: () => readonly EventTarget[],
): () => void {
  ipcMain.handle(ipcChannels.invoke, (event: IpcMainInvokeEvent, method: unknown, input: unknown) =>
    handleInvoke(engine, event.senderFrame, method, input),
  );

  const unsubscribers = apiEventNames.map((name) =>
    engine.events.on(name, (payload) => {
      for (const win of getWindows()) {
        // A window can be torn down between listing and sending; sending to it would throw.
        if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
        win.webContents.send(ipcChannels.event, name, payload);
      }
    }),
  );

  return () => {
    ipcMain.removeHandler(ipcChannels.invoke);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
