// A source as the Settings form edits it: the common fields as inputs, everything else (mapping, validation,
// pagination…) as JSON text. Pure functions, so the round trip and the problem matching are unit-tested.
import type { ConfigProblem } from '../../src-shared/config.js';

export const simpleFields = ['name', 'kind', 'entity', 'baseUrl', 'path', 'recordSelector', 'apiKey'] as const;
export type SimpleField = (typeof simpleFields)[number];

export interface SourceDraft {
  simple: Record<SimpleField, string>;
  enabled: boolean;
  cron: string;
  timezone: string;
  /** The rest of the source object, as JSON text. */
  rest: string;
}

export const kinds = ['rest', 'ploomes', 'file', 'legacy4d', 'salesforce', 'demo'] as const;

export function toDraft(source: Record<string, unknown> | null): SourceDraft {
  const s = source ?? { kind: 'rest', mapping: { fields: { id: 'id', name: 'name' } } };
  const simple = Object.fromEntries(
    simpleFields.map((f) => [f, typeof s[f] === 'string' ? (s[f] as string) : '']),
  ) as Record<SimpleField, string>;
  const schedule = (s['schedule'] ?? {}) as { cron?: string; timezone?: string };
  const rest = Object.fromEntries(
    Object.entries(s).filter(
      ([k]) => !(simpleFields as readonly string[]).includes(k) && k !== 'enabled' && k !== 'schedule',
    ),
  );
  return {
    simple,
    enabled: s['enabled'] !== false,
    cron: schedule.cron ?? '',
    timezone: schedule.timezone ?? '',
    rest: Object.keys(rest).length > 0 ? JSON.stringify(rest, null, 2) : '{}',
  };
}

/** The source object to send, or the reason the JSON part cannot be read. */
export function fromDraft(d: SourceDraft): { source: Record<string, unknown> } | { jsonError: string } {
  let rest: unknown;
  try {
    rest = JSON.parse(d.rest || '{}');
  } catch (err) {
    return { jsonError: (err as Error).message };
  }
  if (typeof rest !== 'object' || rest === null || Array.isArray(rest))
    return { jsonError: 'expected a JSON object { … }' };
  const source: Record<string, unknown> = {};
  for (const f of simpleFields) if (d.simple[f].trim() !== '') source[f] = d.simple[f].trim();
  Object.assign(source, rest);
  if (!d.enabled) source['enabled'] = false;
  if (d.cron.trim())
    source['schedule'] = { cron: d.cron.trim(), ...(d.timezone.trim() ? { timezone: d.timezone.trim() } : {}) };
  return { source };
}

/** Problems of one source (`sources[2].baseUrl: …`) by the form field they belong to; the rest under '' . */
export function problemsByField(problems: readonly ConfigProblem[], index: number): Map<string, string[]> {
  const prefix = `sources[${index}]`;
  const out = new Map<string, string[]>();
  for (const p of problems) {
    let field = '';
    if (p.path.startsWith(`${prefix}.`)) {
      const rest = p.path.slice(prefix.length + 1);
      const head = /^[A-Za-z]+/.exec(rest)?.[0] ?? '';
      field = (simpleFields as readonly string[]).includes(head)
        ? head
        : head === 'schedule'
          ? rest.includes('timezone')
            ? 'timezone'
            : 'cron'
          : 'rest';
    } else if (p.path === prefix) field = 'rest';
    const text =
      field === ''
        ? `${p.path}: ${p.message}`
        : field === 'rest'
          ? `${p.path.slice(prefix.length + 1)}: ${p.message}`
          : p.message;
    out.set(field, [...(out.get(field) ?? []), text]);
  }
  return out;
}
