// The worker transport against the contract table: every method and every event crosses a real worker thread
// (iterated from apiMethods/apiEvents, so a new entry is covered without editing this test), and engine errors
// arrive as their own classes with their fields.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ApiInputError, apiEventNames, apiMethods, apiMethodNames, type ApiEventName } from '../../../src-shared/api.js';
import { ConfigError } from '../../../src-main/engine/config/configError.js';
import { startEngineHost, type EngineHost } from '../../../src-main/host/engineHost.js';
import { tsWorker } from '../../../src-main/host/paths.js';
import { tempDir } from '../../helpers/tmp.js';

const echoWorker = tsWorker(fileURLToPath(new URL('../../fixtures/echoEngineWorker.ts', import.meta.url)), fileURLToPath(import.meta.url));

let host: EngineHost | undefined;
const tmp = tempDir();
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** A value for each required field of an input schema (strings 'x', numbers 1, the first enum or union option). */
function requiredFields(schema: z.ZodType): Record<string, unknown> {
  const shape = (schema as unknown as z.ZodObject).shape;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    // z.unknown() takes undefined, yet an object still wants its key (a pinned value).
    if (field.safeParse(undefined).success && field.def.type !== 'unknown') continue;
    out[key] = sampleOf(field);
  }
  return out;
}

function sampleOf(f: z.ZodType): unknown {
  switch (f.def.type) {
    case 'string': return 'x';
    case 'number': return 1;
    case 'boolean': return true;
    case 'enum': return (f as z.ZodEnum).options[0];
    case 'array': return [sampleOf((f as z.ZodArray).element as z.ZodType)];
    case 'record': return { x: sampleOf((f as unknown as z.ZodRecord).def.valueType as z.ZodType) };
    case 'union': return sampleOf((f as z.ZodUnion).def.options[0] as z.ZodType);
    case 'object': return requiredFields(f);
    case 'unknown': return 'x';
    default: return undefined;
  }
}

async function start(): Promise<EngineHost> {
  host = await startEngineHost({ dataDir: tmp.dir, agent: 'serve', workerEntry: echoWorker, restart: { initialMs: 1 } });
  return host;
}

describe('engine host transport', () => {
  it('round-trips every contract method with its validated input', async () => {
    const h = await start();
    for (const method of apiMethodNames) {
      const sample = requiredFields(apiMethods[method].input);
      // Defaults are applied on this side before crossing.
      const expected = apiMethods[method].input.parse(sample);
      const call = h[method] as (input: unknown) => Promise<unknown>;
      await expect(call(sample), method).resolves.toMatchObject({ method, input: expected });
    }
  });

  it('relays every contract event to the host side', async () => {
    const h = await start();
    const seen: ApiEventName[] = [];
    const all = new Promise<void>((resolve) => {
      for (const event of apiEventNames) {
        h.events.on(event, (payload) => {
          // engineState is also emitted by the host itself (starting/ready); only the worker's echo counts here.
          if ((payload as { event?: string }).event !== event) return;
          seen.push(event);
          if (seen.length === apiEventNames.length) resolve();
        });
      }
    });
    await h.startAgent();
    await all;
    expect([...seen].sort()).toEqual([...apiEventNames].sort());
    expect(h.webhookUrl).toBe('http://127.0.0.1:1/echo');
  });

  it('re-creates engine errors as their classes, with issues and problems', async () => {
    const h = await start();
    const input = await h.syncNow({ source: 'bad-input', full: false }).catch((e: unknown) => e);
    expect(input).toBeInstanceOf(ApiInputError);
    expect(input).toMatchObject({ name: 'ApiInputError', method: 'syncNow', issues: ['source: unknown source "bad-input"'] });
    const config = await h.syncNow({ source: 'bad-config', full: false }).catch((e: unknown) => e);
    expect(config).toBeInstanceOf(ConfigError);
    expect(config).toMatchObject({ file: '/etc/syncflow.yaml', problems: [{ path: 'sources[0].baseUrl', message: 'expected a URL' }] });
    expect((config as Error).message).toContain('sources[0].baseUrl: expected a URL');
  });

  it('refuses a bad input in the worker (this thread relays it unchecked) and names the field', async () => {
    const h = await start();
    const err = await h.search({ limit: 9999 } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiInputError);
    expect((err as ApiInputError).issues.join()).toMatch(/^limit: /);
  });

  it('rejects the pending call when the worker dies, reports it, and answers again from a new worker', async () => {
    const h = await start();
    const states: string[] = [];
    h.events.on('engineState', (s) => states.push(`${s.state}:${s.restarts}`));
    const first = h.worker;
    await expect(h.syncNow({ source: 'crash', full: false })).rejects.toThrow('engine worker died: exited with code 3');
    // Calls made while it restarts wait for the new worker.
    await expect(h.getStatus({})).resolves.toMatchObject({ method: 'getStatus', engine: { state: 'ready', restarts: 1 } });
    expect(h.worker).not.toBe(first);
    expect(states).toEqual(['restarting:1', 'starting:1', 'ready:1']);
  });
});
