// How one catalog record is built from the source records its match rule links, by the entity's conflict policy,
// then the operator's pins on top. Pure: the same links, rule, pins and picks always give the same record, whatever
// order the links arrived in (the property test in test/unit/mergePolicy.test.ts holds it to that).
import type { EntityCatalogConfig } from '../../../src-shared/catalogConfig.js';
import type { ConflictField } from '../../../src-shared/hubTypes.js';

/** A live source record linked into the catalog record. */
export interface LinkState {
  source: string;
  id: string;
  data: Record<string, unknown>;
  /** Field → the source's update time of the version that brought the field's current value. */
  fieldTimes: Record<string, string>;
  sourceUpdatedAt: string | null;
}

/** An operator's pick in a conflict: it holds while the sources' values are the ones it was picked among. */
export interface StoredPick {
  value: unknown;
  source: string | null;
  among: string;
}

export interface MergeInput {
  links: readonly LinkState[];
  rule: Pick<EntityCatalogConfig, 'policy' | 'priority' | 'owners'>;
  pins: Record<string, { value: unknown }>;
  picks: Record<string, StoredPick>;
  /** The catalog record's fields now (what a held field keeps), or null for a new record. */
  current: Record<string, unknown> | null;
  /** Policy review: per field, the last value two or more sources agreed on (or an operator picked). */
  agreed: Record<string, unknown>;
}

export interface MergeResult {
  fields: Record<string, unknown>;
  /** Field → source name, 'pin' or 'review'. */
  provenance: Record<string, string>;
  /** What the policy chose before pins (a pin's "the sources say"). */
  sourceValues: Record<string, unknown>;
  /** Fields held for an operator (policy review). */
  conflicts: ConflictField[];
  agreed: Record<string, unknown>;
  sourceUpdatedAt: string | null;
}

/** JSON with sorted keys: equal content, equal text. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  ) ?? 'null';
}

/** The signature of the values a field's sources hold (what a pick was made among). */
export const amongSignature = (cands: readonly { source: string; value: unknown }[]): string =>
  canonical([...cands].sort((a, b) => (a.source < b.source ? -1 : 1)).map((c) => [c.source, c.value]));

export function merge(input: MergeInput): MergeResult {
  const { links, rule } = input;
  const rank = (s: string) => {
    const i = rule.priority.indexOf(s);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  // Priority order, then name: the tie-break of every policy.
  const ordered = [...links].sort((a, b) => rank(a.source) - rank(b.source) || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.id < b.id ? -1 : 1));
  const timeOf = (l: LinkState, f: string) => l.fieldTimes[f] ?? l.sourceUpdatedAt ?? '';
  const lastWrite = (cands: LinkState[], f: string): LinkState => {
    let best = cands[0]!;
    for (const l of cands.slice(1)) if (timeOf(l, f) > timeOf(best, f)) best = l;
    return best;
  };
  const fieldNames = new Set<string>();
  for (const l of ordered) for (const f of Object.keys(l.data)) fieldNames.add(f);

  const out: MergeResult = { fields: {}, provenance: {}, sourceValues: {}, conflicts: [], sourceUpdatedAt: null, agreed: { ...input.agreed } };
  for (const l of links) if (l.sourceUpdatedAt && (!out.sourceUpdatedAt || l.sourceUpdatedAt > out.sourceUpdatedAt)) out.sourceUpdatedAt = l.sourceUpdatedAt;

  for (const f of fieldNames) {
    const cands = ordered.filter((l) => l.data[f] !== undefined);
    if (cands.length === 0) continue;
    let chosen: LinkState;
    let from: string | null = null;
    if (rule.policy === 'priority') {
      chosen = cands.find((l) => l.data[f] !== null) ?? cands[0]!;
    } else if (rule.policy === 'ownership' && rule.owners[f] !== undefined && cands.some((l) => l.source === rule.owners[f])) {
      chosen = cands.find((l) => l.source === rule.owners[f])!;
    } else if (rule.policy === 'review') {
      const distinct = new Set(cands.map((l) => canonical(l.data[f])));
      chosen = lastWrite(cands, f);
      if (distinct.size === 1 && cands.length > 1) out.agreed[f] = chosen.data[f];
      if (distinct.size > 1) {
        const candidates = cands.map((l) => ({ source: l.source, id: l.id, value: l.data[f], sourceUpdatedAt: l.sourceUpdatedAt }));
        const pick = input.picks[f];
        if (pick && pick.among === amongSignature(candidates)) {
          out.fields[f] = pick.value;
          out.sourceValues[f] = pick.value;
          out.provenance[f] = 'review';
          out.agreed[f] = pick.value;
          continue;
        }
        // Sources that still hold the value last agreed on have not changed the field: when the others agree on one
        // new value, that is an update, not a disagreement.
        const base = f in out.agreed ? canonical(out.agreed[f]) : undefined;
        const changed = base === undefined ? cands : cands.filter((l) => canonical(l.data[f]) !== base);
        if (base !== undefined && new Set(changed.map((l) => canonical(l.data[f]))).size === 1) {
          chosen = lastWrite(changed, f);
        } else {
          // Held: the catalog keeps what it showed until an operator picks.
          const shown = input.current && f in input.current ? input.current[f] : chosen.data[f];
          const same = cands.find((l) => canonical(l.data[f]) === canonical(shown));
          out.conflicts.push({ field: f, current: shown, candidates });
          out.fields[f] = shown;
          out.sourceValues[f] = shown;
          out.provenance[f] = same?.source ?? 'review';
          continue;
        }
      }
    } else {
      chosen = lastWrite(cands, f);
    }
    from = chosen.source;
    out.fields[f] = chosen.data[f];
    out.sourceValues[f] = chosen.data[f];
    out.provenance[f] = from;
  }
  for (const [f, pin] of Object.entries(input.pins)) {
    out.fields[f] = pin.value;
    out.provenance[f] = 'pin';
  }
  return out;
}
