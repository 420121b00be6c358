// What a source that refuses with a bare 429 (no Retry-After, no RateLimit headers) allows, learned from its
// answers alone. Such a vendor accepts at most N requests in a window of W ms it does not publish (fixed or sliding).
// One rule is safe against both kinds once N̂ ≤ N and Ŵ ≥ W: a request goes no earlier than Ŵ after the N̂-th request
// before it (the "N-back" rule: then N̂+1 requests in a row always span at least Ŵ, so no window holds more than N̂).
// Left to itself the rule replays the first burst once a window, so a fast client gets each window's allowance.
// - N̂: the requests accepted before the first bare refusal of a run (the burst that filled the window), or since
//   the last lone refusal (below).
// - Ŵ: bounds from the gaps to the N-back request. A refused request's gap is a lower bound (lo), an accepted one's
//   an upper bound (hi: measured from the N-back request's send, never from the refusal, so never biased short for
//   a sliding window). With no upper bound yet, probes go at gaps lo + 0.25 s, lo + 0.75 s, lo + 2.25 s…
//   (lo: the time the burst that filled the window took); then
//   probes at the middle of [lo, hi] halve the bounds until they are within 5%, and the rest go at hi plus a margin.
// - Against a fixed window an accepted gap is not an upper bound (the burst before may have come late in its window),
//   so hi never goes under lo / 0.95 (lo, from refusals, is sound for both kinds), and once a fixed window shows
//   (below) accepted gaps no longer lower hi at all.
// - A request refused although its gap was at least hi contradicts what was learned. Refused in the middle of a
//   burst, the allowance was overestimated (a first burst that straddled a fixed window's boundary): N̂ goes down to
//   what that burst got accepted; once a whole burst of N̂ was accepted, by 10% at most a time (a sliding window's
//   refusal from a late arrival is not a smaller allowance). Refused as the first of a burst, the window is longer than
//   hi (a fixed window whose burst came late in it): lo becomes that gap and hi 5% above it, then 15%, 45%… while
//   refusals of that kind follow each other.
// - A vendor also refuses now and then for no reason of rate (chaos, a busy node): a refusal teaches only when it
//   follows another with no request accepted in between. A lone one is a strike: before anything is learned the
//   source pauses 250 ms and sends again; after, the request is sent again as the rule allows.
// Every wait this asks for is a finite time computed from the bounds: no request ever waits on another's answer.

export const FIRST_PROBE_MS = 250;
/** Each probe without an upper bound goes this many times further past lo than the one before. */
export const PROBE_GROWTH = 3;
/** Bounds this close (as a share of hi) stop the halving. */
export const CLOSE_ENOUGH = 0.05;
/** Margin over hi for ordinary requests: the vendor times arrivals, not our sends. */
export const MARGIN = 0.01;
export const MARGIN_MS = 25;
/** Send times kept before anything is learned (the first burst's allowance is at most this). */
const KEEP = 100_000;

interface Sent {
  id: number;
  at: number;
  ok: boolean;
}

/** One request's place in the window: its slot, the gap to its N-back request and whether it was a probe. */
export interface WindowTicket {
  id: number;
  at: number;
  gap: number | null;
  probe: boolean;
}

export interface WindowPlan {
  /** Earliest send time. */
  at: number;
  /** The N-back request's send time (null: the rule does not hold this request). */
  from: number | null;
  /** The gap asked for: a probe's, or hi plus the margin. */
  gap: number | null;
  probe: boolean;
}

export type WindowLesson =
  | { kind: 'learned'; limit: number; lo: number }
  | { kind: 'probe'; lo: number }
  | { kind: 'allowance'; limit: number }
  | { kind: 'longer'; lo: number }
  | { kind: 'strike' }
  | { kind: 'none' };

