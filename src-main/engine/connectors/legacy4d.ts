// Legacy 4D REST preset (seed 003): `/rest/{table}` with a quoted `$filter`, `$top`/`$skip` paging, records under
// `__ENTITIES` and the count in `__COUNT`. 4D keeps modification dates without a time, so the cursor goes as a date
// with `>=`: the whole last day is read again and unchanged rows are skipped by checksum.
import type { Legacy4dSourceConfig, RestSourceConfig } from '../../../src-shared/config.js';
import type { Db } from '../store/database.js';
import { RestConnector } from './restConnector.js';
import type { SecretResolver } from './types.js';

function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);
}

export function legacy4dAsRest(c: Legacy4dSourceConfig): RestSourceConfig {
  const fixed = Object.entries(c.filters).map(([k, v]) => `${k}=${literal(v)}`);
  const quoted = (conds: string[]) => `"${conds.join(' AND ')}"`;
  return {
    kind: 'rest',
    name: c.name,
    entity: c.entity,
    timeoutMs: c.timeoutMs,
    baseUrl: c.baseUrl,
    path: `/rest/${c.table}`,
    headers: {},
    query: fixed.length ? { $filter: quoted(fixed) } : {},
    recordSelector: '__ENTITIES',
    auth: c.auth,
    pagination: {
      type: 'offset',
      limitParam: '$top',
      offsetParam: '$skip',
      pageSize: c.pageSize,
      totalPath: '__COUNT',
    },
    incremental: {
      cursorField: c.modifiedField,
      in: 'query',
      param: '$filter',
      template: quoted([...fixed, `${c.modifiedField}>='{cursor}'`]),
      format: 'date',
      query: {},
    },
    request: { conditional: false },
    mapping: c.mapping,
    validation: c.validation,
    ...(c.locale ? { locale: c.locale } : {}),
  };
}

export class Legacy4dConnector extends RestConnector {
  override readonly kind = 'legacy4d';

  constructor(c: Legacy4dSourceConfig, resolveSecret: SecretResolver, where: string, db?: Db) {
    super(legacy4dAsRest(c), resolveSecret, where, { db });
  }
}
