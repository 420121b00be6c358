// What a vendor says about its own rate limit in response headers: the IETF draft's `RateLimit-Limit` /
// `-Remaining` / `-Reset` (or the combined `RateLimit: limit=…, remaining=…, reset=…`) and the older
// `X-RateLimit-*` family, whose reset may be seconds to wait or a Unix time.

export interface RateSignal {
  /** Requests the window allows, when said. */
  limit: number | null;
  /** Requests left in the current window. */
  remaining: number;
  /** Milliseconds until the window resets (or its oldest request leaves it). */
  resetMs: number;
}

type Headers = Record<string, string | string[] | undefined>;

const first = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

const num = (v: string | undefined): number | null => {
  if (v === undefined) return null;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** A reset value in ms from now: delta seconds, or a Unix time in seconds or milliseconds (GitHub-style). */
export function resetToMs(value: number, now: number): number {
  if (value > 1e12) return Math.max(0, value - now);
  if (value > 1e9) return Math.max(0, value * 1000 - now);
  return value * 1000;
}

/** The vendor's own rate signal in these headers, or null when it sends none (or an unreadable one). */
export function readRateSignal(headers: Headers, now: number): RateSignal | null {
  const combined = first(headers, 'ratelimit');
  if (combined) {
    const part = (k: string) => num(new RegExp(`(?:^|[,;\\s])${k}=(\\d+(?:\\.\\d+)?)`).exec(combined)?.[1]);
    const remaining = part('remaining');
    const reset = part('reset');
    if (remaining !== null && reset !== null) return { limit: part('limit'), remaining, resetMs: resetToMs(reset, now) };
  }
  for (const prefix of ['ratelimit-', 'x-ratelimit-']) {
    const remaining = num(first(headers, `${prefix}remaining`));
    const reset = num(first(headers, `${prefix}reset`));
    if (remaining === null || reset === null) continue;
    return { limit: num(first(headers, `${prefix}limit`)), remaining, resetMs: resetToMs(reset, now) };
  }
  return null;
}
