// The worker's side of the wire: answers calls on the rpc port with the engine, pushes every contract event on the
// events port. Kept apart from the worker entry so the contract test can drive it with any engine.
import type { MessagePort } from 'node:worker_threads';
import { apiEventNames, isApiMethod, parseApiInput, type EventSubscriber, type SyncAgentApi } from '../../src-shared/api.js';
import { toWireError, type EventMessage, type HostMessage, type WorkerInfo, type WorkerMessage } from './protocol.js';

export interface WorkerControl {
  startAgent(startupSync: boolean): Promise<WorkerInfo>;
  setSecrets(secrets: Record<string, string>): void;
  close(): Promise<void>;
}

export function exposeEngine(
  rpc: MessagePort,
  events: MessagePort,
  engine: SyncAgentApi & { events: EventSubscriber },
  control: WorkerControl,
): () => void {
  const send = (m: WorkerMessage) => rpc.postMessage(m);
  const answer = (id: number, work: () => Promise<unknown>) => {
    work().then(
      (result) => {
        try {
          send({ type: 'reply', id, result });
        } catch (err) {
          // A result structured clone cannot carry is a bug worth a clear message, not a hung call.
          send({ type: 'error', id, error: toWireError(err) });
        }
      },
      (err: unknown) => send({ type: 'error', id, error: toWireError(err) }),
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
    }
  };
  rpc.on('message', onMessage);

  const unsubscribers = apiEventNames.map((event) =>
    engine.events.on(event, (payload) => events.postMessage({ event, payload } satisfies EventMessage)),
  );
  return () => {
    rpc.off('message', onMessage);
    for (const u of unsubscribers) u();
  };
}
