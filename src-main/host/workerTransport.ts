// The worker's side of the wire: answers calls on the rpc port with the engine, pushes every contract event on the
// events port. Kept apart from the worker entry so the contract test can drive it with any engine.
import type { MessagePort } from 'node:worker_threads';
import { apiEventNames, isApiMethod, isReadMethod, parseApiInput, type EventSubscriber, type ReadMethodName, type SyncAgentApi } from '../../src-shared/api.js';
import type { LiveStatus } from '../engine/metrics/statusParts.js';
import { toWireError, type EventMessage, type HostMessage, type LiveMessage, type WorkerInfo, type WorkerMessage } from './protocol.js';

export interface WorkerControl {
  startAgent(startupSync: boolean): Promise<WorkerInfo>;
  setSecrets(secrets: Record<string, string>): void;
  close(): Promise<void>;
  /** A read the host's reader answered (the engine notes what operators look at). */
  noted?(method: ReadMethodName, input: unknown): void;
}

/** How often the live part of getStatus is sent even when nothing announced a change (next schedule, queue waits). */
const LIVE_EVERY_MS = 1000;

export function exposeEngine(
  rpc: MessagePort,
  events: MessagePort,
  engine: SyncAgentApi & { events: EventSubscriber; liveStatus?: () => LiveStatus },
  control: WorkerControl,
): () => void {
  const send = (m: WorkerMessage) => rpc.postMessage(m);
  // The live part of getStatus goes out before every reply and every event, on the same port, so a reader's
  // getStatus after either is at least as new as what the caller heard.
  let liveSeq = 0;
  const pushLive = (port: MessagePort) => {
    if (engine.liveStatus) port.postMessage({ type: 'live', seq: ++liveSeq, live: engine.liveStatus() } satisfies LiveMessage);
  };
  pushLive(rpc);
  const liveTimer = engine.liveStatus ? setInterval(() => pushLive(rpc), LIVE_EVERY_MS) : null;
  liveTimer?.unref();
  const answer = (id: number, work: () => Promise<unknown>) => {
    work().then(
      (result) => {
        pushLive(rpc);
        try {
          send({ type: 'reply', id, result });
        } catch (err) {
          // A result structured clone cannot carry is a bug worth a clear message, not a hung call.
          send({ type: 'error', id, error: toWireError(err) });
        }
      },
      (err: unknown) => {
        pushLive(rpc);
        send({ type: 'error', id, error: toWireError(err) });
      },
    );
  };

  const onMessage = (m: HostMessage) => {
    switch (m.type) {
      case 'call':
        return answer(m.id, async () => {
          if (!isApiMethod(m.method)) throw new Error(`unknown method: ${String(m.method)}`);
          // The thread boundary is a boundary like IPC and HTTP: the engine gets only validated input.
          const input = parseApiInput(m.method, m.input);
          return (engine[m.method] as (i: unknown) => Promise<unknown>).call(engine, input);
        });
      case 'startAgent':
        return answer(m.id, () => control.startAgent(m.startupSync));
      case 'secrets':
        return control.setSecrets(m.secrets);
      case 'close':
        return answer(m.id, () => control.close());
      case 'noted': {
        // The host relays the UI's raw input (the reader thread validated it): noted as the engine's own reads are.
        if (!isApiMethod(m.method) || !isReadMethod(m.method)) return;
        let input: unknown;
        try {
          input = parseApiInput(m.method, m.input);
        } catch {
          return;
        }
        return control.noted?.(m.method, input);
      }
    }
  };
  rpc.on('message', onMessage);

  const unsubscribers = apiEventNames.map((event) =>
    engine.events.on(event, (payload) => {
      if (event !== 'log') pushLive(events); // log lines change nothing getStatus shows
      events.postMessage({ event, payload } satisfies EventMessage);
    }),
  );
  return () => {
    if (liveTimer) clearInterval(liveTimer);
    rpc.off('message', onMessage);
    for (const u of unsubscribers) u();
  };
}
