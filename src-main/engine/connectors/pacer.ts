// A source's adaptive pace (AIMD). Every request of the source (pages in flight ahead included) takes its slot
// here. The pace starts at the configured limit, or unpaced, and follows the vendor's own signals: RateLimit
// headers cap it, a 429/503 cuts it to what the vendor was seen to serve (its Retry-After tells over how long),
// slowing answers cut it by a tenth (for the rest of the run: the next one starts from before that cut), and while
// the vendor stays healthy and the pace is what holds us back it creeps up additively to probe for more. A refused
// request waits and is sent again here, so pages fetched ahead are not thrown away; after `policy.maxRetries`
// refusals in a row the error goes to the run's retry policy. A bare 429 (no Retry-After, no RateLimit headers)
// teaches the vendor's hidden window instead (windowPace.ts).
import type { HTTPError } from 'got';
import { isHTTPError } from '../http/got.js';
import type { PaceExplanation, PaceRetry } from '../../../src-shared/runExplanation.js';
import {
  backoffDelay,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type RetryPolicy,
  type Sleep,
} from '../resilience/retryPolicy.js';
import { realClock, type Clock } from './rateLimit.js';
import { readRateSignal } from './rateSignals.js';
import { CLOSE_ENOUGH, WindowPace, type WindowLesson, type WindowTicket } from './windowPace.js';

/** Growth per second of healthy paced sending, as a share of the pace last set by a signal. */
export const INCREASE_PER_SECOND = 0.005;
/** Cut applied to a pace that drew a refusal without a better estimate. */
export const BACKOFF = 0.7;
/** Margin kept under a limit estimated from a refusal and its Retry-After. */
export const ESTIMATE_MARGIN = 0.98;
/** Cut after a refusal that ends a healthy stretch (the pace had crept just past the limit). */
export const STEADY_BACKOFF = 0.97;
/** Answers this much slower than the best seen (and over 200 ms) count as the vendor straining. */
const SLOW_FACTOR = 4;
const MAX_CHANGES = 20;

export interface PaceRunSettings {
  /** Waits before a refused request is sent again (injected in tests; spacing waits always use the clock). */
  sleep: Sleep;
  policy: RetryPolicy;
  random?: () => number;
}

const perMinute = (perMs: number): number | null =>
  Number.isFinite(perMs) ? Math.round(perMs * 60_000 * 10) / 10 : null;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A request's slot: when it went, and its place in a bare-429 vendor's window. */
export interface PaceTicket {
  sentAt: number;
  window: WindowTicket;
}

export class Pacer {
  /** Requests per ms; Infinity = unpaced. */
  private rate: number;
  private readonly ceiling: number;
  /** The pace last set by a signal: the additive step is a share of it. */
  private reference: number;
  private nextAt = 0;
  private pausedUntil = 0;
  /** A header-reported allowance (requests per ms) from the latest answer; caps the pace. */
  private hint = Infinity;
  private inFlight = 0;
  /** Accepted answers since the last cut (or the start) and when that span began. */
  private accepted = 0;
  private markAt: number;
  private lastCutAt = -Infinity;
  private lastGrowAt: number;
  /** The latest request had to wait for its slot: the pace, not the caller, is what limits. */
  private limited = false;
  private latency: number | null = null;
  private bestLatency = Infinity;
  private samples = 0;
  /**
   * The pace before this run's first cut for slow answers (null: none since the last refusal). Slow answers are a
   * moment's strain (on a shared machine, even our own CPU use), not a limit: the next run starts from here again,
   * while what refusals taught carries over.
   */
  private beforeSlowCut: number | null = null;
  /** The allowance and window of a vendor that refuses with a bare 429. */
  readonly window = new WindowPace();
  /** Wakes requests held by the window when what was learned lets them go earlier. */
  private wake = new AbortController();
  /** The longest single wait the window asked for (tests bound it by what was learned). */
  longestWindowWait = 0;
  private notedHi = Infinity;
  private run: {
    settings: PaceRunSettings;
    started: number;
    explanation: PaceExplanation;
    min: number;
    max: number;
  } | null = null;

  constructor(
    readonly configuredRpm: number | null,
    private readonly clock: Clock = realClock,
  ) {
    this.ceiling = configuredRpm ? configuredRpm / 60_000 : Infinity;
    this.rate = this.ceiling;
    this.reference = this.rate;
    this.markAt = this.lastGrowAt = clock.now();
  }

  static fromConfig(
    c: { requestsPerMinute?: number | undefined; minIntervalMs?: number | undefined },
    clock?: Clock,
  ): Pacer {
    const fromInterval = c.minIntervalMs ? 60_000 / c.minIntervalMs : Infinity;
    const rpm = Math.min(c.requestsPerMinute ?? Infinity, fromInterval);
    return new Pacer(Number.isFinite(rpm) ? rpm : null, clock);
  }

