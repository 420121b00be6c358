// Spaces a source's requests at least `intervalMs` apart (Ploomes: 120/min → 500 ms). Pacing instead of bursting
// keeps us under per-second limits too, and with one request in flight per source it is all the queueing needed.
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      };
      // The listener goes when the wait ends: a run makes one wait per request, on one signal.
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export class RateLimiter {
  private nextAt = 0;

  constructor(
    readonly intervalMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  static fromConfig(
    c: { requestsPerMinute?: number | undefined; minIntervalMs?: number | undefined },
    clock?: Clock,
  ): RateLimiter | null {
    const interval = Math.max(c.minIntervalMs ?? 0, c.requestsPerMinute ? Math.ceil(60_000 / c.requestsPerMinute) : 0);
    return interval > 0 ? new RateLimiter(interval, clock) : null;
  }

  /** Resolves when the next request may go out; reserves its slot first so concurrent callers queue in order. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now, signal);
  }
}
