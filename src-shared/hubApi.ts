// Contract methods of the catalog hub (several sources into one catalog): conflicts waiting for review, pinned
// values and where each value came from. Spread into `apiMethods`; validation and transports are the same.
import { z } from 'zod';
import { conflictStatuses, type CatalogConflict, type RecordProvenance } from './hubTypes.js';

const returns = <T>() => undefined as unknown as T;
const entityName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'an entity name (products, customers, …)');
const recordId = z.string().min(1).max(200);
const sourceName = z.string().min(1).max(100);
const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field name (letters, digits, _)').max(100);
/** Which catalog record: by id, with the source when two sources use the same id. */
const recordRef = { entity: entityName.default('products'), id: recordId, source: sourceName.optional() };

export const hubMethods = {
  /** Conflicts (records whose linked sources disagree under policy review), newest first. */
  listConflicts: {
    input: z.strictObject({
      entity: entityName.optional(),
      status: z.enum(conflictStatuses).default('open'),
      limit: z.number().int().min(1).max(500).default(50),
      /** Paging: conflicts with a smaller id than this. */
      beforeId: z.number().int().min(1).optional(),
    }),
    result: returns<CatalogConflict[]>(),
  },
  /**
   * Picks per field (a linked source's value or a typed value); the catalog record takes them at once. Fields not
   * picked stay in the conflict; it resolves when none is left. A pick holds until a source changes that field.
   */
  resolveConflict: {
    input: z.strictObject({
      id: z.number().int().min(1),
      picks: z
        .record(fieldName, z.union([z.strictObject({ source: sourceName }), z.strictObject({ value: z.unknown() })]))
        .refine((p) => Object.keys(p).length > 0, 'pick at least one field'),
    }),
    result: returns<CatalogConflict>(),
  },
  /** Pins a field of a catalog record to a value: syncs keep it (and note when a source disagrees) until unpinned. */
  pinField: {
    input: z.strictObject({ ...recordRef, field: fieldName, value: z.unknown() }),
    result: returns<RecordProvenance>(),
  },
  /** Drops a pin: the field takes the sources' value again. */
  unpinField: {
    input: z.strictObject({ ...recordRef, field: fieldName }),
    result: returns<RecordProvenance>(),
  },
  /** Where each value of a catalog record came from (null when the record does not exist). */
  getProvenance: {
    input: z.strictObject(recordRef),
    result: returns<RecordProvenance | null>(),
  },
} as const;
