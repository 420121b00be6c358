// Entry of the engine worker (a worker_threads Worker started by engineHost.ts): opens the Engine here, off the
// UI-facing thread, and serves the contract over the ports the host handed in. The host holds the data dir's lock.
import { workerData, type MessagePort } from 'node:worker_threads';
import { startDemoServer } from '../demo/demoServer.js';
import { Engine } from '../engine/engine.js';
import { changedSecretNames } from '../engine/config/secretRefs.js';
import { toWireError, type WorkerBoot, type WorkerInfo, type WorkerMessage } from './protocol.js';
import { exposeEngine } from './workerTransport.js';
import { resumeInterrupted } from '../engine/ops/resumeInterrupted.js';
import { noteRead } from '../engine/read/readEngine.js';

const { boot, rpc, events } = workerData as { boot: WorkerBoot; rpc: MessagePort; events: MessagePort };

// `${keychain:NAME}` references resolve synchronously from this snapshot; the host sends a new one on change.
let secrets: Record<string, string> = { ...(boot.secrets ?? {}) };

try {
  const engine = await Engine.open({
    dataDir: boot.dataDir,
    ...(boot.configPath !== undefined ? { configPath: boot.configPath } : {}),
    ...(boot.fileLogs !== undefined ? { fileLogs: boot.fileLogs } : {}),
    keychain: (name) => secrets[name],
    hostedRecovery: boot.recoveryReason !== undefined ? { reason: boot.recoveryReason } : {},
    demo: startDemoServer,
  });
  const { maxEntries, productTtlSeconds, categoryTtlSeconds, warm, warmSearches, warmBudgetMs } = engine.config.cache;
  const info = (): WorkerInfo => ({
    webhookUrl: engine.webhookUrl,
    syncOnStart: engine.config.syncOnStart,
    cache: { max: maxEntries, ttlMs: productTtlSeconds * 1000, categoryTtlMs: categoryTtlSeconds * 1000 },
    ...(warm ? { warm: { searches: warmSearches, budgetMs: warmBudgetMs } } : {}),
  });
  const stop = exposeEngine(rpc, events, engine, {
    async startAgent(startupSync) {
      await engine.startAgent();
      if (startupSync && engine.config.syncOnStart) {
        void engine.sync({ trigger: 'startup' }).catch((err: unknown) => engine.log.error(`startup sync: ${String(err)}`));
      }
      return info();
    },
    setSecrets(next) {
      const changed = changedSecretNames(secrets, next);
      secrets = { ...next };
      engine.secretsChanged(changed.map((name) => ({ scheme: 'keychain' as const, name })));
    },
    noted: (method, input) => noteRead(engine.usage, method, input),
    async close() {
      await engine.close();
      stop();
      // Closing the ports lets the thread end by itself once the reply is out.
      setImmediate(() => {
        rpc.close();
        events.close();
      });
    },
  });
  if (boot.startAgent) await engine.startAgent();
  rpc.postMessage({ type: 'ready', info: info() } satisfies WorkerMessage);
  // A restart after a crash: the dead worker's runs are announced as finished (failed) and resumed.
  if (boot.recoveryReason !== undefined) resumeInterrupted(engine);
} catch (err) {
  rpc.postMessage({ type: 'openFailed', error: toWireError(err) } satisfies WorkerMessage);
  rpc.close();
  events.close();
}
