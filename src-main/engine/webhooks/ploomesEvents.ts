// What a Ploomes notification says about itself. Ploomes posts `{Entity, Action, ResourceId, ValidationKey}` (the
// entity sometimes plural: `Products`), the plan's handlers `{EntityType, EntityId, ChangeType}`; a products source
// runs only for product events, and a Deal or Contact event is acknowledged and counted instead.

/** The entity type named by one event, singular, as sent (`Products` → `Product`); null when it names none. */
export function eventEntityType(item: unknown): string | null {
  if (!item || typeof item !== 'object') return null;
  const o = item as Record<string, unknown>;
  for (const key of ['EntityType', 'entityType', 'Entity', 'entity']) {
    const v = o[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim().replace(/(?<=[a-z])s$/i, '');
  }
  return null;
}

const same = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;

/**
 * Whether the payload is about an entity the source syncs. An event that names no type is let through (senders
 * other than Ploomes rarely name one); a batch counts when any of its events does.
 */
export function entityTypeOf(payload: unknown, accepted: string[] | undefined): { ignored: false } | { ignored: true; type: string } {
  if (!accepted || accepted.length === 0) return { ignored: false };
  const items = Array.isArray(payload) ? payload : [payload];
  let other: string | null = null;
  for (const item of items) {
    const type = eventEntityType(item);
    if (type === null || accepted.some((a) => same(a, type))) return { ignored: false };
    other ??= type;
  }
  return other === null ? { ignored: false } : { ignored: true, type: other };
}

/** Ploomes repeats the registered validation key in the body of every notification. */
export function ploomesValidationKey(body: Buffer): string | null {
  try {
    const o = JSON.parse(body.toString('utf8')) as unknown;
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      const v = (o as Record<string, unknown>)['ValidationKey'];
      if (typeof v === 'string' && v !== '') return v;
    }
  } catch {
    // Not JSON: the receiver answers 400 after the signature check.
  }
  return null;
}

/** The events of a batch that are about an accepted entity type (or name none), so a Deal's id never becomes a product's. */
export function relevantEvents(payload: unknown, accepted: string[] | undefined): unknown {
  if (!accepted || accepted.length === 0 || !Array.isArray(payload)) return payload;
  return payload.filter((item) => {
    const type = eventEntityType(item);
    return type === null || accepted.some((a) => same(a, type));
  });
}
