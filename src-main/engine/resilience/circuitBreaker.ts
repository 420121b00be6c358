// One breaker per source: after `threshold` consecutive failed runs it opens and runs fail fast (recorded as
// skipped) until the cool-down ends; then one probe run is let through, which closes it or opens it again.
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  openUntil: string | null;
}

export class CircuitBreaker {
  private failures = 0;
  private openUntil: number | null = null;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.openUntil === null) return 'closed';
    return this.now() >= this.openUntil ? 'half-open' : 'open';
  }

  /** Whether a run may start now; in half-open only one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.openUntil = null;
    this.probing = false;
  }

  onFailure(): void {
    this.failures++;
    this.probing = false;
    // A failed probe re-opens too: failures only reset on a success, so they are still at or past the threshold.
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.cooldownMs;
  }

  /** A run that ended neither way (cancelled, needs review) frees the probe slot without a verdict. */
  release(): void {
    this.probing = false;
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      openUntil: this.openUntil === null ? null : new Date(this.openUntil).toISOString(),
    };
  }
}

/** Gives a breaker the verdict of the run it let through: a success closes it, a failure counts, anything else frees it. */
export function settleBreaker(breaker: CircuitBreaker, status: string): void {
  if (status === 'succeeded') breaker.onSuccess();
  else if (status === 'failed') breaker.onFailure();
  else breaker.release();
}
