import { parseSnippet } from '../lib/snippet.js';

/** Renders a search snippet with its [[matched]] terms as <mark>; text only, never HTML. */
export function Highlight({ snippet, fallback }: { snippet: string | null; fallback: string }) {
  if (!snippet) return <>{fallback}</>;
  return (
    <>
      {parseSnippet(snippet).map((segment, i) =>
        segment.marked ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
      )}
    </>
  );
}
