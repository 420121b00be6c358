// Entry of the reader thread (started by engineHost.ts with the engine's worker; it opens the catalog once that has):
// answers the contract's read-only methods (`read: true` in src-shared/api.ts) from its own read-only connection, so
// the UI's reads never queue behind the engine thread's page commits. Same wire as the engine worker (protocol.ts).
import { workerData, type MessagePort } from 'node:worker_threads';
import { isApiMethod, isReadMethod, parseApiInput } from '../../src-shared/api.js';
import { ReadEngine } from '../engine/read/readEngine.js';
import { openReader } from '../engine/store/database.js';
import { toWireError, type HostMessage, type ReaderBoot, type WorkerMessage } from './protocol.js';

const { boot: given, rpc } = workerData as { boot?: ReaderBoot; rpc: MessagePort };
const send = (m: WorkerMessage) => rpc.postMessage(m);

function serve(boot: ReaderBoot): void {
  try {
    const reads = new ReadEngine(openReader(boot.file), boot.cache);
    // Reads go to the engine (warmed at its open) until this one is ready: warmed first, its first answers are hits.
    if (boot.warm) reads.warm(boot.warm);
    rpc.on('message', (m: HostMessage) => {
      if (m.type !== 'call') return;
      const work = async () => {
        if (!isApiMethod(m.method) || !isReadMethod(m.method)) throw new Error(`not a read method: ${String(m.method)}`);
        const input = parseApiInput(m.method, m.input);
        if (m.method === 'getStatus') {
          if (!m.live) throw new Error('getStatus needs the engine\'s live status');
          return reads.getStatus(input as never, m.live);
        }
        return (reads[m.method] as (i: unknown) => Promise<unknown>).call(reads, input);
      };
      work().then(
        (result) => send({ type: 'reply', id: m.id, result }),
        (err: unknown) => send({ type: 'error', id: m.id, error: toWireError(err) }),
      );
    });
    send({ type: 'ready', info: { webhookUrl: null, syncOnStart: false } });
  } catch (err) {
    send({ type: 'openFailed', error: toWireError(err) });
    rpc.close();
  }
}

// Started with the engine's worker, this thread has loaded its code by the time the engine has opened (and
// migrated) the catalog, and waits for that; a restarted reader is handed its boot at once.
if (given) serve(given);
else rpc.once('message', (m: HostMessage) => (m.type === 'boot' ? serve(m.boot) : rpc.close()));