export class WindowPace {
  /** Requests a window accepts (N̂); null until a bare refusal taught it. */
  limit: number | null = null;
  /** Bounds on the window's length in ms. */
  lo = 0;
  hi = Infinity;
  private sent: Sent[] = [];
  private nextId = 1;
  /** Without an upper bound: the gap of the next probe. */
  private probeGap = FIRST_PROBE_MS;
  private probeStep = FIRST_PROBE_MS;
  /** The refining probe in flight (one at a time). */
  private refining: number | null = null;
  /** Send time of the first request of the current burst (one sent after a pause longer than even spacing). */
  private burstFrom = 0;
  /** A request refused as the first of a burst although its gap was at least hi: a fixed window, most likely. */
  private fixed = false;
  /** Against a fixed window: how far past lo hi was set by the last refusal of that kind (0 after an acceptance). */
  private climb = 0;
  /** Send time of a refusal not yet followed by an accepted request (null: the last answer was an acceptance). */
  private strikeAt: number | null = null;
  /** Before anything is learned: accepted requests sent from here count towards the allowance (after a lone refusal). */
  private episodeFrom = -Infinity;
  /** A whole burst of the allowance was accepted since it was learned. */
  private confirmed = false;
  /** Bumped whenever a slot may have come earlier: requests waiting on the rule look again. */
  version = 0;

  /** Requests per ms allowed (Infinity until both an allowance and an upper bound are known). */
  get rate(): number {
    return this.limit !== null && Number.isFinite(this.hi) ? this.limit / this.gapFor(this.hi) : Infinity;
  }

  /** A new run: before anything is learned, its first burst is counted from here. */
  reset(): void {
    if (this.limit !== null) return;
    this.sent = [];
    this.strikeAt = null;
    this.episodeFrom = -Infinity;
  }

  /** The gap ordinary requests keep to their N-back request. */
  gapFor(hi: number): number {
    return hi + Math.max(MARGIN_MS, hi * MARGIN);
  }

  /**
   * When a request asked for at `now` may go. Without an upper bound every request is a probe and takes the next gap
   * of the sequence here; `claim` is the gap it was given before it had to wait (it keeps it when it looks again).
   */
  plan(now: number, claim: number | null = null): WindowPlan {
    const n = this.limit;
    if (n === null || this.sent.length < n) return { at: this.pause(now), from: null, gap: null, probe: false };
    const from = this.sent[this.sent.length - n]!.at;
    let gap: number;
    let probe = true;
    if (!Number.isFinite(this.hi)) {
      if (claim !== null && claim > this.lo) gap = claim;
      else {
        gap = this.probeGap;
        this.probeStep *= PROBE_GROWTH;
        this.probeGap = this.lo + this.probeStep;
      }
    } else if (!this.fixed && this.refining === null && this.hi - this.lo > this.hi * CLOSE_ENOUGH) gap = (this.lo + this.hi) / 2;
    else {
      gap = this.gapFor(this.hi);
      probe = false;
    }
    return { at: Math.max(now, from + gap), from, gap, probe };
  }

  /** How long from `now` the next request would wait (nothing is claimed: for the record of a refusal). */
  nextWait(now: number): number {
    const n = this.limit;
    if (n === null || this.sent.length < n) return this.pause(now) - now;
    const from = this.sent[this.sent.length - n]!.at;
    const gap = Number.isFinite(this.hi) ? this.gapFor(this.hi) : this.probeGap;
    return Math.max(0, from + gap - now);
  }

  /** The request planned goes at `at`. */
  commit(plan: WindowPlan, at: number): WindowTicket {
    const id = this.nextId++;
    const last = this.sent.at(-1);
    if (!last || (this.limit !== null && at - last.at > (Number.isFinite(this.hi) ? this.hi : this.lo) / this.limit))
      this.burstFrom = at;
    this.sent.push({ id, at, ok: false });
    this.prune();
    if (plan.probe && Number.isFinite(this.hi)) this.refining = id;
    return { id, at, gap: plan.from === null ? null : at - plan.from, probe: plan.probe };
  }

