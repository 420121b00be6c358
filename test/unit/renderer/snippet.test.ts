import { describe, expect, it } from 'vitest';
import { parseSnippet } from '../../../src-renderer/lib/snippet.js';

describe('parseSnippet', () => {
  it('splits marked terms from plain text', () => {
    expect(parseSnippet('Cabo [[USB]]-C [[2m]] preto')).toEqual([
      { text: 'Cabo ', marked: false },
      { text: 'USB', marked: true },
      { text: '-C ', marked: false },
      { text: '2m', marked: true },
      { text: ' preto', marked: false },
    ]);
  });

  it('handles marks at the edges and back to back', () => {
    expect(parseSnippet('[[a]][[b]]')).toEqual([
      { text: 'a', marked: true },
      { text: 'b', marked: true },
    ]);
    expect(parseSnippet('[[whole]]')).toEqual([{ text: 'whole', marked: true }]);
  });

  it('returns plain text unchanged when there are no markers', () => {
    expect(parseSnippet('Parafuso 3/8"')).toEqual([{ text: 'Parafuso 3/8"', marked: false }]);
    expect(parseSnippet('')).toEqual([]);
  });

  it('keeps unbalanced markers as literal text and drops empty marks', () => {
    expect(parseSnippet('a [[b')).toEqual([{ text: 'a [[b', marked: false }]);
    expect(parseSnippet('a ]] b')).toEqual([{ text: 'a ]] b', marked: false }]);
    expect(parseSnippet('x [[]] y')).toEqual([{ text: 'x  y', marked: false }]);
    expect(parseSnippet('[[a]] [[b')).toEqual([
      { text: 'a', marked: true },
      { text: ' [[b', marked: false },
    ]);
  });

  it('never treats markup as anything but text', () => {
    const segments = parseSnippet('<b>[[<img src=x onerror=alert(1)>]]</b>');
    expect(segments).toEqual([
      { text: '<b>', marked: false },
      { text: '<img src=x onerror=alert(1)>', marked: true },
      { text: '</b>', marked: false },
    ]);
  });
});
