// The Ploomes preset on the shapes a real account sends: its standard fields, no custom-field key assumed, the
// service/rental/product split by code prefix, a source's own mapping over the preset, and pt-BR prices.
import { describe, expect, it } from 'vitest';
import { ploomesAsRest, ploomesMapping, ploomesProductMapping } from '../../src-main/engine/connectors/ploomes.js';
import { ploomesEntityAsRest } from '../../src-main/engine/connectors/ploomesEntities.js';
import { mappedFieldKeys } from '../../src-main/engine/connectors/ploomesProbe.js';
import { compileMapping } from '../../src-main/engine/pipeline/mappingCompile.js';
import { MappingError, mapProduct } from '../../src-main/engine/pipeline/mapping.js';
import { syncflowConfig, type PloomesSourceConfig } from '../../src-shared/config.js';

// A product as Ploomes' public API returns it with $expand=OtherProperties,Family,Group.
const real = {
  Id: 4021337,
  Name: 'Locação Compressor GA 30',
  Code: 'CIA_LOC_GA30_0001',
  GroupId: 77,
  FamilyId: 12,
  Group: { Id: 77, Name: 'Atlas Copco' },
  Family: { Id: 12, Name: 'Compressores' },
  UnitPrice: 1890.5,
  CurrencyId: 1,
  Suspended: false,
  ExternalId: '9876543210',
  ImageUrl: 'https://stgploomescrmprd01.blob.core.windows.net/x.png',
  CreateDate: '2024-02-01T12:00:00-03:00',
  LastUpdateDate: '2025-05-02T09:30:00-03:00',
  OtherProperties: [
    { FieldKey: 'product_8A1F3C2B-11D2-4C5E-9F00-ABCDEF012345', StringValue: 'Atlas Copco' },
    { FieldKey: 'product_0B7E9D41-5A6C-4E2F-8B11-0123456789AB', DecimalValue: 812.25 },
  ],
};

const source = (extra: object = {}): PloomesSourceConfig =>
  syncflowConfig.parse({ sources: [{ name: 'p', kind: 'ploomes', apiKey: '${env:K}', ...extra }] }).sources[0] as PloomesSourceConfig;

const compiled = (c: PloomesSourceConfig) => {
  const rest = ploomesAsRest(c, {});
  return compileMapping(rest.mapping, rest.validation, 'sources[0]', rest.locale);
};