  /** Requests per minute the source is held to now (null: unpaced). */
  get currentRpm(): number | null {
    return perMinute(this.effective());
  }

  private effective(): number {
    return Math.min(this.rate, this.hint, this.window.rate);
  }

  /** A run begins: its refusals, waits and pace changes are recorded from here. */
  beginRun(settings: PaceRunSettings): void {
    if (this.beforeSlowCut !== null) {
      this.rate = this.reference = this.beforeSlowCut;
      this.beforeSlowCut = null;
    }
    // Latency is judged within a run: an earlier run's average says nothing about the vendor now.
    this.latency = null;
    this.samples = 0;
    // So is the rate it served, which a cut starts from: counted since the pacer's last cut, it spanned earlier runs
    // and the idle time between them (a 1M re-sync's slow-answer cut fell to 3,098 a minute from ~10,000 served).
    this.accepted = 0;
    this.markAt = Math.max(this.markAt, this.clock.now());
    const rpm = this.currentRpm;
    const learned = this.rate !== this.ceiling || Number.isFinite(this.window.rate);
    this.window.reset();
    const why =
      learned && rpm !== null
        ? `the pace an earlier run learned from the source (${rpm} a minute)`
        : this.configuredRpm
          ? `the configured limit of ${this.configuredRpm} requests a minute`
          : 'no configured limit: as fast as the source answers until it signals a limit';
    this.run = {
      settings,
      started: this.clock.now(),
      min: this.effective(),
      max: this.effective(),
      explanation: {
        startRpm: rpm,
        endRpm: rpm,
        minRpm: rpm,
        maxRpm: rpm,
        configuredRpm: this.configuredRpm,
        why,
        requests: 0,
        refusals: 0,
        resent: 0,
        changes: [],
        retries: [],
      },
    };
  }

  /** What the pace did during the run begun last. */
  explain(): PaceExplanation | null {
    if (!this.run) return null;
    const e = this.run.explanation;
    return { ...e, endRpm: this.currentRpm, minRpm: perMinute(this.run.min), maxRpm: perMinute(this.run.max) };
  }

  /**
   * Waits for this request's slot; returns when it was sent (pass it to `answered`/`refused`). `resend`: a refused
   * request that has waited out the source's pause, which the pause therefore no longer holds back.
   */
  async acquire(signal?: AbortSignal, resend = false): Promise<PaceTicket> {
    let claim: number | null = null;
    for (;;) {
      const now = this.clock.now();
      if (resend) this.pausedUntil = Math.min(this.pausedUntil, now);
      const plan = this.window.plan(now, claim);
      if (plan.probe && !Number.isFinite(this.window.hi)) claim = plan.gap;
      const at = Math.max(now, this.pausedUntil, this.nextAt);
      if (plan.at > at) {
        await this.waitForWindow(plan.at - now, signal);
        continue;
      }
      const rate = Math.min(this.rate, this.hint);
      this.nextAt = Number.isFinite(rate) ? at + 1 / rate : at;
      this.limited = at > now;
      this.inFlight++;
      const ticket = this.window.commit(plan, at);
      if (at > now)
        await this.clock.sleep(at - now, signal).catch((err: unknown) => {
          this.inFlight--;
          this.window.forget(ticket);
          throw err;
        });
      if (this.run) this.run.explanation.requests++;
      return { sentAt: this.clock.now(), window: ticket };
    }
  }

  /**
   * The vendor's window holds the request: a finite wait (at most the gap asked for), cut short when what was learned
   * lets it go earlier; the caller then looks again. Never a wait on another request's answer.
   */
  private async waitForWindow(ms: number, signal?: AbortSignal): Promise<void> {
    this.longestWindowWait = Math.max(this.longestWindowWait, ms);
    const both = signal ? AbortSignal.any([signal, this.wake.signal]) : this.wake.signal;
    try {
      await this.clock.sleep(ms, both);
    } catch (err) {
      if (signal?.aborted) throw err;
    }
  }

