// The content checksum (pipeline/checksum.ts): what tells a changed record from an unchanged one on every sync. A
// collision there means a real change is skipped, so texts that look like its own markers are tested here.
import { describe, expect, it } from 'vitest';
import type { MappedProduct } from '../../src-shared/domain.js';
import { prepareProduct, productChecksum, recordChecksum, sha1, sha1ByStream } from '../../src-main/engine/pipeline/checksum.js';

const base: MappedProduct = {
  id: '1', source: 's', externalId: 'e1', name: 'Filtro', code: 'F-1', description: 'd', type: 'product',
  category: 'c', subcategory: 'sc', brand: 'b', price: 10, currency: 'BRL', stock: 3, unit: 'UN', active: true,
  ncm: '8421', parentId: 'p', customFields: { a: 1 }, tags: ['t'], details: { costPrice: 2 }, sourceUpdatedAt: null,
};
const textFields = ['externalId', 'name', 'code', 'description', 'category', 'subcategory', 'brand', 'unit', 'ncm', 'parentId'] as const;

describe('content checksum', () => {
  it('is the base64url sha1, the same through crypto.hash and createHash', () => {
    expect(sha1('abc')).toBe('qZk-NkcGgWq6PiVxeFDCbJzQ2J0');
    expect(sha1ByStream('abc')).toBe('qZk-NkcGgWq6PiVxeFDCbJzQ2J0');
    expect(sha1(Buffer.from('abc'))).toBe(sha1ByStream(Buffer.from('abc')));
    expect(productChecksum(base)).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it('a text "null", "undefined" or the null marker itself never hashes like a missing value', () => {
    for (const f of textFields) {
      const missing = productChecksum({ ...base, [f]: null });
      expect(productChecksum({ ...base, [f]: undefined } as unknown as MappedProduct), f).toBe(missing);
      for (const text of ['null', 'undefined', '', '\u0002', '\u0002\u0002']) {
        expect(productChecksum({ ...base, [f]: text }), `${f} = ${JSON.stringify(text)}`).not.toBe(missing);
      }
    }
    expect(productChecksum({ ...base, price: null })).not.toBe(productChecksum({ ...base, stock: null }));
  });

  it('texts holding the separator or the marker cannot shift into the next field', () => {
    const a = productChecksum({ ...base, name: 'a\u0001b', code: 'c' });
    expect(productChecksum({ ...base, name: 'a', code: 'b\u0001c' })).not.toBe(a);
    expect(productChecksum({ ...base, name: 'a\u0001b', code: 'c' })).toBe(a);
    // A text written escaped never equals a plain text that spells the escape.
    expect(productChecksum({ ...base, name: '\u0002"x"' })).not.toBe(productChecksum({ ...base, name: '\u0001' }));
    expect(productChecksum({ ...base, name: '\u0002' })).not.toBe(productChecksum({ ...base, name: '\u0002"\\u0002"' }));
    expect(productChecksum({ ...base, description: null, brand: '\u0002' })).not.toBe(productChecksum({ ...base, description: '\u0002', brand: null }));
  });

  it('prepareProduct keeps the stored JSON texts and the checksum on the product itself', () => {
    const p = { ...base, tags: undefined, details: undefined } as unknown as MappedProduct;
    const out = prepareProduct(p);
    expect(out).toBe(p);
    expect(out.json).toEqual({ customFields: '{"a":1}', tags: '[]', details: '{}' });
    expect(out.checksum).toBe(productChecksum({ ...base, tags: [], details: {} }));
    expect(productChecksum(base)).not.toBe(out.checksum);
  });

  it('a record checksum is the sha1 of its JSON', () => {
    expect(recordChecksum({ a: 1, b: 'x' })).toBe(sha1('{"a":1,"b":"x"}'));
    expect(recordChecksum({ a: 1 })).not.toBe(recordChecksum({ a: 2 }));
  });
});
