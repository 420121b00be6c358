// `validate-config --probe` for a Ploomes source: one request for a sample of products with their custom fields,
// to list the account's own field keys and show which the source's mapping reads. Custom-field keys differ per
// account, so this is how an operator finds the ones to map.
import { loadGot } from '../http/got.js';
import type { MappingConfig, PloomesSourceConfig } from '../../../src-shared/config.js';
import { createSecretResolver, resolveSourceSecrets, type Keychain } from '../config/secrets.js';
import { ploomesMapping } from './ploomes.js';

const SAMPLE = 50;
const valueKinds = ['StringValue', 'BigStringValue', 'IntegerValue', 'DecimalValue', 'BoolValue', 'DateTimeValue', 'ObjectValueName'];

export interface AccountCheck {
  sampled: number;
  /** Custom-field keys found, with the value property they carry and the catalog fields that read them. */
  keys: Array<{ key: string; kind: string | null; mappedTo: string[] }>;
  /** Keys the mapping reads that no sampled product has. */
  missing: Array<{ key: string; mappedTo: string[] }>;
}

/** Catalog field → the FieldKey it reads, for every `OtherProperties[FieldKey=…]` in the mapping. */
export function mappedFieldKeys(mapping: MappingConfig): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const sections = [
    ['', mapping.fields],
    ['customFields.', mapping.customFields],
    ['details.', mapping.details ?? {}],
  ] as const;
  for (const [prefix, section] of sections) {
    for (const [field, spec] of Object.entries(section)) {
      const path = typeof spec === 'string' ? spec : spec?.path;
      const m = path ? /OtherProperties\[FieldKey=([^\]]+)\]/.exec(path) : null;
      if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), prefix + field]);
    }
  }
  return out;
}

export async function ploomesAccountCheck(source: PloomesSourceConfig, where: string, keychain?: Keychain): Promise<AccountCheck> {
  const c = resolveSourceSecrets(source, createSecretResolver(keychain), where);
  const url = new URL(c.baseUrl.replace(/\/+$/, '') + '/Products');
  url.searchParams.set('$top', String(SAMPLE));
  url.searchParams.set('$select', 'Id,OtherProperties');
  url.searchParams.set('$expand', 'OtherProperties');
  const got = await loadGot();
  const body = await got
    .get(url, { headers: { 'User-Key': c.apiKey, accept: 'application/json' }, timeout: { request: c.timeoutMs }, retry: { limit: 0 } })
    .json<{ value?: Array<{ OtherProperties?: Array<Record<string, unknown>> }> }>();
  const products = Array.isArray(body.value) ? body.value : [];
  const found = new Map<string, string | null>();
  for (const p of products) {
    for (const prop of p.OtherProperties ?? []) {
      const key = prop['FieldKey'];
      if (typeof key !== 'string') continue;
      const kind = valueKinds.find((k) => prop[k] !== undefined && prop[k] !== null) ?? null;
      if (!found.has(key) || (found.get(key) === null && kind !== null)) found.set(key, kind);
    }
  }
  const mapped = mappedFieldKeys(ploomesMapping(source.mapping));
  return {
    sampled: products.length,
    keys: [...found].sort(([a], [b]) => a.localeCompare(b)).map(([key, kind]) => ({ key, kind, mappedTo: mapped.get(key) ?? [] })),
    missing: [...mapped].filter(([key]) => !found.has(key)).map(([key, mappedTo]) => ({ key, mappedTo })),
  };
}

/** The check in lines for the terminal. */
export function describeAccountCheck(name: string, check: AccountCheck): string[] {
  const lines = [`${name}: account check: ${check.sampled} product(s) sampled, ${check.keys.length} custom field key(s) found`];
  for (const k of check.keys) {
    const path = `OtherProperties[FieldKey=${k.key}].${k.kind ?? 'StringValue'}`;
    lines.push(k.mappedTo.length > 0 ? `  ${k.key} (${k.kind ?? 'empty'}) → ${k.mappedTo.join(', ')}` : `  ${k.key} (${k.kind ?? 'empty'}) not mapped; e.g. customFields: { myName: '${path}' }`);
  }
  for (const m of check.missing) lines.push(`  ${m.key} → ${m.mappedTo.join(', ')}: mapped, but no sampled product has it; check the key`);
  return lines;
}
