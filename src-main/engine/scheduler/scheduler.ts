// Cron schedules per source (node-cron expressions, with a time zone) driven by an injectable clock: each tick
// fires every source whose schedule matched since the last tick, once, however many matches were missed while
// the machine slept. Sources fired together form a cycle; a source that depends on others in the cycle runs
// only after all of them succeed.
import cron from 'node-cron';
import type { SyncRun } from '../../../src-shared/domain.js';
import { runInDependencyOrder } from './dependencyOrder.js';

export interface ScheduledSource {
  name: string;
  /** Cron expression (5 fields, or 6 with seconds); absent for sources that only run as dependents or on demand. */
  cron?: string;
  timezone?: string;
  dependsOn: string[];
}

export interface SchedulerDeps {
  sources: ScheduledSource[];
  now: () => Date;
  /** Queues a scheduled run of `source` and resolves when it ends. */
  run: (source: string) => Promise<SyncRun>;
  /** A dependent not run because a parent did not succeed in its cycle. */
  skip: (source: string, why: string) => void;
  /** When each schedule last fired (from the run history), so a restart catches up on what it missed. */
  lastFired?: (source: string) => Date | null;
}

/** Scanning further back than this for missed matches is pointless: one catch-up run covers any gap. */
const MAX_SCAN_MS = 35 * 86_400_000;

type Matcher = { match(date: Date): boolean };

export class Scheduler {
  private readonly matchers = new Map<string, Matcher>();
  private readonly checkedUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly cycles = new Set<Promise<void>>();

  constructor(private readonly deps: SchedulerDeps) {
    const start = deps.now().getTime();
    for (const s of deps.sources) {
      if (!s.cron) continue;
      // createTask only parses: it is never started, so node-cron keeps no timers of its own.
      this.matchers.set(s.name, cron.createTask(s.cron, () => undefined, s.timezone ? { timezone: s.timezone } : {}));
      this.checkedUntil.set(s.name, deps.lastFired?.(s.name)?.getTime() ?? start);
    }
  }

  /** Whether `expr` matched at some minute in (from, to]. */
  private matchedBetween(m: Matcher, from: number, to: number): boolean {
    const minute = 60_000;
    let t = Math.max(Math.floor(from / minute) * minute + minute, to - MAX_SCAN_MS);
    for (; t <= to; t += minute) if (m.match(new Date(t))) return true;
    return false;
  }

  /** Fires what is due now; resolves when the cycle it started has finished (tests await it). */
  tick(): Promise<void> {
    const now = this.deps.now().getTime();
    const due: string[] = [];
    for (const [name, m] of this.matchers) {
      const from = this.checkedUntil.get(name) ?? now;
      if (now <= from) continue;
      if (this.matchedBetween(m, from, now)) due.push(name);
      this.checkedUntil.set(name, now);
    }
    if (due.length === 0) return Promise.resolve();
    const cycle = this.runCycle(due);
    this.cycles.add(cycle);
    void cycle.finally(() => this.cycles.delete(cycle));
    return cycle;
  }

  /** Runs a cycle: the due sources plus, transitively, unscheduled sources that depend on them. */
  private async runCycle(due: string[]): Promise<void> {
    const bySource = new Map(this.deps.sources.map((s) => [s.name, s]));
    const members = new Set(due);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of this.deps.sources) {
        if (!members.has(s.name) && !s.cron && s.dependsOn.some((p) => members.has(p))) {
          members.add(s.name);
          grew = true;
        }
      }
    }
    // A run that could not even be queued counts as not succeeded (its dependents are skipped); the queue logs it.
    await runInDependencyOrder([...members], {
      parentsOf: (name) => bySource.get(name)?.dependsOn ?? [],
      run: (name) => this.deps.run(name),
      skip: (name, failed) => this.deps.skip(name, `${failed.join(', ')} did not succeed in this scheduled cycle`),
    }).catch(() => undefined);
  }

  /** Ticks on real time; a tick after the machine wakes sees the gap and catches up once. */
  start(intervalMs = 15_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.cycles]);
  }
}

/** Problems with a cron expression, for config validation. */
export function cronProblem(expr: string): string | null {
  if (!cron.validate(expr)) return `"${expr}" is not a valid cron expression (e.g. "0 */6 * * *" for every 6 hours)`;
  // Schedules are checked minute by minute; a seconds field would pass and then fire once a minute.
  if (expr.trim().split(/\s+/).length === 6) {
    return `"${expr}" has a seconds field; schedules run at most once a minute, so use five fields (e.g. "* * * * *" for every minute)`;
  }
  return null;
}

/** Every source whose cron expression does not parse, named by its place in the config. */
export function scheduleProblems(
  sources: { schedule?: { cron: string } | undefined; segments?: Record<string, { schedule?: { cron: string } | undefined }> | undefined }[],
): { path: string; message: string }[] {
  return sources.flatMap((s, i) => {
    const why = s.schedule ? cronProblem(s.schedule.cron) : null;
    const own = why ? [{ path: `sources[${i}].schedule.cron`, message: why }] : [];
    const segs = Object.entries(s.segments ?? {}).flatMap(([name, seg]) => {
      const w = seg.schedule ? cronProblem(seg.schedule.cron) : null;
      return w ? [{ path: `sources[${i}].segments.${name}.schedule.cron`, message: w }] : [];
    });
    return [...own, ...segs];
  });
}
