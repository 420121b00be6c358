// What serve's UI-facing thread evaluates: the CLI, the engine host and the HTTP bridge, relaying the contract by
// its names (src-shared/apiIndex.ts). Neither the SQLite driver (the worker and the reader load it on their own
// threads) nor the contract's schemas (zod: inputs are validated where they are answered) are loaded here.
// Runs the built modules in a fresh Node process, as serve does, with a resolve hook listing every module loaded.
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/cli.js';

const runModule = (source: string) => runNode(['--input-type=module', '-e', source]);

// Runs on Node's loader thread: every resolved URL goes back over the port.
const hook = `
  let port;
  export function initialize(data) { port = data.port; }
  export async function resolve(specifier, context, next) {
    const r = await next(specifier, context);
    port.postMessage(r.url);
    return r;
  }
`;

describe("serve's UI thread", () => {
  it('loads the CLI, the engine host and the HTTP bridge without the SQLite driver and without the schemas', async () => {
    const r = await runModule(`
      import { createRequire, register } from 'node:module';
      import { MessageChannel } from 'node:worker_threads';
      const { port1, port2 } = new MessageChannel();
      const urls = [];
      port1.on('message', (u) => urls.push(u));
      port1.unref();
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
      const dist = new URL('./dist/main/src-main/', 'file://' + process.cwd() + '/');
      await import(new URL('cli.js', dist).href);
      const host = await import(new URL('host/engineHost.js', dist).href);
      const bridge = await import(new URL('server/httpBridge.js', dist).href);
      // Messages from the loader thread arrive in order; one more import flushes those before it.
      await import('data:text/javascript,export default 1');
      await new Promise((r) => setImmediate(r));
      const drivers = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('better-sqlite3'));
      process.stdout.write(JSON.stringify({ urls, drivers, exports: [typeof host.startEngineHost, typeof bridge.startHttpBridge] }));
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { urls: string[]; drivers: string[]; exports: string[] };
    expect(out.exports).toEqual(['function', 'function']);
    expect(out.drivers).toEqual([]);
    const own = out.urls.filter((u) => u.includes('/dist/main/'));
    // The hook saw the graph: the bridge and the names it relays by.
    expect(own.some((u) => u.endsWith('/server/httpBridge.js'))).toBe(true);
    expect(own.some((u) => u.endsWith('/src-shared/apiIndex.js'))).toBe(true);
    expect(out.urls.filter((u) => u.includes('/node_modules/zod/'))).toEqual([]);
    expect(own.filter((u) => /\/src-shared\/(api|config|sourceSchemas)\.js$/.test(u))).toEqual([]);
  });
});
