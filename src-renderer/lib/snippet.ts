// Turns a search snippet ("Cabo [[USB]]-C 2m") into plain/marked segments the UI renders as React elements.
// The engine promises [[ ]] markers, never HTML, so nothing here is ever interpreted as markup.

export interface SnippetSegment {
  text: string;
  marked: boolean;
}

const OPEN = '[[';
const CLOSE = ']]';

/**
 * Splits a snippet on [[…]] markers. An opening marker without a closing one, or a stray closing marker, stays
 * literal text; empty marks are dropped; adjacent plain segments are merged.
 */
export function parseSnippet(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  const push = (text: string, marked: boolean): void => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.marked === marked && !marked) last.text += text;
    else segments.push({ text, marked });
  };

  let pos = 0;
  while (pos < snippet.length) {
    const open = snippet.indexOf(OPEN, pos);
    if (open === -1) break;
    const close = snippet.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) break;
    push(snippet.slice(pos, open), false);
    push(snippet.slice(open + OPEN.length, close), true);
    pos = close + CLOSE.length;
  }
  push(snippet.slice(pos), false);
  return segments;
}
