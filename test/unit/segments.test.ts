// Segments: which mapped records belong, and the OData $filter Ploomes gets for the part it can evaluate.
import { describe, expect, it } from 'vitest';
import type { MappedProduct } from '../../src-shared/domain.js';
import { segmentConfig } from '../../src-shared/segments.js';
import { ploomesMapping } from '../../src-main/engine/connectors/ploomes.js';
import { inSegment, odataSegmentFilter, ploomesSegments } from '../../src-main/engine/segments/segments.js';

const product = (over: Partial<MappedProduct>): MappedProduct => ({
  id: '1', source: 'p', externalId: null, name: 'x', code: null, description: null, type: 'product', category: null,
  subcategory: null, brand: null, price: null, currency: 'BRL', stock: null, unit: null, active: true, ncm: null,
  customFields: {}, sourceUpdatedAt: null, ...over,
});

describe('segments', () => {
  it('services are CIA_ but not CIA_LOC_; rentals CIA_LOC_; omie has an external id; brands match exactly', () => {
    const { services, rentals, omie, atlas } = ploomesSegments;
    expect(inSegment(services!, product({ code: 'CIA_SRV_1' }))).toBe(true);
    expect(inSegment(services!, product({ code: 'CIA_LOC_1' }))).toBe(false);
    expect(inSegment(services!, product({ code: null }))).toBe(false);
    expect(inSegment(rentals!, product({ code: 'CIA_LOC_1' }))).toBe(true);
    expect(inSegment(rentals!, product({ code: 'AC-1' }))).toBe(false);
    expect(inSegment(omie!, product({ externalId: '12' }))).toBe(true);
    expect(inSegment(omie!, product({ externalId: '' }))).toBe(false);
    expect(inSegment(atlas!, product({ brand: 'Atlas Copco' }))).toBe(true);
    expect(inSegment(atlas!, product({ brand: 'Atlas' }))).toBe(false);
  });

  it('Ploomes filters code prefixes, Omie origin and a brand custom field; an unmapped brand is left to the engine', () => {
    const mapping = ploomesMapping({ fields: { brand: 'OtherProperties[FieldKey=product_brand].StringValue' }, customFields: {} });
    expect(odataSegmentFilter(ploomesSegments.services!, mapping)).toBe("startswith(Code,'CIA_') and not startswith(Code,'CIA_LOC_')");
    expect(odataSegmentFilter(ploomesSegments.omie!, mapping)).toBe('ExternalId ne null');
    expect(odataSegmentFilter(ploomesSegments.atlas!, mapping)).toBe(
      "OtherProperties/any(o: o/FieldKey eq 'product_brand' and o/StringValue eq 'Atlas Copco')",
    );
    expect(odataSegmentFilter(ploomesSegments.atlas!, ploomesMapping(undefined))).toBeNull();
    const byGroup = ploomesMapping({ fields: { brand: 'Group.Name' }, customFields: {} });
    expect(odataSegmentFilter({ where: [{ field: 'brand', equals: "O'Neil" }] }, byGroup)).toBe("Group/Name eq 'O''Neil'");
    // A transformed field is not what the vendor stores: the engine checks it.
    expect(odataSegmentFilter({ where: [{ field: 'type', equals: 'rental' }] }, mapping)).toBeNull();
  });

  it('a condition with no test or two tests is refused with the fix', () => {
    const r = segmentConfig.safeParse({ where: [{ field: 'code', startsWith: 'A', equals: 'B' }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('exactly one of startsWith, notStartsWith, equals, present');
  });
});
