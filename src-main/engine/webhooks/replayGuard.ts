// Remembers the notifications a source has accepted for a while, so a repeat (a sender's retry, or someone
// replaying a captured request) is acknowledged without starting another run.
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly max = 100_000,
  ) {}

  /** True when `key` was accepted within the window; otherwise records it and returns false. */
  repeated(key: string, now: number): boolean {
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return true;
    // Entries go in time order with one window, so the expired ones are at the front.
    for (const [k, t] of this.seen) {
      if (t > now && this.seen.size < this.max) break;
      this.seen.delete(k);
    }
    this.seen.delete(key);
    this.seen.set(key, now + this.windowMs);
    return false;
  }
}
