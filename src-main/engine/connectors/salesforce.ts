// Salesforce preset: OAuth2 (client credentials or username-password) against the org's token endpoint, a SOQL
// query paged by nextRecordsUrl, incremental on SystemModstamp, and deletions through queryAll (IsDeleted).
import type { MappingConfig, RestSourceConfig, SalesforceSourceConfig } from '../../../src-shared/config.js';
import { readPath } from '../pipeline/mapping.js';
import type { Db } from '../store/database.js';
import { cursorForRequest } from './cursor.js';
import { RestConnector } from './restConnector.js';
import type { SecretResolver } from './types.js';

export const salesforceProductMapping: MappingConfig = {
  fields: {
    id: 'Id',
    externalId: 'ExternalId',
    name: 'Name',
    code: 'ProductCode',
    description: 'Description',
    category: 'Family',
    // PricebookEntry: the active entry of the standard price book, read through the child relationship.
    price: 'PricebookEntries.records[IsActive=true].UnitPrice',
    currency: 'PricebookEntries.records[IsActive=true].CurrencyIsoCode',
    unit: 'QuantityUnitOfMeasure',
    active: 'IsActive',
    sourceUpdatedAt: 'SystemModstamp',
  },
  customFields: { stockKeepingUnit: 'StockKeepingUnit', createdAt: 'CreatedDate' },
};

/** Child relationships limited to one parent record's meaningful rows (price books: the standard one). */
const childFilters: Record<string, string> = { PricebookEntries: 'WHERE Pricebook2.IsStandard = true' };

/**
 * Every field the mapping reads, so the SOQL SELECT asks for exactly those. Parent paths (`Owner.Name`) are
 * selected as written; a child relationship (`PricebookEntries.records[IsActive=true].UnitPrice`) becomes a
 * subquery selecting the fields read from it and the ones its rows are picked by.
 */
export function soqlFields(mapping: MappingConfig): string[] {
  const paths = [...Object.values(mapping.fields), ...Object.values(mapping.customFields)]
    .map((spec) => (typeof spec === 'string' ? spec : spec?.path))
    .filter((p): p is string => typeof p === 'string');
  const plain: string[] = [];
  const children = new Map<string, Set<string>>();
  for (const p of paths) {
    const child = /^(\w+)\.records(?:\[(\w+)=[^\]]*\])?\.(\w+)$/.exec(p);
    if (child) {
      const fields = children.get(child[1]!) ?? new Set<string>();
      if (child[2]) fields.add(child[2]);
      fields.add(child[3]!);
      children.set(child[1]!, fields);
    } else plain.push(p.replace(/\[[^\]]*\].*$/, ''));
  }
  const subqueries = [...children].map(
    ([rel, fields]) => `(SELECT ${[...fields].sort().join(', ')} FROM ${rel}${childFilters[rel] ? ` ${childFilters[rel]}` : ''})`,
  );
  return [...new Set(['Id', 'SystemModstamp', ...plain]), ...subqueries];
}

function salesforceAsRest(c: SalesforceSourceConfig): RestSourceConfig {
  const base = c.instanceUrl.replace(/\/+$/, '');
  const mapping = c.mapping ?? salesforceProductMapping;
  return {
    kind: 'rest',
    name: c.name,
    entity: c.entity,
    timeoutMs: c.timeoutMs,
    baseUrl: base,
    path: `/services/data/${c.apiVersion}/query`,
    headers: { 'Sforce-Query-Options': `batchSize=${c.pageSize}` },
    // `{where}` becomes the configured condition ANDed with the cursor, or nothing.
    query: { q: `SELECT ${soqlFields(mapping).join(', ')} FROM ${c.object} {where} ORDER BY SystemModstamp, Id` },
    recordSelector: 'records',
    auth: {
      type: 'oauth2',
      grant: c.grant,
      tokenUrl: `${(c.loginUrl ?? base).replace(/\/+$/, '')}/services/oauth2/token`,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      ...(c.username ? { username: c.username } : {}),
      ...(c.password ? { password: c.password } : {}),
    },
    pagination: { type: 'nextUrl', nextPath: 'nextRecordsUrl', pageSize: c.pageSize },
    incremental: {
      cursorField: 'SystemModstamp',
      in: 'soql',
      format: 'iso',
      query: {},
      ...(c.lookback ? { lookback: c.lookback } : {}),
    },
    request: { conditional: false },
    mapping,
    validation: c.validation,
    ...(c.locale ? { locale: c.locale } : {}),
  };
}

export class SalesforceConnector extends RestConnector {
  override readonly kind = 'salesforce';
  private readonly sf: SalesforceSourceConfig;

  constructor(c: SalesforceSourceConfig, resolveSecret: SecretResolver, where: string, db?: Db) {
    super(salesforceAsRest(c), resolveSecret, where, { db, soqlWhere: c.where });
    this.sf = c;
    this.capabilities.deletes = true;
    this.capabilities.fetchByIds = true;
  }

  /** A query's nextRecordsUrl pages a server-side snapshot; a resumed pass restarts it and skips by count. */
  override stableListing(resumed: boolean): boolean {
    return !resumed;
  }

  override fetchableId(id: string): boolean {
    return /^[A-Za-z0-9]{15,18}$/.test(id);
  }

  protected override paramsForIds(ids: string[]): Record<string, string> {
    // Salesforce ids are 15 or 18 letters and digits; anything else cannot be one and is not put in the query.
    const list = ids.filter((id) => /^[A-Za-z0-9]{15,18}$/.test(id)).map((id) => `'${id}'`);
    const fields = soqlFields(this.sf.mapping ?? salesforceProductMapping).join(', ');
    return {
      q: `SELECT ${fields} FROM ${this.sf.object} WHERE Id IN (${list.join(', ')}) ORDER BY SystemModstamp, Id`,
    };
  }

  /** Ids of records deleted since the cursor (they stay in the recycle bin, where queryAll still sees them). */
  async *deletedSince(cursor: string, signal?: AbortSignal): AsyncIterable<string[]> {
    const since = cursorForRequest(cursor, { format: 'iso', lookback: this.sf.lookback }).replace(/\.\d+Z$/, 'Z');
    const soql = `SELECT Id FROM ${this.sf.object} WHERE IsDeleted = true AND SystemModstamp >= ${since} ORDER BY SystemModstamp, Id`;
    const base = this.config.baseUrl;
    let url: string | null = `${base}/services/data/${this.sf.apiVersion}/queryAll?q=${encodeURIComponent(soql)}`;
    while (url) {
      const { body } = await this.get({ url, params: {} }, signal);
      const records = readPath(body, 'records');
      yield Array.isArray(records) ? records.map((r) => String((r as { Id: unknown }).Id)) : [];
      const next = readPath(body, 'nextRecordsUrl');
      url = typeof next === 'string' && next ? new URL(next, base).href : null;
    }
  }
}
