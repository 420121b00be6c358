// One writer per target kind. The PostgreSQL client is loaded on first use, so an agent without a postgres target
// never loads it (imported here, not by postgresWriter.ts: the bundled engine worker inlines that module, and would
// hoist a static `import pg` of it to its own start).
import type { TargetConfig } from '../../../../src-shared/targetSchemas.js';
import type { SecretResolver } from '../../connectors/types.js';
import { FileWriter } from './fileWriter.js';
import { RestWriter } from './restWriter.js';
import { SalesforceWriter } from './salesforceWriter.js';
import type { TargetWriter } from './types.js';

export async function createWriter(c: TargetConfig, resolve: SecretResolver, where: string): Promise<TargetWriter> {
  switch (c.kind) {
    case 'postgres': {
      const url = resolve(c.url, `${where}.url`);
      const [{ PostgresWriter }, pg] = await Promise.all([import('./postgresWriter.js'), import('pg')]);
      return new PostgresWriter(c, url, pg.default);
    }
    case 'rest':
      return new RestWriter(c, resolve, where);
    case 'file':
      return new FileWriter(c);
    case 'salesforce':
      return new SalesforceWriter(c, resolve, where);
  }
}
