// Secret references in every request field: env, file (owner-only) and keychain, resolved where the user wrote
// them, credential literals refused in the file, and credentials scrubbed from every text that could carry them.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSecrets } from '../../src-main/engine/config/checkSecrets.js';
import { ConfigError } from '../../src-main/engine/config/configError.js';
import { createSecretResolver, isSecretRef, resolveSourceSecrets, scrubSecrets } from '../../src-main/engine/config/secrets.js';
import { createConnector } from '../../src-main/engine/connectors/registry.js';
import { classifyError } from '../../src-main/engine/errors.js';
import { syncflowConfig, validateConfig } from '../../src-shared/config.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('secret references', () => {
  it('resolves env references inside any text, and names the field of an unset one', () => {
    process.env.SF_T_TENANT = 'acme';
    process.env.SF_T_TOKEN = 'tok-1234567890';
    delete process.env.SF_T_UNSET;
    const resolve = createSecretResolver();
    expect(resolve('https://${env:SF_T_TENANT}.example.com/api', 'x')).toBe('https://acme.example.com/api');
    expect(resolve('Bearer ${env:SF_T_TOKEN}', 'x')).toBe('Bearer tok-1234567890');
    expect(problemsOf(() => resolve('${env:SF_T_UNSET}', 'sources[0].query.key'))).toEqual([
      { path: 'sources[0].query.key', message: expect.stringContaining('SF_T_UNSET is not set') },
    ]);
  });

  it('reads a file only its owner can read, and refuses one others can read', () => {
    const file = join(tmp.dir, 'key');
    writeFileSync(file, 'file-secret-123\n');
    chmodSync(file, 0o600);
    const resolve = createSecretResolver();
    expect(resolve(`\${file:${file}}`, 'x')).toBe('file-secret-123');
    chmodSync(file, 0o644);
    const [p] = problemsOf(() => resolve(`\${file:${file}}`, 'sources[1].apiKey'));
    expect(p).toMatchObject({ path: 'sources[1].apiKey', message: expect.stringMatching(/read by others.*chmod 600/) });
    expect(problemsOf(() => resolve(`\${file:${join(tmp.dir, 'none')}}`, 'a'))[0]!.message).toContain('ENOENT');
  });

  it('asks the keychain when one is given, and says where to store a missing name', () => {
    const resolve = createSecretResolver((name) => (name === 'ploomes' ? 'kc-value-99' : undefined));
    expect(resolve('${keychain:ploomes}', 'x')).toBe('kc-value-99');
    expect(problemsOf(() => resolve('${keychain:other}', 'y'))[0]!.message).toContain('OS keychain');
    expect(problemsOf(() => createSecretResolver()('${keychain:ploomes}', 'y'))[0]!.message).toContain('desktop app');
  });

  it('resolves every request field of a source, naming the field the user wrote (apiKey, not a preset header)', () => {
    process.env.SF_T_Q = 'query-secret-42';
    const src = syncflowConfig.parse({
      sources: [
        {
          name: 'erp',
          kind: 'rest',
          baseUrl: 'https://${env:SF_T_TENANT}.example.com',
          query: { api_key: '${env:SF_T_Q}', plain: 'x' },
          headers: { Authorization: 'Bearer ${env:SF_T_TOKEN}' },
        },
      ],
    }).sources[0]!;
    const out = resolveSourceSecrets(src, createSecretResolver(), 'sources[0]');
    expect(out).toMatchObject({
      baseUrl: 'https://acme.example.com',
      query: { api_key: 'query-secret-42', plain: 'x' },
      headers: { Authorization: 'Bearer tok-1234567890' },
    });
    const ploomes = syncflowConfig.parse({ sources: [{ name: 'p', kind: 'ploomes', apiKey: '${env:SF_T_UNSET}' }] }).sources[0]!;
    const problems = problemsOf(() => createConnector(ploomes, { resolveSecret: createSecretResolver(), where: 'sources[0]' }));
    expect(problems.map((p) => p.path)).toEqual(['sources[0].apiKey']);
  });

  it('checkSecrets reports every unresolvable reference of a config, and leaves keychain ones to the desktop', () => {
    const config = syncflowConfig.parse({
      sources: [
        { name: 'a', kind: 'ploomes', apiKey: '${env:SF_T_UNSET}' },
        { name: 'b', kind: 'rest', baseUrl: 'https://x.example.com', query: { token: '${env:SF_T_UNSET}' } },
        { name: 'c', kind: 'ploomes', apiKey: '${keychain:c}' },
      ],
    });
    const check = checkSecrets(config);
    expect(check.problems.map((p) => p.path)).toEqual(['sources[0].apiKey', 'sources[1].query.token']);
    expect(check.unchecked).toEqual(['sources[2].apiKey']);
  });
});

