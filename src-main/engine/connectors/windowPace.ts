// What a source that refuses with a bare 429 (no Retry-After, no RateLimit headers) allows, learned from its
// refusals alone. Such a vendor counts requests in a window it does not publish (fixed or sliding). The first refusal
// after a run of accepted requests says the window is full: what it accepted is the window's allowance. Requests are
// then held back and the window's end is probed: one request at a time, at doubling intervals after the refusal
// (0.25 s, then 0.5 s more…), until one is accepted. That bounds the window's length from above, the last refused
// probe from below. (Probing from the refusal, not from the window's start, keeps a lone 429 after a long healthy
// stretch from costing a wait as long as that stretch.)
// Every later window sends its allowance at once and opens with one probe at the middle of the bounds, halving
// them, until they are within 2%; windows then open at the upper bound. Exponential backoff would instead wait
// blindly (too long, or too short and refused again), and spreading requests evenly gives up the first window.
// A refusal inside a window starts the learning again from that window (a sliding window drifted, the allowance
// shrank, or it was a lone refusal: then the probe 0.25 s later is accepted and the window learned is about the pace
// that was being served, never a collapse to a few requests per long window).

/** The first probe goes this long after the first refusal; each refused one doubles the interval. */
export const FIRST_PROBE_MS = 250;
/** Bounds this close (as a share of the upper one) stop the halving. */
const CLOSE_ENOUGH = 0.02;
/** A probe refused at the upper bound moves it this much further (the window grew, or a sliding one drifted). */
const WIDEN = 1.1;

interface Probe {
  at: number;
  done: Promise<void>;
  resolve: () => void;
}

export type WindowSlot = { at: number } | { after: Promise<void> } | null;

export class WindowPace {
  /** Requests a window accepts; null until a bare refusal taught it. */
  limit: number | null = null;
  /** Bounds on the window's length in ms: a refused probe's time from the window's start below, an accepted one's above. */
  lo = 0;
  hi = Infinity;
  /** When the current window's first request was sent. */
  private start = 0;
  private granted = 0;
  private acceptedIn = 0;
  /** Before anything is learned: the first accepted request and how many were accepted since. */
  private firstAt: number | null = null;
  private acceptedBefore = 0;
  private probe: Probe | null = null;
  /** While no probe was accepted yet: the interval from the last refusal to the next probe. */
  private step = FIRST_PROBE_MS;

  /** Requests per ms the learned window allows (Infinity until both an allowance and an upper bound are known). */
  get rate(): number {
    return this.limit !== null && Number.isFinite(this.hi) ? this.limit / this.hi : Infinity;
  }

  /** How long after a window's start the next one opens. */
  private span(): number {
    if (!Number.isFinite(this.hi)) return this.lo + this.step;
    return this.hi - this.lo > this.hi * CLOSE_ENOUGH ? (this.lo + this.hi) / 2 : this.hi;
  }

  /** When the next window opens (the next probe goes out). */
  get nextOpen(): number {
    return this.start + this.span();
  }

  /**
   * A request that would go out at `at`: null = it may (inside the window's allowance); `{at}` = it is the probe
   * that opens the next window, sent then; `{after}` = a probe is out, ask again once it is answered.
   */
  slot(at: number): WindowSlot {
    if (this.limit === null) return null;
    if (this.probe) return { after: this.probe.done };
    if (this.granted < this.limit && at < this.start + this.hi) {
      this.granted++;
      return null;
    }
    const open = this.granted < this.limit ? at : Math.max(at, this.nextOpen);
    let resolve = () => {};
    const done = new Promise<void>((r) => (resolve = r));
    this.probe = { at: open, done, resolve };
    return { at: open };
  }

  /** The probe never got an answer (network error, abort): the next request probes again. */
  cancel(sentAt?: number): void {
    if (this.probe && (sentAt === undefined || sentAt >= this.probe.at)) this.settle();
  }

  /** An accepted request (any answer that was not a refusal). */
  accepted(sentAt: number): void {
    if (this.limit === null) {
      this.firstAt ??= sentAt;
      this.acceptedBefore++;
      return;
    }
    if (this.probe && sentAt >= this.probe.at) {
      this.hi = Math.min(this.hi, sentAt - this.start);
      if (this.lo >= this.hi) this.lo = this.hi * 0.9;
      this.start = sentAt;
      this.granted = 1;
      this.acceptedIn = 1;
      this.settle();
      return;
    }
    if (sentAt >= this.start) this.limit = Math.max(this.limit, ++this.acceptedIn);
  }

  /**
   * A bare 429 of a request sent at `sentAt`: returns when the next window opens, or null when nothing can be
   * learned from it (nothing was accepted yet).
   */
  refused(sentAt: number): { learned: boolean; openAt: number } | null {
    if (this.limit === null) {
      if (this.firstAt === null) return null;
      this.learn(this.firstAt, this.acceptedBefore, sentAt);
      return { learned: true, openAt: this.nextOpen };
    }
    if (this.probe && sentAt >= this.probe.at) {
      this.lo = Math.max(this.lo, sentAt - this.start);
      if (!Number.isFinite(this.hi)) this.step *= 2;
      else if (this.lo >= this.hi) this.hi = this.lo * WIDEN;
      this.settle();
    } else if (sentAt >= this.start && !this.probe) {
      const again = Number.isFinite(this.hi) || this.granted < this.limit;
      this.learn(this.start, Math.max(1, this.acceptedIn), sentAt);
      return { learned: again, openAt: this.nextOpen };
    }
    return { learned: false, openAt: this.nextOpen };
  }

  /** The window that began at `start` is full after `accepted` requests: probe for its end. */
  private learn(start: number, accepted: number, refusedSentAt: number): void {
    this.start = start;
    this.limit = accepted;
    this.acceptedIn = accepted;
    this.granted = accepted;
    this.lo = Math.max(0, refusedSentAt - start);
    this.hi = Infinity;
    this.step = FIRST_PROBE_MS;
  }

  private settle(): void {
    const p = this.probe;
    this.probe = null;
    p?.resolve();
  }
}
