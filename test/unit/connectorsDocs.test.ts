// CONNECTORS.md's reference example must stay a valid source configuration that builds a connector.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src-main/engine/config/loadConfig.js';
import { createSecretResolver } from '../../src-main/engine/config/secrets.js';
import { createConnector } from '../../src-main/engine/connectors/registry.js';
import { registerValidator } from '../../src-main/engine/pipeline/validation.js';

describe('CONNECTORS.md', () => {
  it('the kind: rest reference parses and builds', () => {
    const doc = readFileSync(new URL('../../CONNECTORS.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n(sources:[\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const config = parseConfigText(yaml!);
    const source = config.sources[0]!;
    expect(source).toMatchObject({ kind: 'rest', pagination: { type: 'cursor' }, incremental: { lookback: '5m' } });
    process.env.ERP_SECRET = 'doc-secret';
    registerValidator('notReserved', () => true);
    const connector = createConnector(source, { resolveSecret: createSecretResolver(), where: 'sources[0]' });
    expect(connector.capabilities).toMatchObject({ full: true, incremental: true, fetchByIds: true });
    expect(connector.mapping.validation).toHaveLength(4);
  });
});
