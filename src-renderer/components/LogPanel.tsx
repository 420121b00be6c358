import { useEffect, useLayoutEffect, useRef } from 'react';
import type { LogLine } from '../../src-shared/domain.js';
import { formatAbsolute } from '../lib/format.js';

/** Newest-last log tail; keeps following the bottom unless the operator scrolled up to read. */
export function LogPanel({ lines }: { lines: readonly LogLine[] }) {
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onScroll = (): void => {
      follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <div className="log-panel" ref={box} data-testid="log-panel" role="log" aria-label="Engine log" tabIndex={0}>
      {lines.length === 0 ? (
        <div className="muted log-empty">No log lines yet.</div>
      ) : (
        lines.map((line) => (
          <div key={line.seq} className={`log-line log-${line.level}`}>
            <span className="log-time">{formatAbsolute(line.time).slice(11)}</span>
            <span className="log-level">{line.level}</span>
            {line.source ? <span className="log-source">{line.source}</span> : null}
            <span className="log-msg">{line.msg}</span>
          </div>
        ))
      )}
    </div>
  );
}