describe('secret references: edges', () => {
  it('an empty variable or keychain entry is as good as none; every reference in a text is replaced', () => {
    process.env.SF_T_EMPTY = '';
    process.env.SF_T_A = 'first-aaaa';
    process.env.SF_T_B = 'second-bbbb';
    const resolve = createSecretResolver((name) => (name === 'blank' ? '' : undefined));
    expect(problemsOf(() => resolve('${env:SF_T_EMPTY}', 'p'))[0]!.message).toContain('SF_T_EMPTY is not set');
    expect(problemsOf(() => resolve('${keychain:blank}', 'p'))[0]!.message).toContain('no secret named "blank"');
    expect(resolve('${env:SF_T_A}:${env:SF_T_B}', 'p')).toBe('first-aaaa:second-bbbb');
    expect(resolve('no reference here', 'p')).toBe('no reference here');
    expect(isSecretRef('${env:SF_T_A}')).toBe(true);
    expect(isSecretRef('Bearer ${env:SF_T_A}')).toBe(false);
  });

  it('a secret file keeps its inner lines (a PEM key) and loses only the last newline; an empty one is refused', () => {
    const pem = join(tmp.dir, 'pem');
    writeFileSync(pem, 'line-one\nline-two\r\n');
    chmodSync(pem, 0o600);
    const empty = join(tmp.dir, 'empty');
    writeFileSync(empty, '\n');
    chmodSync(empty, 0o600);
    const group = join(tmp.dir, 'group');
    writeFileSync(group, 'grp-secret');
    chmodSync(group, 0o640);
    const resolve = createSecretResolver();
    expect(resolve(`\${file:${pem}}`, 'x')).toBe('line-one\nline-two');
    expect(problemsOf(() => resolve(`\${file:${empty}}`, 'x'))[0]!.message).toBe(`the secret file ${empty} is empty`);
    expect(problemsOf(() => resolve(`\${file:${group}}`, 'x'))[0]!.message).toMatch(/mode 640/);
    const none = join(tmp.dir, 'none');
    expect(problemsOf(() => resolve(`\${file:${none}}`, 'x'))[0]!.message).toBe(`cannot read the secret file ${none}: ENOENT`);
  });

  it('resolves lists by index and leaves names, mapping, validation, schedule, dependsOn and webhook alone', () => {
    const raw = '${env:SF_T_UNSET}';
    const source = {
      name: raw, kind: raw, entity: raw, mapping: { fields: { id: raw } }, validation: [raw], schedule: { cron: raw },
      dependsOn: [raw], webhook: { secret: raw }, scopes: ['${env:SF_T_A}', raw],
    };
    expect(problemsOf(() => resolveSourceSecrets(source, createSecretResolver(), 'sources[3]')).map((p) => p.path)).toEqual([
      'sources[3].scopes[1]',
    ]);
    const { scopes, ...rest } = resolveSourceSecrets({ ...source, scopes: ['${env:SF_T_A}'] }, createSecretResolver(), 's');
    expect(scopes).toEqual(['first-aaaa']);
    expect(rest).toEqual(Object.fromEntries(Object.entries(source).filter(([k]) => k !== 'scopes')));
  });
});

