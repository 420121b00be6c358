// When a cron schedule fires next, for the dashboard ("next run in 25 min"). Checked minute by minute like the
// scheduler does; the answer is kept for the rest of the minute, so frequent status calls cost nothing.
import cron from 'node-cron';

/** Schedules that fire less often than this read "not within a week". */
const HORIZON_MINUTES = 8 * 24 * 60;
const MINUTE = 60_000;

type Matcher = { match(date: Date): boolean };

export class NextRuns {
  private readonly matchers = new Map<string, Matcher | null>();
  private readonly answers = new Map<string, { minute: number; next: string | null }>();

  private matcher(expr: string, timezone: string | undefined): Matcher | null {
    const key = `${expr}\u0000${timezone ?? ''}`;
    let m = this.matchers.get(key);
    if (m === undefined) {
      // createTask only parses: it is never started, so node-cron keeps no timers of its own.
      m = cron.validate(expr) ? cron.createTask(expr, () => undefined, timezone ? { timezone } : {}) : null;
      this.matchers.set(key, m);
    }
    return m;
  }

  /** The next minute after `now` the schedule matches, as an ISO time; null when none within the horizon. */
  next(expr: string, timezone: string | undefined, now: number): string | null {
    const minute = Math.floor(now / MINUTE) * MINUTE;
    const key = `${expr}\u0000${timezone ?? ''}`;
    const known = this.answers.get(key);
    if (known && known.minute === minute) return known.next;
    const m = this.matcher(expr, timezone);
    let next: string | null = null;
    if (m) {
      for (let t = minute + MINUTE, end = minute + HORIZON_MINUTES * MINUTE; t <= end; t += MINUTE) {
        if (m.match(new Date(t))) {
          next = new Date(t).toISOString();
          break;
        }
      }
    }
    this.answers.set(key, { minute, next });
    return next;
  }
}
