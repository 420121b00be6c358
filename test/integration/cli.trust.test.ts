// The CLI on what a new user gets wrong or does: unset secrets and credential literals named by the field they
// wrote, a schedule with seconds refused, the Ploomes account check, and `search | head -1` ending quietly.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src-main/demo/demoServer.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('syncflow CLI: secrets, schedules, probe, pipes', () => {
  const tmp = tempDir();
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0, size: 120 });
  });
  afterAll(async () => {
    await demo?.close();
    tmp.cleanup();
  });
  const config = (name: string, yaml: string) => {
    const file = join(tmp.dir, name);
    writeFileSync(file, yaml);
    return file;
  };

  it('validate-config resolves references: an unset variable exits 2 naming the field the user wrote', async () => {
    const cfg = config('unset.yaml', 'sources:\n  - { name: crm, kind: ploomes, apiKey: "${env:SYNCFLOW_TEST_UNSET_KEY}" }\n');
    const r = await runCli(['validate-config', '--config', cfg], { SYNCFLOW_TEST_UNSET_KEY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources[0].apiKey: environment variable SYNCFLOW_TEST_UNSET_KEY is not set');
    expect(r.stderr).not.toContain('User-Key');
    const ok = await runCli(['validate-config', '--config', cfg], { SYNCFLOW_TEST_UNSET_KEY: 'set-now-123' });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid');
  });

  it('a literal key in query: is refused, naming the parameter', async () => {
    const cfg = config('literal.yaml', 'sources:\n  - { name: erp, kind: rest, baseUrl: "https://erp.example.com", query: { api_key: "sk_live_4eC39HqLyjWDarjtT1zdp7dc" } }\n');
    const r = await runCli(['validate-config', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources[0].query.api_key');
    expect(r.stderr).not.toContain('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
  });

  it('a schedule with a seconds field is refused with the reason, not run once a minute', async () => {
    const cfg = config('seconds.yaml', 'sources:\n  - { name: d, kind: demo, schedule: { cron: "*/10 * * * * *" } }\n');
    const r = await runCli(['validate-config', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sources\[0\]\.schedule\.cron: .*seconds/);
  });

  it('--probe lists the account custom-field keys and which the mapping reads', async () => {
    const cfg = config(
      'probe.yaml',
      `sources:\n  - name: crm\n    kind: ploomes\n    baseUrl: ${demo.url}\n    apiKey: "\${env:SYNCFLOW_TEST_PROBE_KEY}"\n` +
        '    mapping:\n      fields:\n        brand: OtherProperties[FieldKey=product_brand].StringValue\n' +
        '        ncm: OtherProperties[FieldKey=product_nope].StringValue\n',
    );
    const r = await runCli(['validate-config', '--probe', '--config', cfg], { SYNCFLOW_TEST_PROBE_KEY: demo.userKey });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/crm: account check: 50 product\(s\) sampled/);
    expect(r.stdout).toContain('product_brand (StringValue) → brand');
    expect(r.stdout).toMatch(/product_stock \(IntegerValue\) not mapped/);
    expect(r.stdout).toContain('product_nope → ncm: mapped, but no sampled product has it');
    const bad = await runCli(['validate-config', '--probe', '--config', cfg], { SYNCFLOW_TEST_PROBE_KEY: 'wrong-key-123' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/crm: account check failed \[auth\]/);
  });

  it('search into a pipe closed early (| head -1) exits quietly', async () => {
    const dataDir = join(tmp.dir, 'pipe-data');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cliPath, 'search', 'x', '--data-dir', dataDir], {
        cwd: repoRoot,
        env: { ...process.env, SYNCFLOW_CONFIG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The reader goes away before the first line, as `head -1` does after it.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
