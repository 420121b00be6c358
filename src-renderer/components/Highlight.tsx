import { Fragment } from 'react';
import { parseSnippet } from '../lib/snippet.js';

/** Renders a search snippet with its [[matched]] terms as <mark>; text only, never HTML. Unmarked text stays bare
 * text (no wrapper element): result rows are rebuilt as the list scrolls, and each node costs style and layout. */
export function Highlight({ snippet, fallback }: { snippet: string | null; fallback: string }) {
  if (!snippet) return <>{fallback}</>;
  return (
    <>
      {parseSnippet(snippet).map((segment, i) =>
        segment.marked ? <mark key={i}>{segment.text}</mark> : <Fragment key={i}>{segment.text}</Fragment>,
      )}
    </>
  );
}