describe('credential literals in the config', () => {
  const rest = (extra: object) => validateConfig({ sources: [{ name: 'r', kind: 'rest', baseUrl: 'https://x.example.com', ...extra }] });

  it('refuses a key in query:, in an incremental query or in the URL, and names the parameter', () => {
    const q = rest({ query: { api_key: 'sk_live_51HxY2eZvKYlo2C' } });
    expect(q.ok).toBe(false);
    expect(!q.ok && q.problems[0]!.path).toBe('sources[0].query.api_key');
    const u = rest({ baseUrl: 'https://x.example.com/?access_token=abcdef1234567' });
    expect(!u.ok && u.problems[0]!.message).toContain('credential');
    const inc = rest({ incremental: { cursorField: 'u', param: 'since', template: '{cursor}', query: { token: 'abc123def456' } } });
    expect(!inc.ok && inc.problems[0]!.path).toBe('sources[0].incremental.query.token');
  });

  it('accepts references, settings under key-like names, and ${file:} for ploomes keys', () => {
    expect(rest({ query: { api_key: '${env:K}', sort_key: 'name', orderKey: 'updated_at' } }).ok).toBe(true);
    expect(rest({ headers: { Authorization: 'Bearer ${env:T}' } }).ok).toBe(true);
    expect(rest({ baseUrl: '${env:ERP_URL}' }).ok).toBe(true);
    expect(validateConfig({ sources: [{ name: 'p', kind: 'ploomes', apiKey: '${file:/run/secrets/ploomes}' }] }).ok).toBe(true);
  });
});

describe('scrubbing', () => {
  it('hides resolved secrets and credential-like query values in any text', () => {
    process.env.SF_T_SCRUB = 'resolved-9f8e7d6c';
    createSecretResolver()('${env:SF_T_SCRUB}', 'x');
    expect(scrubSecrets('GET https://x/p?key=resolved-9f8e7d6c&page=2 failed')).not.toContain('resolved-9f8e7d6c');
    expect(scrubSecrets('GET https://x/p?page=2&api_key=literal123456&x=1')).toBe('GET https://x/p?page=2&api_key=***&x=1');
    expect(scrubSecrets('https://x/p?access_token=abc.def')).toBe('https://x/p?access_token=***');
    expect(scrubSecrets('https://x/p?page=2&sort=name')).toBe('https://x/p?page=2&sort=name');
  });

  it('hides a secret percent-encoded in a URL, and leaves values under four characters readable', () => {
    process.env.SF_T_ODD = 'p@ss/w0rd+x';
    process.env.SF_T_FOUR = 'zq7w';
    process.env.SF_T_SHORT = 'ab1';
    const resolve = createSecretResolver();
    for (const v of ['SF_T_ODD', 'SF_T_FOUR', 'SF_T_SHORT']) resolve(`\${env:${v}}`, 'x');
    expect(scrubSecrets(`GET https://x/p?user=${encodeURIComponent('p@ss/w0rd+x')}&page=2`)).toBe('GET https://x/p?user=***&page=2');
    expect(scrubSecrets('raw p@ss/w0rd+x here')).toBe('raw *** here');
    expect(scrubSecrets('id zq7w, label ab1')).toBe('id ***, label ab1');
    // The same four-character rule holds for the encoded form.
    process.env.SF_T_ENC4 = 'q/r+';
    process.env.SF_T_ENC3 = 'u/v';
    for (const v of ['SF_T_ENC4', 'SF_T_ENC3']) resolve(`\${env:${v}}`, 'x');
    expect(scrubSecrets('?a=q%2Fr%2B&b=u%2Fv')).toBe('?a=***&b=u%2Fv');
  });

  it('classifyError scrubs what it stores: a failed run keeps no resolved key', () => {
    process.env.SF_T_CLASSIFY = 'classify-secret-314159';
    const key = createSecretResolver()('${env:SF_T_CLASSIFY}', 'x');
    const e = classifyError(new Error(`request to https://x/p?user=${key} failed: token ${key} refused`));
    expect(e.message).not.toContain(key);
    expect(e.message).toContain('***');
  });
});