  /** A request that ended without an answer (network error, abort). */
  abandoned(sent?: PaceTicket): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (sent) this.window.abandoned(sent.window);
  }

  /** An answer that was not a refusal. */
  answered(sent: PaceTicket, headers: Record<string, string | string[] | undefined>): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const now = this.clock.now();
    const sentAt = sent.sentAt;
    this.accepted++;
    const hi = this.window.hi;
    this.window.accepted(sent.window);
    if (this.window.hi < hi) this.wakeWaiting();
    // Noted when it first bounds the window and when it moved by more than the bounds' closeness since last noted.
    if (this.window.hi < this.notedHi * (1 - CLOSE_ENOUGH)) {
      this.notedHi = this.window.hi;
      this.track();
      this.change(
        now,
        `a request ${secs(this.window.hi)} after the ${ordinal(this.window.limit!)} before it was accepted: the source allows about ${this.window.limit} requests per ${secs(this.window.hi)}`,
      );
    }
    this.readHeaders(headers, now);
    const took = now - sentAt;
    this.latency = this.latency === null ? took : this.latency * 0.8 + took * 0.2;
    if (++this.samples >= 5) this.bestLatency = Math.min(this.bestLatency, this.latency);
    if (
      this.samples > 10 &&
      this.latency > 200 &&
      this.latency > SLOW_FACTOR * this.bestLatency &&
      now - this.lastCutAt > 10 * this.latency
    ) {
      const observed = this.accepted / Math.max(1, now - this.markAt);
      const cut = Number.isFinite(this.rate) ? this.rate * 0.9 : observed * 0.9;
      this.beforeSlowCut ??= this.rate;
      this.cut(cut, now, `answers slowed to ${Math.round(this.latency)} ms (best ${Math.round(this.bestLatency)} ms)`);
      return;
    }
    this.grow(now);
  }

  /**
   * A 429 or 503 answer: cuts the pace once per episode, pauses the source for its Retry-After, and returns how
   * long to wait before sending the request again, or null when it should not be (too many refusals in a row,
   * or a wait beyond reason).
   */
  refused(res: RefusedAnswer, sent: PaceTicket, attempt: number): number | null {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const now = this.clock.now();
    const sentAt = sent.sentAt;
    const status = res.statusCode;
    const retryAfter = parseRetryAfter(header(res.headers['retry-after']), Date.now());
    if (this.run) this.run.explanation.refusals++;
    this.readHeaders(res.headers, now);
    if (status === 429 && retryAfter === null && !readRateSignal(res.headers, Date.now())) {
      const lesson = this.window.refused(sent.window);
      if (this.window.limit !== null || lesson.kind === 'strike') return this.refusedBare(lesson, now);
    } else this.window.forget(sent.window);
    // Refusals of requests sent before the last cut belong to the episode that caused it, and one with nothing
    // accepted since (a request sent again the moment the pause ended) teaches nothing new.
    if (sentAt >= this.lastCutAt && this.accepted > 0) {
      const span = now - this.markAt;
      const observed = this.accepted / Math.max(1, span);
      // The pace itself when it was what held requests back (it crept just past the limit), else what was served.
      const paced = Number.isFinite(this.rate) && this.limited ? this.rate : Math.min(this.rate, observed);
      let next: number | null = null;
      let why = '';
      if (retryAfter !== null && retryAfter >= span && this.accepted >= 10) {
        // A burst the vendor answers with a long wait: what it accepted, spread over the span and the wait.
        const estimate = this.accepted / (span + retryAfter);
        next = estimate * ESTIMATE_MARGIN;
        why = `HTTP ${status} after ${this.accepted} accepted request(s) in ${(span / 1000).toFixed(1)} s, Retry-After ${(retryAfter / 1000).toFixed(1)} s: the source serves about ${perMinute(estimate)} a minute`;
      } else if (retryAfter === null) {
        next = paced * BACKOFF;
        why = `HTTP ${status} without Retry-After after ${this.accepted} accepted request(s) in ${(span / 1000).toFixed(1)} s: pace cut by ${Math.round((1 - BACKOFF) * 100)}%`;
      } else if (this.accepted >= 10) {
        // Refused after a healthy stretch: the pace crept just past the limit, so back to just under it.
        next = paced * STEADY_BACKOFF;
        why = `HTTP ${status} after ${this.accepted} accepted request(s) in ${(span / 1000).toFixed(1)} s (${perMinute(observed)} a minute): pace cut by ${Math.round((1 - STEADY_BACKOFF) * 100)}%`;
      }
      // Otherwise too little was seen to learn from (or a short wait right after a pause, the vendor's window still
      // holding the burst before it): the request just waits as asked.
      if (next !== null) {
        this.beforeSlowCut = null;
        this.cut(next, now, why);
        this.markAt = now + (retryAfter ?? 0);
      }
    }
    const policy = this.run?.settings.policy;
    if (!policy || attempt >= policy.maxRetries) return null;
    if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_MS) return null;
    // `Retry-After: 0` still waits the base delay: never a hot loop against the source.
    const wait =
      retryAfter !== null ? retryAfter || policy.baseDelayMs : backoffDelay(attempt, policy, this.run?.settings.random);
    this.pausedUntil = Math.max(this.pausedUntil, now + wait);
    const cause = `HTTP ${status}${retryAfter !== null ? ` with Retry-After ${(retryAfter / 1000).toFixed(1)} s` : ''}`;
    this.noteRetry({ cause, waitMs: wait });
    return wait;
  }

  /**
   * A bare 429 once the window's allowance is known: the request is sent again when the window lets it (acquire
   * waits for that), so the wait here is 0. Probing takes refusals by design, so `maxRetries` does not apply; every
   * such refusal teaches something (see WindowPace.refused), and a wait beyond reason still gives up.
   */
  private refusedBare(lesson: WindowLesson, now: number): number | null {
    const w = this.window;
    if (lesson.kind === 'learned') {
      this.notedHi = Infinity;
      this.cutAt(now);
      this.change(
        now,
        `HTTP 429 without Retry-After after ${lesson.limit} accepted request(s) in ${secs(lesson.lo)}: the source's window is full; probing for its end`,
      );
    } else if (lesson.kind === 'allowance') {
      this.cutAt(now);
      this.change(now, `HTTP 429 without Retry-After in the middle of a burst: the source allows at most ${lesson.limit} requests a window`);
    } else if (lesson.kind === 'longer') {
      this.notedHi = Infinity;
      this.cutAt(now);
      this.change(now, `HTTP 429 without Retry-After although the window looked over: it is longer than ${secs(lesson.lo)}; probing for its end`);
    }
    const wait = w.nextWait(now);
    if (wait > MAX_RETRY_AFTER_MS) return null;
    this.noteRetry({ cause: "HTTP 429 without Retry-After (the source's window is full)", waitMs: Math.round(wait) });
    return 0;
  }

  private cutAt(now: number): void {
    this.accepted = 0;
    this.markAt = now;
    this.lastCutAt = now;
    this.track();
  }

  private wakeWaiting(): void {
    this.wake.abort();
    this.wake = new AbortController();
  }

  /** The injected wait for a refused request (tests record it). */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return (this.run?.settings.sleep ?? this.clock.sleep)(ms, signal);
  }

  private noteRetry(r: PaceRetry): void {
    if (!this.run) return;
    this.run.explanation.resent++;
    const list = this.run.explanation.retries;
    if (list.length < 50) list.push(r);
  }

  private readHeaders(headers: Record<string, string | string[] | undefined>, now: number): void {
    const signal = readRateSignal(headers, Date.now());
    if (!signal) return;
    const left = signal.remaining - this.inFlight;
    // Nothing left: wait for the reset; otherwise spread what is left over the time to it.
    if (left <= 0) this.pausedUntil = Math.max(this.pausedUntil, now + signal.resetMs);
    else this.hint = Math.min(left / Math.max(signal.resetMs, 1), this.ceiling);
    this.track();
    if (this.run && this.run.explanation.changes.length === 0) {
      this.change(
        now,
        `the source's RateLimit headers (${signal.remaining} left, reset in ${(signal.resetMs / 1000).toFixed(1)} s) set the pace`,
      );
    }
  }

  private grow(now: number): void {
    const elapsed = now - this.lastGrowAt;
    this.lastGrowAt = now;
    if (!Number.isFinite(this.rate) || !this.limited || now < this.pausedUntil) return;
    if (this.latency !== null && this.latency > 2 * this.bestLatency && this.latency > 200) return;
    this.rate = Math.min(this.ceiling, this.rate + this.reference * INCREASE_PER_SECOND * (elapsed / 1000));
    this.track();
  }

  private cut(rate: number, now: number, why: string): void {
    this.rate = Math.max(rate, 1 / 60_000);
    this.reference = this.rate;
    this.lastCutAt = now;
    this.lastGrowAt = now;
    this.accepted = 0;
    this.markAt = now;
    this.nextAt = Math.max(this.nextAt, now + 1 / this.rate);
    this.track();
    this.change(now, why);
  }

  private change(now: number, why: string): void {
    const list = this.run?.explanation.changes;
    if (!list || !this.run) return;
    if (list.length < MAX_CHANGES) list.push({ atMs: Math.round(now - this.run.started), rpm: this.currentRpm, why });
  }

  private track(): void {
    if (!this.run) return;
    const r = this.effective();
    this.run.min = Math.min(this.run.min, r);
    this.run.max = Number.isFinite(this.run.max) ? Math.max(this.run.max, r) : this.run.max;
  }
}

export interface RefusedAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
}

export function isRefusal(err: unknown): err is HTTPError {
  return isHTTPError(err) && (err.response.statusCode === 429 || err.response.statusCode === 503);
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
