import { formatAbsolute, formatRelative } from '../lib/format.js';

/** "5 min ago", with the exact local time on hover. */
export function RelativeTime({ iso, now }: { iso: string | null | undefined; now: number }) {
  if (!iso) return <span className="muted">never</span>;
  return (
    <time dateTime={iso} title={formatAbsolute(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
