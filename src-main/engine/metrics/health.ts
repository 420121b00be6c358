// Health for monitoring systems: one word (ok | degraded | down) from freshness, breakers and the last runs.
// It reads only what the run history and the breakers already hold, so a one-shot `syncflow health` beside a
// running agent answers the same as the agent's own `GET /health`.
import type { HealthReport, HealthStatus, SourceHealth, SourceStatus } from '../../../src-shared/domain.js';

export interface HealthRules {
  /** Data older than this is stale (alerts.staleAfterHours; 0 turns the check off). */
  staleAfterHours: number;
  /** Consecutive failed runs that open a breaker (resilience.breakerThreshold). */
  breakerThreshold: number;
}

const rank: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

export function worst(statuses: Iterable<HealthStatus>): HealthStatus {
  let out: HealthStatus = 'ok';
  for (const s of statuses) if (rank[s] > rank[out]) out = s;
  return out;
}

/**
 * down: the source cannot sync (breaker open, or as many failures in a row as open one, or it never succeeded and
 * its last run failed). degraded: it can, but the data is stale, the last run failed, or it has not synced yet.
 */
export function sourceHealth(
  source: SourceStatus,
  consecutiveFailures: number,
  rules: HealthRules,
  now: number,
): SourceHealth {
  const down: string[] = [];
  const degraded: string[] = [];
  const breaker = source.breaker?.state ?? 'closed';
  if (breaker !== 'closed') down.push(`circuit breaker ${breaker}`);
  else if (consecutiveFailures >= rules.breakerThreshold) down.push(`${consecutiveFailures} failed runs in a row`);
  const lastFailed = source.lastRun?.status === 'failed';
  if (source.lastSuccessAt === null) {
    if (lastFailed) down.push('never synced successfully; the last run failed');
    else degraded.push('no successful sync yet');
  } else {
    const ageHours = (now - Date.parse(source.lastSuccessAt)) / 3_600_000;
    if (rules.staleAfterHours > 0 && ageHours > rules.staleAfterHours) {
      degraded.push(`data is ${Math.floor(ageHours)} h old (stale after ${rules.staleAfterHours} h)`);
    }
    if (lastFailed) degraded.push('the last run failed');
  }
  const status: HealthStatus = down.length > 0 ? 'down' : degraded.length > 0 ? 'degraded' : 'ok';
  return { name: source.name, status, reasons: [...down, ...degraded], lastSuccessAt: source.lastSuccessAt };
}

export function healthReport(sources: SourceHealth[], now: number): HealthReport {
  return { status: worst(sources.map((s) => s.status)), checkedAt: new Date(now).toISOString(), sources };
}

/** The HTTP status a monitor reads: degraded still serves its catalog, down does not sync. */
export function healthHttpStatus(status: HealthStatus): number {
  return status === 'down' ? 503 : 200;
}

/** Health of every source, counting failures in a row from the stored run history (not this process's memory). */
export function agentHealth(
  statuses: SourceStatus[],
  runs: { recentOutcomes(source: string, limit: number): string[] },
  rules: HealthRules,
  now: number,
): HealthReport {
  const failuresInARow = (source: string) => {
    const recent = runs.recentOutcomes(source, rules.breakerThreshold);
    const firstOther = recent.findIndex((s) => s !== 'failed');
    return firstOther === -1 ? recent.length : firstOther;
  };
  return healthReport(
    statuses.map((s) => sourceHealth(s, failuresInARow(s.name), rules, now)),
    now,
  );
}
