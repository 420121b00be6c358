import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src-main/engine/config/configError.js';
import { parseConfigText } from '../../src-main/engine/config/loadConfig.js';
import { createSecretResolver, scrubSecrets } from '../../src-main/engine/config/secrets.js';
import { demoConfig, validateConfig } from '../../src-shared/config.js';
import { readFileSync } from 'node:fs';

function problems(yaml: string) {
  try {
    parseConfigText(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config validation names the exact field', () => {
  it('wrong type deep in a source', () => {
    const p = problems(`
sources:
  - name: a
    kind: rest
    baseUrl: https://api.example.com
    pagination: { type: offset, pageSize: "lots" }
`);
    expect(p).toEqual([expect.objectContaining({ path: 'sources[0].pagination.pageSize' })]);
    expect(p[0]!.message).toMatch(/number/);
  });

  it('unknown kind', () => {
    const p = problems('sources:\n  - { name: a, kind: soap }\n');
    expect(p[0]).toMatchObject({ path: 'sources[0].kind' });
    expect(p[0]!.message).toContain('rest, ploomes, demo');
  });

  it('missing base URL and a misspelt field', () => {
    const p = problems('sources:\n  - { name: a, kind: rest, pageSise: 3 }\n');
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining(['sources[0].baseUrl', 'sources[0]']));
    expect(p.find((x) => x.path === 'sources[0]')!.message).toContain('pageSise');
  });

  it('a literal API key is refused with the fix', () => {
    const p = problems('sources:\n  - { name: p, kind: ploomes, apiKey: abc123 }\n');
    expect(p[0]).toMatchObject({ path: 'sources[0].apiKey' });
    expect(p[0]!.message).toContain('${env:');
    const h = problems('sources:\n  - { name: r, kind: rest, baseUrl: "http://x.test", headers: { X-Api-Key: s3cret } }\n');
    expect(h[0]!.path).toBe('sources[0].headers.X-Api-Key');
  });

  it('product mappings take product fields; other entities need a key', () => {
    const p = problems('sources:\n  - { name: a, kind: rest, baseUrl: "http://x.test", mapping: { fields: { id: sku, colour: c } } }\n');
    expect(p[0]).toMatchObject({ path: 'sources[0].mapping.fields.colour' });
    const c = problems('sources:\n  - { name: c, kind: rest, entity: customers, baseUrl: "http://x.test", mapping: { fields: { name: n } } }\n');
    expect(c[0]).toMatchObject({ path: 'sources[0].mapping.fields.id' });
    const bad = problems('sources:\n  - { name: c, kind: rest, entity: "Customers!", baseUrl: "http://x.test" }\n');
    expect(bad[0]).toMatchObject({ path: 'sources[0].entity' });
  });

  it('alerts: defaults for error rate and queue backlog, and a window smaller than its minimum is refused', () => {
    expect(demoConfig().alerts).toEqual({
      consecutiveFailures: 3,
      staleAfterHours: 24,
      errorRate: { threshold: 0.5, windowRuns: 10, minRuns: 4 },
      queueBacklog: { maxWaiting: 10, maxWaitMinutes: 30 },
      backOnlineAfterMinutes: 30,
    });
    const partial = parseConfigText('sources: [{ name: a, kind: demo }]\nalerts: { errorRate: { threshold: 0.2 } }\n');
    expect(partial.alerts.errorRate).toEqual({ threshold: 0.2, windowRuns: 10, minRuns: 4 });
    const p = problems('sources: [{ name: a, kind: demo }]\nalerts: { errorRate: { windowRuns: 3 } }\n');
    expect(p).toEqual([{ path: 'alerts.errorRate.minRuns', message: 'must not exceed windowRuns' }]);
    const q = problems('sources: [{ name: a, kind: demo }]\nalerts: { queueBacklog: { maxWaitMinutes: -1 } }\n');
    expect(q[0]).toMatchObject({ path: 'alerts.queueBacklog.maxWaitMinutes' });
  });

  it('duplicate source names and broken YAML', () => {
    const d = problems('sources:\n  - { name: a, kind: demo }\n  - { name: a, kind: demo }\n');
    expect(d[0]).toMatchObject({ path: 'sources[1].name' });
    const y = problems('sources: [\n  - nope');
    expect(y[0]!.message).toContain('not valid YAML');
  });

  it('the demo default and the shipped sample are valid', () => {
    expect(demoConfig().sources[0]).toMatchObject({ kind: 'demo', size: 11_793 });
    const sample = readFileSync(new URL('../../resources/syncflow.sample.yaml', import.meta.url), 'utf8');
    expect(() => parseConfigText(sample)).not.toThrow();
    expect(validateConfig({ sources: [] }).ok).toBe(false);
  });
});

describe('secret references', () => {
  it('resolve from the environment, name the field when missing, and are scrubbed from text', () => {
    const resolve = createSecretResolver();
    process.env.SYNCFLOW_UNIT_SECRET = 'very-secret-value';
    expect(resolve('${env:SYNCFLOW_UNIT_SECRET}', 'sources[0].apiKey')).toBe('very-secret-value');
    expect(scrubSecrets('GET failed with very-secret-value in it')).toBe('GET failed with *** in it');
    delete process.env.SYNCFLOW_UNIT_MISSING;
    expect(() => resolve('${env:SYNCFLOW_UNIT_MISSING}', 'sources[0].apiKey')).toThrow(/sources\[0\]\.apiKey: environment variable SYNCFLOW_UNIT_MISSING is not set/);
  });
});
