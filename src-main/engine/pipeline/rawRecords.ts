// Record bytes as the source sent them (connectors/jsonRecords.ts). Each product stores the hash of the bytes it
// was made from, prefixed with the fingerprint of what turned them into a product; an equal hash means "stored
// from these very bytes by this very mapping", so the record is unchanged without being decoded, parsed or
// mapped. A changed mapping, transform or validation rule changes the prefix, and the next sync maps everything.
import type { MappingConfig } from '../../../src-shared/config.js';
import { memberValue } from '../connectors/jsonRecords.js';
import { SourceShapeError } from '../connectors/restConnector.js';
import { sha1 } from './checksum.js';
import { sourceKey, transformSteps } from './mapping.js';
import { getTransform } from './transforms.js';

// Bumped when mapping.ts changes what a mapping makes of the same record.
const MAPPER_VERSION = 1;

export interface RawReader {
  /** The key of a record, read from its bytes; undefined when it cannot be read without parsing. */
  key(record: Buffer): string | undefined;
  hash(record: Buffer): string;
}

const readers = new WeakMap<MappingConfig, Map<string, RawReader>>();

/** What decides the product a record becomes: source, mapping, validation and the code of its transforms. */
function fingerprint(mapping: MappingConfig, source: string): string {
  const specs = [
    ...Object.values(mapping.fields),
    ...Object.values(mapping.customFields),
    ...Object.values(mapping.details ?? {}),
  ];
  const transforms = new Set<string>();
  for (const spec of specs)
    if (spec && typeof spec === 'object') for (const t of transformSteps(spec.transform)) transforms.add(t.name);
  const code = [...transforms].sort().map((name) => `${name}:${String(getTransform(name))}`);
  // 8 characters of base64url (48 bits) tell mappings apart; the record's own hash follows in full.
  return sha1(JSON.stringify([MAPPER_VERSION, source, mapping, code])).slice(0, 8);
}

export function rawReader(mapping: MappingConfig, source: string): RawReader {
  let bySource = readers.get(mapping);
  if (!bySource) readers.set(mapping, (bySource = new Map()));
  let r = bySource.get(source);
  if (!r) {
    const prefix = fingerprint(mapping, source);
    const spec = mapping.fields.id;
    const path = typeof spec === 'string' ? spec : spec?.path;
    // Only a key at the top of the record can be read from its bytes; otherwise every record is parsed.
    const quoted = path && !/[.[\]]/.test(path) ? Buffer.from(JSON.stringify(path)) : null;
    r = {
      key: (record) => {
        if (!quoted) return undefined;
        const value = memberValue(record, quoted);
        return value === undefined ? undefined : (sourceKey({ [path!]: value }, mapping) ?? undefined);
      },
      hash: (record) => prefix + sha1(record),
    };
    bySource.set(source, r);
  }
  return r;
}

/** Record bytes that are not JSON make the page malformed, as a page that does not parse is. */
export function parseRecord(record: Buffer): unknown {
  const text = record.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceShapeError(
      `the source sent a record that is not valid JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}…)`,
    );
  }
}
