// What serve's UI-facing thread evaluates before its engine worker has opened the catalog (host/contract.ts,
// store/catalogFile.ts): the CLI's modules without the SQLite driver (the worker and the reader load it on their
// own threads), and the contract's schemas in stages with turns of the event loop between them, not in one block.
// Runs the built modules in a fresh Node process, as serve does.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

function runModule(source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("serve's UI thread at start-up", () => {
  it('loads the CLI, the engine host and the HTTP bridge without the SQLite driver, and the contract in stages', async () => {
    const r = await runModule(`
      import { createRequire } from 'node:module';
      const dist = new URL('./dist/main/src-main/', 'file://' + process.cwd() + '/');
      await import(new URL('cli.js', dist).href);
      await import(new URL('host/engineHost.js', dist).href);
      // Event-loop turns while the contract loads: a setImmediate chain runs once per turn.
      let turns = 0;
      let loaded = false;
      const tick = () => { turns++; if (!loaded) setImmediate(tick); };
      setImmediate(tick);
      const { loadContract } = await import(new URL('host/contract.js', dist).href);
      const api = await loadContract();
      loaded = true;
      await import(new URL('server/httpBridge.js', dist).href);
      const again = await loadContract();
      const drivers = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('better-sqlite3'));
      process.stdout.write(JSON.stringify({ turns, methods: api.apiMethodNames.length, same: again === api, drivers }));
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { turns: number; methods: number; same: boolean; drivers: string[] };
    expect(out.drivers).toEqual([]);
    expect(out.methods).toBeGreaterThan(20);
    expect(out.same).toBe(true);
    // Nine stages (zod's core, zod, six schema modules, the contract), each read from disk after a turn.
    expect(out.turns).toBeGreaterThanOrEqual(9);
  });
});
