// Builds the real preload bundle and loads it the way a sandboxed preload runs: CommonJS, where `require`
// can only give `electron`. Catches an ESM-only or node_modules import sneaking into the preload.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { apiMethodNames, ipcChannels } from '../../../src-shared/api.js';

const root = path.resolve(import.meta.dirname, '../../..');
let dir = '';
let code = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'syncflow-preload-'));
  const outfile = path.join(dir, 'preload.cjs');
  await promisify(execFile)(process.execPath, [path.join(root, 'scripts/build-preload.mjs'), `--outfile=${outfile}`], {
    cwd: root,
  });
  code = await readFile(outfile, 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundled preload', () => {
  it("stays small: the contract's names come from its zod-free index, zod is not bundled", () => {
    expect(code).not.toMatch(/zod/i);
    expect(code.length).toBeLessThan(20_000);
  });

  it('runs as sandboxed CommonJS requiring only electron, and exposes the bridge', async () => {
    const exposed: Record<string, unknown> = {};
    const invoke = vi.fn(async () => 'ok');
    const required: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
    };
    const module = { exports: {} };
    const wrapper = vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, { console });
    wrapper(
      (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
        return fakeElectron;
      },
      module,
      module.exports,
    );
    expect(required).toEqual(['electron']);
    const bridge = exposed.syncflow as Record<string, (input?: unknown) => Promise<unknown>>;
    expect(Object.keys(bridge).sort()).toEqual([...apiMethodNames, 'on'].sort());
    await bridge.listRuns?.({ limit: 5 });
    expect(invoke).toHaveBeenCalledWith(ipcChannels.invoke, 'listRuns', { limit: 5 });
  });
});
