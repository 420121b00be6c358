// Segments of a source: named parts of its catalog (Ploomes' CIA services, rentals, a brand, Omie-created products)
// that sync on their own. Shared by the config schema, the contract and the UI. No Node, DOM or Electron here.
import { z } from 'zod';

/**
 * One condition of a segment, on a catalog field (`code`, `brand`, `externalId`, `type`, `category`…) or
 * `customFields.<name>`, with exactly one test. Text tests are exact (case counts), as the vendor's are.
 */
export const segmentCondition = z
  .strictObject({
    field: z.string().min(1),
    startsWith: z.string().min(1).optional(),
    notStartsWith: z.string().min(1).optional(),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** true: has a value (Omie-created products carry their Omie id in externalId); false: has none. */
    present: z.boolean().optional(),
  })
  .refine((c) => ['startsWith', 'notStartsWith', 'equals', 'present'].filter((k) => k in c && c[k as keyof typeof c] !== undefined).length === 1, {
    message: 'give exactly one of startsWith, notStartsWith, equals, present',
  });
export type SegmentCondition = z.infer<typeof segmentCondition>;

/**
 * A named part of a source: records matching every condition. The vendor filters where it can (Ploomes: an OData
 * `$filter`) and the engine checks every record either way; a segment sync never touches records outside it and
 * keeps its own cursor.
 */
export const segmentConfig = z.strictObject({
  where: z.array(segmentCondition).min(1),
  /** Words for the UI (`CIA services`). */
  label: z.string().max(100).optional(),
  /** Its own schedule (rentals hourly while the whole source syncs nightly). */
  schedule: z.strictObject({ cron: z.string().min(9), timezone: z.string().min(1).optional() }).optional(),
});
export type SegmentConfig = z.infer<typeof segmentConfig>;

/** A source's segments as the UI lists them (the segment picker beside Sync now). */
export interface SegmentInfo {
  source: string;
  name: string;
  label: string | null;
  /** The conditions in words (`code starts with CIA_LOC_`). */
  describe: string;
}

export function describeSegment(where: SegmentCondition[]): string {
  return where
    .map((c) =>
      c.startsWith !== undefined
        ? `${c.field} starts with ${c.startsWith}`
        : c.notStartsWith !== undefined
          ? `${c.field} does not start with ${c.notStartsWith}`
          : c.present !== undefined
            ? `${c.field} ${c.present ? 'is set' : 'is empty'}`
            : `${c.field} is ${String(c.equals)}`,
    )
    .join(' and ');
}
