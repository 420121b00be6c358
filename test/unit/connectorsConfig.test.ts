// Source configuration errors name the exact field, from the YAML schema or, for what only the connector can
// check (transform and validator names, grant requirements), when the connector is built.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src-main/engine/config/configError.js';
import { parseConfigText } from '../../src-main/engine/config/loadConfig.js';
import { createSecretResolver } from '../../src-main/engine/config/secrets.js';
import { createConnector } from '../../src-main/engine/connectors/registry.js';

function problems(yaml: string) {
  try {
    parseConfigText(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

function buildProblems(yaml: string) {
  const config = parseConfigText(yaml);
  try {
    createConnector(config.sources[0]!, { resolveSecret: createSecretResolver(), where: 'sources[0]' });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const rest = (extra: string) => `sources:\n  - name: a\n    kind: rest\n    baseUrl: https://api.example.com\n${extra}`;

describe('source config errors name the field', () => {
  it('unknown kind lists the kinds there are', () => {
    const p = problems('sources:\n  - { name: a, kind: graphql }\n');
    expect(p[0]).toMatchObject({ path: 'sources[0].kind' });
    expect(p[0]!.message).toMatch(/salesforce, legacy4d, file/);
  });

  it('missing base URL on a REST source and on a Salesforce one', () => {
    expect(problems('sources:\n  - { name: a, kind: rest }\n').map((x) => x.path)).toContain('sources[0].baseUrl');
    expect(
      problems('sources:\n  - { name: s, kind: salesforce, clientId: x, clientSecret: "${env:S}" }\n').map(
        (x) => x.path,
      ),
    ).toEqual(['sources[0].instanceUrl']);
  });

  it('bad cursor format, lookback and a query cursor without its parameter', () => {
    const p = problems(
      rest(
        '    incremental: { cursorField: updated_at, param: since, template: "{cursor}", format: unix, lookback: 5 minutes }\n',
      ),
    );
    expect(p.map((x) => x.path).sort()).toEqual(['sources[0].incremental.format', 'sources[0].incremental.lookback']);
    expect(p.find((x) => x.path.endsWith('format'))!.message).toContain('epoch_s');
    expect(problems(rest('    incremental: { cursorField: updated_at, template: "{cursor}" }\n'))).toEqual([
      { path: 'sources[0].incremental.param', message: 'required when in is query' },
    ]);
  });

  it('unknown pagination type, literal secrets in auth, misspelt rule keys', () => {
    expect(problems(rest('    pagination: { type: seek }\n'))[0]!.path).toBe('sources[0].pagination.type');
    expect(problems(rest('    auth: { type: bearer, token: abc123 }\n'))[0]).toMatchObject({
      path: 'sources[0].auth.token',
    });
    expect(problems(rest('    validation: [{ field: code, regexp: "^A" }]\n'))[0]!.path).toBe(
      'sources[0].validation[0]',
    );
  });

  it('an unknown transform, a broken regex, an unregistered validator and a password grant without a user', () => {
    const p = buildProblems(
      rest(
        '    mapping: { fields: { id: id, name: n, price: { path: p, transform: [trim, nonsense] } } }\n' +
          '    validation: [{ field: code, regex: "([" }, { field: code, custom: nobody }]\n',
      ),
    );
    expect(p.map((x) => x.path)).toEqual([
      'sources[0].mapping.fields.price.transform[1]',
      'sources[0].validation[0].regex',
      'sources[0].validation[1].custom',
    ]);
    process.env.SYNCFLOW_TEST_OAUTH_SECRET = 'x';
    const q = buildProblems(
      rest(
        '    auth: { type: oauth2, grant: password, tokenUrl: "https://id.example.com/token", clientId: c, clientSecret: "${env:SYNCFLOW_TEST_OAUTH_SECRET}" }\n',
      ),
    );
    expect(q).toEqual([{ path: 'sources[0].auth.username', message: 'required for the password grant' }]);
  });
});