  /** An answer that was not a refusal: the request counted in the vendor's window. */
  accepted(t: WindowTicket): void {
    const s = this.find(t.id);
    if (s) s.ok = true;
    if (this.refining === t.id) this.refining = null;
    if (this.strikeAt !== null && t.at > this.strikeAt) {
      this.strikeAt = null;
      // A lone refusal may still have been a full window (a fixed one that turned over during the pause): the next
      // allowance is counted from here, not from the start.
      if (this.limit === null) this.episodeFrom = t.at;
    }
    if (!this.confirmed && this.limit !== null && t.at >= this.burstFrom && Number.isFinite(this.hi))
      this.confirmed = this.sent.filter((x) => x.ok && x.at >= this.burstFrom).length >= this.limit;
    if (t.gap === null || this.limit === null) return;
    if (this.fixed) {
      this.climb = 0;
      return;
    }
    if (t.gap >= this.hi) return;
    // Against a fixed window an accepted gap only says a boundary passed (it can be shorter than the window): hi never
    // goes under what lo, always sound, allows.
    const hi = Math.max(t.gap, this.floor());
    if (hi >= this.hi) return;
    this.hi = hi;
    this.version++;
  }

  /** No answer (network error): it may have counted, so it stays; a refining probe is no longer out. */
  abandoned(t: WindowTicket): void {
    const s = this.find(t.id);
    if (s) s.ok = true;
    if (this.refining === t.id) this.refining = null;
  }

  /** Never sent (aborted while waiting) or refused for another reason: it did not count. */
  forget(t: WindowTicket): void {
    this.sent = this.sent.filter((s) => s.id !== t.id);
    if (this.refining === t.id) this.refining = null;
  }

  /** A bare 429. Returns what it taught. */
  refused(t: WindowTicket): WindowLesson {
    this.forget(t);
    if (this.limit === null) {
      const ok = this.sent.filter((s) => s.ok && s.at >= this.episodeFrom);
      if (ok.length === 0) return { kind: 'none' };
      if (this.strikeAt === null) return this.strike(t);
      this.limit = ok.length;
      this.confirmed = false;
      this.lo = Math.max(0, this.strikeAt - ok[0]!.at);
      this.explore(FIRST_PROBE_MS);
      return { kind: 'learned', limit: this.limit, lo: this.lo };
    }
    // Sent before the allowance was known: it belongs to the burst that taught it.
    if (t.gap === null) return { kind: 'none' };
    if (t.gap < this.hi) {
      this.lo = Math.max(this.lo, t.gap);
      if (this.hi < this.floor()) this.hi = this.floor();
      return { kind: 'probe', lo: this.lo };
    }
    if (this.strikeAt === null) return this.strike(t);
    const inBurst = this.sent.filter((s) => s.ok && s.at >= this.burstFrom && s.at < t.at).length;
    if (inBurst >= 1 && inBurst < this.limit) {
      this.limit = this.confirmed ? Math.max(inBurst, Math.min(this.limit - 1, Math.floor(this.limit * 0.9))) : inBurst;
      return { kind: 'allowance', limit: this.limit };
    }
    this.fixed = true;
    this.lo = Math.max(this.lo, t.gap);
    this.climb = this.climb > 0 ? this.climb * PROBE_GROWTH : this.lo * CLOSE_ENOUGH;
    this.hi = this.lo + this.climb;
    return { kind: 'longer', lo: this.lo };
  }

  private strike(t: WindowTicket): WindowLesson {
    this.strikeAt = t.at;
    return { kind: 'strike' };
  }

  /** Before anything is learned, a lone refusal pauses the source briefly: the window may be full. */
  private pause(now: number): number {
    return this.strikeAt === null ? now : Math.max(now, this.strikeAt + FIRST_PROBE_MS);
  }

  /** The least hi the bounds allow: lo, a refused gap, is under the window; the halving stops this close to it. */
  private floor(): number {
    return this.lo / (1 - CLOSE_ENOUGH);
  }

  /** No upper bound: probes from lo + `step` on. */
  private explore(step: number): void {
    this.hi = Infinity;
    this.refining = null;
    this.probeStep = Math.max(FIRST_PROBE_MS, step);
    this.probeGap = this.lo + this.probeStep;
  }

  private find(id: number): Sent | undefined {
    for (let i = this.sent.length - 1; i >= 0; i--) if (this.sent[i]!.id === id) return this.sent[i];
    return undefined;
  }

  private prune(): void {
    const keep = this.limit === null ? KEEP : this.limit + 256;
    if (this.sent.length > keep * 2) this.sent = this.sent.slice(-keep);
  }
}
