import { useEffect, useLayoutEffect, useRef } from 'react';
import type { LogLine } from '../../src-shared/domain.js';
import { useFormat, useT } from '../i18n/index.js';

/** Newest-last log tail; keeps following the bottom unless the operator scrolled up to read. */
export function LogPanel({ lines }: { lines: readonly LogLine[] }) {
  const t = useT();
  const fmt = useFormat();
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
    <div className="log-panel" ref={box} data-testid="log-panel" role="log" aria-label={t('log.label')} tabIndex={0}>
      {lines.length === 0 ? (
        <div className="muted log-empty">{t('log.empty')}</div>
      ) : (
        lines.map((line) => (
          <div key={line.seq} className={`log-line log-${line.level}`}>
            <time className="log-time" dateTime={line.time} title={fmt.dateTime(line.time)}>
              {fmt.time(line.time)}
            </time>
            <span className="log-level">{t(`log.level.${line.level}`)}</span>
            {line.source ? <span className="log-source">{line.source}</span> : null}
            <span className="log-msg">{line.msg}</span>
          </div>
        ))
      )}
    </div>
  );
}
