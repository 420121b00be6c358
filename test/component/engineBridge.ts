// Component tests talk to a real engine: `window.syncflow` is a bridge whose methods go through the desktop's
// own IPC handler (validation, sender check) to an Engine on a temp data dir, with the desktop's secret methods
// over a SecretStore (fake safeStorage, since Electron cannot load here). Only the Electron IPC carrier is left out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { apiMethodNames, type SyncflowBridge } from '../../src-shared/api.js';
import { Engine } from '../../src-main/engine/engine.js';
import { APP_PAGE } from '../../src-main/desktop/appProtocol.js';
import { secretMethods, withDesktopMethods } from '../../src-main/desktop/desktopApi.js';
import type { EngineHandle } from '../../src-main/desktop/engine-handle.js';
import { handleInvoke } from '../../src-main/desktop/ipc.js';
import { SecretStore } from '../../src-main/desktop/secretStore.js';
import { fakeSafeStorage } from '../fixtures/fakeSafeStorage.js';
import { tempDir } from '../helpers/tmp.js';

export interface TestAgent {
  engine: Engine;
  dir: string;
  configFile: string;
  store: SecretStore | null;
  close(): Promise<void>;
}

let current: EngineHandle | null = null;

/** A valid config with one source that is never synced. */
export const ONE_SOURCE = [
  '# kept: the operator wrote this',
  'syncOnStart: false',
  'sources:',
  '  - { name: shop, kind: rest, baseUrl: "http://127.0.0.1:9", path: /p, mapping: { fields: { id: id, name: name } } }',
  '',
].join('\n');

/** Installs `window.syncflow` once per test file; each agent opened afterwards becomes what it talks to. */
export function installBridge(): void {
  const methods = Object.fromEntries(
    apiMethodNames.map((m) => [
      m,
      (input: unknown) => {
        if (!current) throw new Error('no test agent is open');
        return handleInvoke(current, { url: APP_PAGE, parent: null }, m, input);
      },
    ]),
  );
  const bridge = {
    ...methods,
    on: (event: string, listener: (p: unknown) => void) => current!.events.on(event as never, listener as never),
  } as unknown as SyncflowBridge;
  Object.defineProperty(window, 'syncflow', { value: bridge, configurable: true });
}

/** A real engine on a temp dir with `config` as syncflow.yaml; `desktop` adds the keychain secret methods. */
export async function openAgent(
  config: string,
  opts: { desktop?: { backend: string }; fileLogs?: boolean } = {},
): Promise<TestAgent> {
  const tmp = tempDir();
  const configFile = join(tmp.dir, 'syncflow.yaml');
  writeFileSync(configFile, config);
  const store = opts.desktop ? new SecretStore(tmp.dir, fakeSafeStorage(opts.desktop.backend), 'linux') : null;
  const engine = await Engine.open({
    dataDir: tmp.dir,
    configPath: configFile,
    fileLogs: opts.fileLogs ?? false,
    ...(store ? { keychain: (n: string) => store.get(n) } : {}),
  });
  current = store ? withDesktopMethods(engine, secretMethods(store)) : engine;
  return {
    engine,
    dir: tmp.dir,
    configFile,
    store,
    async close() {
      current = null;
      await engine.close();
      tmp.cleanup();
    },
  };
}

/** For a test file: the bridge installed once; each test's agents closed and the DOM cleaned after it. */
export function agentPerTest(): typeof openAgent {
  const opened: TestAgent[] = [];
  beforeAll(installBridge);
  afterEach(async () => {
    cleanup();
    for (const a of opened.splice(0)) await a.close();
  });
  return async (config, opts) => {
    const a = await openAgent(config, opts);
    opened.push(a);
    return a;
  };
}
