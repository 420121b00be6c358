// The `syncflow` command as an operator runs it: a real child process, the bundled demo source, a temp data dir.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('syncflow CLI', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const dataDir = join(tmp.dir, 'data');

  it('sync --json with no config syncs the bundled demo source and prints matching counts', async () => {
    const r = await runCli(['sync', '--json', '--data-dir', dataDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      runId: 1,
      source: 'demo',
      status: 'succeeded',
      strategy: 'full',
      counts: { fetched: 11_793, created: 11_793, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 },
    });
    expect(typeof out.durationMs).toBe('number');

    const status = await runCli(['status', '--json', '--data-dir', dataDir]);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout) as { catalog: { products: number }; sources: { name: string; lastRun: { id: number } }[] };
    expect(s.catalog.products).toBe(11_793);
    expect(s.sources[0]).toMatchObject({ name: 'demo', lastRun: { id: 1 } });
  });

  it('search --json works offline from the local catalog', async () => {
    const r = await runCli(['search', 'atlas', '--json', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { total: number; items: { brand: string }[] };
    expect(out.total).toBeGreaterThanOrEqual(1307);
    expect(out.items.length).toBeGreaterThan(0);
  });

  it('export writes every product as CSV and as NDJSON', async () => {
    const csv = join(tmp.dir, 'p.csv');
    const r = await runCli(['export', 'products', '--format', 'csv', '--out', csv, '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,source,externalId,name,code/);
    expect(lines).toHaveLength(11_794);
    const nd = await runCli(['export', 'products', '--format', 'ndjson', '--data-dir', dataDir]);
    const rows = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(rows).toHaveLength(11_793);
    expect(new Set(rows.map((x) => x.id)).size).toBe(11_793);
  });

  it('a bad config exits non-zero and names the field', async () => {
    const cfg = join(tmp.dir, 'bad.yaml');
    writeFileSync(cfg, 'sources:\n  - name: erp\n    kind: rest\n    baseUrl: not a url\n');
    const r = await runCli(['sync', '--config', cfg, '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources[0].baseUrl');
    expect(r.stdout).toBe('');
    const v = await runCli(['validate-config', '--config', cfg]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('sources[0].baseUrl');
  });

  it('a failed sync exits 1 with the reason on stderr', async () => {
    const cfg = join(tmp.dir, 'unreachable.yaml');
    // Port 9 (discard) on loopback refuses connections: a network failure, classified as such.
    // No retries: this is about the exit code and the error class, not the backoff (tested elsewhere).
    writeFileSync(cfg, 'sources:\n  - { name: erp, kind: rest, baseUrl: "http://127.0.0.1:9", timeoutMs: 2000, maxRetries: 0 }\n');
    const r = await runCli(['sync', 'erp', '--json', '--config', cfg, '--data-dir', join(tmp.dir, 'd2')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', error: { class: 'network' } });
    expect(r.stderr).toContain('erp: failed');
  });

  it('unknown commands and sources are usage errors', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const r = await runCli(['sync', 'nope', '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown source "nope"');
  });
});
