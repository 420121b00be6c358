// The targets: list of syncflow.yaml: every mistake is named by its path, with the fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../src-main/engine/config/loadConfig.js';
import { validateConfig } from '../../src-shared/config.js';

const source = 'sources:\n  - { name: crm, kind: rest, entity: customers, baseUrl: "http://x.test", mapping: { fields: { id: id } } }\n';

function problems(targets: string) {
  const r = validateConfig(parse(`${source}targets:\n${targets}`));
  return r.ok ? [] : r.problems;
}

describe('targets config', () => {
  it('accepts each kind with its defaults', () => {
    const r = validateConfig(
      parse(`${source}targets:
  - { name: pg, kind: postgres, url: "\${env:PG_URL}" }
  - { name: erp, kind: rest, entity: customers, source: crm, baseUrl: "http://erp.test", path: /clientes }
  - { name: out, kind: file, dir: /tmp/out }
  - { name: sf, kind: salesforce, instanceUrl: "https://acme.my.salesforce.com", clientId: x, clientSecret: "\${env:SF}", externalIdField: Syncflow_Id__c }
`),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.targets.map((t) => [t.name, t.entity, t.batchSize, t.pushAfterSync])).toEqual([
      ['pg', 'products', 200, true],
      ['erp', 'customers', 200, true],
      ['out', 'products', 200, true],
      ['sf', 'products', 200, true],
    ]);
  });

  it('names the field and the fix', () => {
    expect(problems('  - { name: pg, kind: postgres, url: "postgres://u:secret@db:5432/x" }\n')).toEqual([
      { path: 'targets[0].url', message: 'holds a password; write the URL as ${env:VARIABLE}' },
    ]);
    expect(problems('  - { name: pg, kind: mysql }\n')[0]).toEqual({ path: 'targets[0].kind', message: 'unknown kind; expected one of: postgres, rest, file, salesforce' });
    expect(problems('  - { name: pg, kind: postgres, url: "${env:X}", table: Products }\n')[0]!.path).toBe('targets[0].table');
    expect(problems('  - { name: crm, kind: file, dir: /tmp }\n')).toEqual([
      { path: 'targets[0].name', message: '"crm" already names a source; give the target its own name' },
    ]);
    expect(problems('  - { name: a, kind: file, dir: /tmp, source: nope }\n  - { name: a, kind: file, dir: /tmp }\n')).toEqual([
      { path: 'targets[0].source', message: 'no source named "nope"; name the source that reads the same system' },
      { path: 'targets[1].name', message: 'duplicate target name "a"' },
    ]);
    expect(problems('  - { name: r, kind: rest, baseUrl: "http://x.test", path: /p, filter: { codePrefix: [X] } }\n')[0]).toMatchObject({
      path: 'targets[0].filter',
      message: expect.stringContaining('codePrefix'),
    });
  });

  it("CONNECTORS.md's worked example and the sample config declare valid targets", () => {
    const doc = readFileSync(new URL('../../CONNECTORS.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n(sources:(?:(?!```)[\s\S])*?targets:(?:(?!```)[\s\S])*)```/.exec(doc)?.[1];
    expect(parseConfigText(yaml!).targets.map((t) => [t.name, t.kind, t.entity])).toEqual([
      ['supabase', 'postgres', 'products'],
      ['rentals', 'postgres', 'products'],
      ['erp-out', 'rest', 'customers'],
    ]);
    const sample = readFileSync(new URL('../../resources/syncflow.sample.yaml', import.meta.url), 'utf8');
    expect(parseConfigText(sample).targets.map((t) => t.kind)).toEqual(['postgres', 'rest', 'rest', 'file']);
  });
});
