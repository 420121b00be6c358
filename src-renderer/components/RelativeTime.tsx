import { useFormat, useT } from '../i18n/index.js';

/**
 * "5 min ago" (or "in 5 min" for `future` times), with the exact local time on hover. Past times never read
 * "in 10 s": a run that just ended can carry a time a little ahead of this browser's clock.
 */
export function RelativeTime({ iso, now, future }: { iso: string | null | undefined; now: number; future?: boolean }) {
  const fmt = useFormat();
  const t = useT();
  if (!iso) return <span className="muted">{t('time.never')}</span>;
  return (
    <time dateTime={iso} title={fmt.dateTime(iso)}>
      {future ? fmt.until(iso, now) : fmt.since(iso, now)}
    </time>
  );
}
