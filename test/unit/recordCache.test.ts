// The read-through cache on its own: what it keeps, what an invalidation drops (exactly the named records), when a
// derived page is recomputed (its catalog version moved, or its TTL passed), and what the statistics count.
import { describe, expect, it } from 'vitest';
import { RecordCache } from '../../src-main/engine/cache/recordCache.js';

type P = { id: string; v: number };

function loader(values: Record<string, number>) {
  const calls: string[] = [];
  return {
    calls,
    load: (id: string): P | null => {
      calls.push(id);
      return id in values ? { id, v: values[id]! } : null;
    },
  };
}

describe('RecordCache', () => {
  let clock = 1_000_000;
  const advance = (ms: number) => (clock += ms);

  it('loads a record once, and a missing one once too (served as null)', () => {
    const c = new RecordCache<P>({ max: 10, ttlMs: 60_000 });
    const l = loader({ a: 1 });
    expect(c.get('a', l.load)).toEqual({ id: 'a', v: 1 });
    expect(c.get('a', l.load)).toEqual({ id: 'a', v: 1 });
    expect(c.get('gone', l.load)).toBeNull();
    expect(c.get('gone', l.load)).toBeNull();
    expect(l.calls).toEqual(['a', 'gone']);
    expect(c.stats()).toEqual({ hits: 2, misses: 2, evictions: 0, size: 2 });
  });

  it('invalidate drops exactly the named records: the next read loads the new version, the others stay', () => {
    const c = new RecordCache<P>({ max: 10, ttlMs: 60_000 });
    const values: Record<string, number> = { a: 1, b: 1, c: 1 };
    const l = loader(values);
    for (const id of ['a', 'b', 'c', 'x']) c.get(id, l.load);
    values['a'] = 2;
    values['b'] = 2;
    values['x'] = 5;
    c.invalidate(new Set(['a', 'x']));
    expect(c.get('a', l.load)).toEqual({ id: 'a', v: 2 });
    expect(c.get('x', l.load)).toEqual({ id: 'x', v: 5 });
    // Not named: still the cached version.
    expect(c.get('b', l.load)).toEqual({ id: 'b', v: 1 });
    expect(l.calls).toEqual(['a', 'b', 'c', 'x', 'a', 'x']);
    // A derived entry is not a record: invalidating its key's name drops nothing of it.
    let n = 0;
    c.derived('a', 1, () => ++n);
    c.invalidate(['a']);
    expect(c.derived('a', 1, () => ++n)).toBe(1);
  });

  it('a derived value is kept for its catalog version and recomputed when the version moves', () => {
    const c = new RecordCache<P>({ max: 10, ttlMs: 60_000 });
    let n = 0;
    expect(c.derived('search:x', 1, () => ++n)).toBe(1);
    expect(c.derived('search:x', 1, () => ++n)).toBe(1);
    expect(c.derived('search:x', 2, () => ++n)).toBe(2);
    expect(c.derived('search:x', 1, () => ++n)).toBe(3);
    expect(c.derived('search:y', 1, () => 'other')).toBe('other');
    expect(c.stats()).toMatchObject({ hits: 1, misses: 4, size: 2 });
  });

  it('entries expire after ttlMs; the category tree after its own TTL', () => {
    const c = new RecordCache<P>({ max: 10, ttlMs: 1000, categoryTtlMs: 5000, now: () => clock });
    const l = loader({ a: 1 });
    let n = 0;
    c.get('a', l.load);
    c.derived('cat:tree', 1, () => ++n, { category: true });
    c.derived('search:x', 1, () => ++n);
    advance(999);
    c.get('a', l.load);
    expect(l.calls).toEqual(['a']);
    advance(2);
    c.get('a', l.load);
    expect(l.calls).toEqual(['a', 'a']);
    expect(c.derived('search:x', 1, () => ++n)).toBe(3);
    expect(c.derived('cat:tree', 1, () => ++n)).toBe(1);
    advance(4000);
    expect(c.derived('cat:tree', 1, () => ++n)).toBe(4);
  });

  it('the category TTL defaults to ttlMs', () => {
    const c = new RecordCache<P>({ max: 10, ttlMs: 1000, now: () => clock });
    let n = 0;
    c.derived('cat:tree', 1, () => ++n, { category: true });
    advance(1001);
    expect(c.derived('cat:tree', 1, () => ++n)).toBe(2);
  });

  it('holds at most max entries, counting evictions (not invalidations) as evictions', () => {
    const c = new RecordCache<P>({ max: 2, ttlMs: 60_000 });
    const l = loader({ a: 1, b: 2, c: 3 });
    c.get('a', l.load);
    c.get('b', l.load);
    c.invalidate(['b']);
    expect(c.stats()).toEqual({ hits: 0, misses: 2, evictions: 0, size: 1 });
    c.get('b', l.load);
    c.get('c', l.load);
    expect(c.stats()).toEqual({ hits: 0, misses: 4, evictions: 1, size: 2 });
    // The least recently used ('a') went.
    c.get('a', l.load);
    expect(l.calls.filter((x) => x === 'a')).toHaveLength(2);
    c.clear();
    expect(c.stats().size).toBe(0);
  });

  it('quietly: the warmer\'s reads are neither hits nor misses, and counting resumes after (even after a throw)', () => {
    const c = new RecordCache<P>({ max: 10, ttlMs: 60_000 });
    const l = loader({ a: 1 });
    expect(c.quietly(() => [c.get('a', l.load), c.get('a', l.load), c.derived('d', 1, () => 7), c.derived('d', 1, () => 8)])).toEqual([
      { id: 'a', v: 1 },
      { id: 'a', v: 1 },
      7,
      7,
    ]);
    expect(c.stats()).toMatchObject({ hits: 0, misses: 0 });
    expect(() =>
      c.quietly(() => {
        throw new Error('warm failed');
      }),
    ).toThrow('warm failed');
    c.get('a', l.load);
    c.get('b', l.load);
    expect(c.stats()).toMatchObject({ hits: 1, misses: 1 });
  });
});
