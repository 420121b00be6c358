// A cron expression in plain words for the common shapes ("every 6 hours", "every day at 02:30"); anything else
// is shown as written, next to the engine's preview of the next run times.
import type { Translate } from '../i18n/index.js';

const two = (n: string) => n.padStart(2, '0');

export function describeCron(expr: string, t: Translate): string | null {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [min, hour, dom, mon, dow] = parts as [string, string, string, string, string];
  const num = /^\d+$/;
  const every = (f: string) => /^\*\/(\d+)$/.exec(f)?.[1];
  if (dom !== '*' || mon !== '*') return null;
  const days = dow === '*' ? null : dow === '1-5' ? t('cron.weekdays') : null;
  if (dow !== '*' && days === null) return null;
  if (min === '*' && hour === '*' && !days) return t('cron.everyMinute');
  const m = every(min);
  if (m && hour === '*' && !days) return t('cron.everyMinutes', { count: Number(m) });
  if (num.test(min) && hour === '*' && !days) return t('cron.hourlyAt', { minute: two(min) });
  const h = every(hour);
  if (num.test(min) && h && !days) return t('cron.everyHours', { count: Number(h), minute: two(min) });
  if (num.test(min) && num.test(hour)) {
    const time = `${two(hour)}:${two(min)}`;
    return days ? t('cron.weekdaysAt', { time }) : t('cron.dailyAt', { time });
  }
  return null;
}
