// The page splitter behind raw record bytes: for any JSON page it yields exactly the records JSON.parse sees, and
// the rest of the page; pages it cannot take (or broken ones) come back as null for the caller to parse whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberValue, splitRecords } from '../../src-main/engine/connectors/jsonRecords.js';

const record = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
const split = (text: string, selector: string | undefined) => splitRecords(Buffer.from(text, 'utf8'), selector);
const parsed = (records: Buffer[]) => records.map((b) => JSON.parse(b.toString('utf8')) as unknown);

describe('splitRecords', () => {
  it('yields the bytes of the records under a top-level key, and the page around them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
        record,
        fc.constantFrom(undefined, 2, '\t'),
        (records, rest, space) => {
          const text = JSON.stringify({ ...rest, value: records, after: 'ç' }, null, space);
          // What JSON.parse makes of the text is the truth (-0 prints as 0, and so on).
          const page = JSON.parse(text) as { value: unknown[] };
          const s = split(text, 'value');
          expect(s).not.toBeNull();
          expect(parsed(s!.records)).toEqual(page.value);
          expect(s!.envelope).toEqual({ ...page, value: [] });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('takes a body that is the array itself, with quotes, backslashes, brackets and multi-byte text in strings', () => {
    const records = [{ a: 'he said "}]" \\', b: ['[', '{'], c: 'Válvula ção 💨' }, 'x\\"', 3.5e-7, null, true, []];
    expect(parsed(split(` ${JSON.stringify(records, null, 1)}\n`, undefined)!.records)).toEqual(records);
    expect(split('[]', '')!.records).toEqual([]);
    expect(split('{"value":[],"n":0}', 'value')).toEqual({ envelope: { value: [], n: 0 }, records: [] });
  });

  it('returns null for every truncation of a page, for nested selectors and for records that are not an array', () => {
    const text = JSON.stringify({
      '@odata.count': 2,
      value: [
        { Id: 1, Name: 'a "b" [c]' },
        { Id: 2, Name: 'd\\' },
      ],
      next: 'u',
    });
    for (let cut = 0; cut < text.length; cut++) expect(split(text.slice(0, cut), 'value'), `cut ${cut}`).toBeNull();
    expect(split(text, 'data.items')).toBeNull();
    expect(split('{"value":{"a":1}}', 'value')).toBeNull();
    expect(split('{"other":[1]}', 'value')).toBeNull();
    expect(split('[1,2] trailing', undefined)).toBeNull();
  });
});

describe('memberValue', () => {
  const key = Buffer.from('"Id"');
  const at = (text: string) => memberValue(Buffer.from(text, 'utf8'), key);
  it('reads the top-level member only, past nested ones of the same name', () => {
    expect(at('{"Family":{"Id":11,"Name":"x"},"Tags":[{"Id":3}],"Id":100500,"Name":"Válvula"}')).toBe(100500);
    expect(at(' { "Name" : "a" , "Id" : "A-7" } ')).toBe('A-7');
    expect(at('{"Id":null}')).toBeNull();
  });
  it('gives up (undefined) where only a parse can tell', () => {
    expect(at('{"Name":"a"}')).toBeUndefined();
    expect(at('{"\\u0049d":5}')).toBeUndefined();
    expect(at('[{"Id":1}]')).toBeUndefined();
    expect(at('{"Name":"a","Id":')).toBeUndefined();
  });
});