describe('Ploomes preset', () => {
  it('maps the standard fields a real account has, ExternalId and image included', () => {
    const p = mapProduct(real, compiled(source()), 'p');
    expect(p).toMatchObject({
      id: '4021337',
      externalId: '9876543210',
      name: 'Locação Compressor GA 30',
      code: 'CIA_LOC_GA30_0001',
      type: 'rental',
      category: 'Compressores',
      subcategory: 'Atlas Copco',
      price: 1890.5,
      currency: 'BRL',
      active: true,
      brand: null,
      sourceUpdatedAt: '2025-05-02T12:30:00.000Z',
    });
    // familyId and groupId reference the families and groups entities (ploomesEntities.ts).
    expect(p.customFields).toEqual({ createdAt: '2024-02-01T12:00:00-03:00', imageUrl: real.ImageUrl, familyId: '12', groupId: '77' });
  });

  it('types CIA_LOC_ codes as rentals, other CIA_ codes as services, the rest as products', () => {
    const m = compiled(source());
    const type = (Code: string) => mapProduct({ ...real, Code }, m, 'p').type;
    expect(type('CIA_LOC_BETONEIRA_0002')).toBe('rental');
    expect(type('CIA_MANUT_PREV_0001')).toBe('service');
    expect(type('cia_visita_0003')).toBe('service');
    expect(type('ATL-GA30-00001')).toBe('product');
    expect(type('CIAX-1')).toBe('product');
  });

  it('takes a source mapping over the preset: account keys, brand from the group, a type field that says otherwise', () => {
    const c = source({
      mapping: {
        fields: {
          brand: 'Group.Name',
          type: { path: 'OtherProperties[FieldKey=product_tipo].StringValue', default: 'product' },
        },
        customFields: { cost: 'OtherProperties[FieldKey=product_0B7E9D41-5A6C-4E2F-8B11-0123456789AB].DecimalValue' },
      },
    });
    const m = compiled(c);
    const p = mapProduct({ ...real, OtherProperties: [...real.OtherProperties, { FieldKey: 'product_tipo', StringValue: 'service' }] }, m, 'p');
    expect(p).toMatchObject({ brand: 'Atlas Copco', type: 'service', code: 'CIA_LOC_GA30_0001' });
    // Where the account's type field is empty the code prefix still decides, before the field's own default.
    expect(mapProduct(real, m, 'p').type).toBe('rental');
    expect(mapProduct({ ...real, Code: 'ATL-1' }, m, 'p').type).toBe('product');
    expect(p.customFields).toMatchObject({ cost: 812.25, imageUrl: real.ImageUrl });
    // The request selects what the merged mapping reads.
    expect(ploomesAsRest(c, {}).query.$select!.split(',')).toEqual(expect.arrayContaining(['OtherProperties', 'Group', 'ExternalId']));
    expect(mappedFieldKeys(ploomesMapping(c.mapping)).get('product_tipo')).toEqual(['type']);
  });

  it('rejects a mapping field that is not a product field on a ploomes source, naming it', () => {
    const r = syncflowConfig.safeParse({ sources: [{ name: 'p', kind: 'ploomes', apiKey: '${env:K}', mapping: { fields: { colour: 'X' } } }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues.map((i) => i.path))).toContain('colour');
  });

  it('reads prices written as text by the pt-BR rule, the ambiguous ones included', () => {
    const m = compiled(source());
    const price = (UnitPrice: unknown) => mapProduct({ ...real, UnitPrice }, m, 'p').price;
    expect(price('1.234')).toBe(1234);
    expect(price('1.234,56')).toBe(1234.56);
    expect(price('1.234.567,8')).toBe(1234567.8);
    expect(price('12,5')).toBe(12.5);
    expect(price('R$ 1.234,56')).toBe(1234.56);
    expect(price('-3,10')).toBe(-3.1);
    expect(price('1234,56')).toBe(1234.56);
    expect(price(1.234)).toBe(1.234); // a JSON number is a number whatever the locale
    for (const bad of ['1,234.56', '1.23', '1.2345', '12.34,5', '1,2,3', 'abc', '1.234,']) {
      expect(() => price(bad), bad).toThrow(MappingError);
      try {
        price(bad);
      } catch (err) {
        expect((err as MappingError).rule).toBe('type:price');
        expect((err as Error).message).toContain('pt-BR');
      }
    }
  });

  it('reads en-US and locale-free text by their own rules', () => {
    const en = compiled(source({ locale: 'en-US' }));
    expect(mapProduct({ ...real, UnitPrice: '1,234.56' }, en, 'p').price).toBe(1234.56);
    expect(mapProduct({ ...real, UnitPrice: '1,234' }, en, 'p').price).toBe(1234);
    expect(() => mapProduct({ ...real, UnitPrice: '1.234,56' }, en, 'p')).toThrow(MappingError);
    const none = compileMapping(ploomesProductMapping, [], 'sources[0]');
    expect(mapProduct({ ...real, UnitPrice: '1.234' }, none, 'p').price).toBe(1.234);
    expect(mapProduct({ ...real, UnitPrice: '12,5' }, none, 'p').price).toBe(12.5);
    // "1,234" could be either; without a locale it is refused, not guessed.
    expect(() => mapProduct({ ...real, UnitPrice: '1,234' }, none, 'p')).toThrow(/set the source's locale/);
    expect(() => mapProduct({ ...real, UnitPrice: '1.234,56' }, none, 'p')).toThrow(MappingError);
  });

  it('quarantines an unknown currency id instead of calling it reais', () => {
    expect(() => mapProduct({ ...real, CurrencyId: 2 }, compiled(source()), 'p')).toThrow(/lookup/);
  });

  it('holds the Ploomes cloud to 120 requests a minute, products and families alike, unless the source says otherwise', () => {
    const rpm = (extra: Record<string, unknown>) => [ploomesAsRest(source(extra), {}), ploomesEntityAsRest(source({ entity: 'families', ...extra }), {})].map((r) => r.request.requestsPerMinute);
    expect(rpm({ baseUrl: 'https://public-api2.ploomes.com' })).toEqual([120, 120]);
    expect(rpm({ baseUrl: 'https://public-api2.ploomes.com', requestsPerMinute: 60 })).toEqual([60, 60]);
    expect(rpm({ baseUrl: 'http://127.0.0.1:8080' })).toEqual([undefined, undefined]);
    expect(rpm({ baseUrl: 'https://ploomes.com.example.org' })).toEqual([undefined, undefined]);
  });
});
