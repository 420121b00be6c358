// Why a run went as it did, as recorded by the engine: the strategy and why, each retry with its cause and wait,
// quarantined records by rule, deletes and how they were proven, and the pace. `explainRun` says it in sentences
// (English; the CLI prints them and the History detail shows them).

export interface PaceRetry {
  /** What was refused or failed (`HTTP 429 with Retry-After 2.0 s`, `[network] socket hang up`). */
  cause: string;
  waitMs: number;
}

export interface PaceChange {
  /** Milliseconds into the run. */
  atMs: number;
  /** The pace after the change, requests a minute; null when unpaced. */
  rpm: number | null;
  why: string;
}

export interface PaceExplanation {
  /** Requests a minute at the start, the end, the slowest and fastest; null means unpaced. */
  startRpm: number | null;
  endRpm: number | null;
  minRpm: number | null;
  maxRpm: number | null;
  configuredRpm: number | null;
  /** Why the run started at that pace. */
  why: string;
  requests: number;
  /** Answers that refused a request (429, 503). */
  refusals: number;
  changes: PaceChange[];
  /** Refused requests sent again by the pacer; the first 50 are listed with the wait before each. */
  resent: number;
  retries: PaceRetry[];
}

export interface RunExplanation {
  strategy: { chosen: string; reason: string; changedFrom?: { strategy: string; reason: string } };
  /** Retries of the run's listing from its last committed page. */
  retries: (PaceRetry & { fromRecord: number })[];
  /** Quarantined records grouped by the rule that failed, with one example reason. */
  quarantined: { rule: string; count: number; example: string }[];
  deletes: { count: number; proof: string | null; skipped: string | null; review: string | null };
  pace: PaceExplanation | null;
}

const s = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const secs = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
const pace = (rpm: number | null) => (rpm === null ? 'unpaced' : `${rpm} requests a minute`);

/** The explanation in plain sentences, in the order an operator asks: why this, what went wrong, what changed. */
export function explainRun(e: RunExplanation): string[] {
  const out: string[] = [];
  const st = e.strategy;
  out.push(
    st.changedFrom
      ? `It began as a ${st.changedFrom.strategy} sync (${st.changedFrom.reason}) and became a ${st.chosen} sync: ${st.reason}.`
      : `It ran as a ${st.chosen} sync because of this: ${st.reason}.`,
  );
  const p = e.pace;
  if (p) {
    let line = `Pace: it started ${pace(p.startRpm)} (${p.why}) and ended ${pace(p.endRpm)}`;
    if (p.minRpm !== null && p.minRpm !== p.endRpm) line += `, ${p.minRpm} a minute at its slowest`;
    line += `; ${s(p.requests, 'request')}, ${s(p.refusals, 'refusal')} by the source.`;
    out.push(line);
    for (const c of p.changes) out.push(`At ${secs(c.atMs)} the pace became ${pace(c.rpm)}: ${c.why}.`);
  }
  const retries = [...(p?.retries ?? []).map((r) => ({ ...r, where: 'sent again' })), ...e.retries.map((r) => ({ ...r, where: `listing resumed at record ${r.fromRecord}` }))];
  if (retries.length === 0) out.push('Nothing had to be retried.');
  else {
    const waited = retries.reduce((t, r) => t + r.waitMs, 0);
    const count = (p?.resent ?? 0) + e.retries.length;
    out.push(`${s(count, 'retry', 'retries')}, ${secs(waited)} of waiting${count > retries.length ? ' in the ones listed' : ' in all'}:`);
    for (const r of retries.slice(0, 20)) out.push(`  after ${r.cause}, waited ${secs(r.waitMs)} (${r.where}).`);
    if (retries.length > 20) out.push(`  … and ${retries.length - 20} more.`);
  }
  if (e.quarantined.length === 0) out.push('No record was quarantined.');
  else {
    const total = e.quarantined.reduce((t, q) => t + q.count, 0);
    out.push(`${s(total, 'record was', 'records were')} quarantined:`);
    for (const q of e.quarantined) out.push(`  ${q.count} by rule ${q.rule} (for example: ${q.example}).`);
  }
  const d = e.deletes;
  if (d.review) out.push(`Deletes wait for review: ${d.review}.`);
  else if (d.skipped) out.push(`No record was deleted: ${d.skipped}.`);
  else if (d.count > 0) out.push(`${s(d.count, 'record was', 'records were')} deleted, ${d.proof ?? 'proof not recorded'}.`);
  else out.push('No record was deleted.');
  return out;
}
