// When and how long to wait before retrying a failed request: exponential backoff with full jitter (1 s, 2 s, 4 s,
// 8 s… by default), or the source's Retry-After when it sends one. Only transient failures are retried.
import { setTimeout as delay } from 'node:timers/promises';
import { retryAfterOf, isRetryable } from '../errors.js';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Waits `ms`, or rejects when the signal aborts; injected so tests never wait real seconds. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

/** A Retry-After longer than this fails the run instead; the next scheduled run picks the source up again. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Full jitter: uniform in [floor, min(max, base·2^attempt)]; the floor keeps an unlucky 0 from hot-looping. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const floor = Math.min(ceiling, Math.max(1, Math.round(policy.baseDelayMs / 10)));
  return Math.max(floor, Math.round(random() * ceiling));
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * How long to wait before retry number `attempt` (0-based) of `err`, or null when it must not be retried: the
 * error is permanent (auth, configuration…), retries are used up, or the source asks for a wait beyond reason.
 */
export function retryDelay(
  err: unknown,
  attempt: number,
  policy: RetryPolicy,
  opts: { now?: number; random?: () => number } = {},
): number | null {
  if (attempt >= policy.maxRetries || !isRetryable(err)) return null;
  const raw = retryAfterOf(err);
  if (raw !== undefined) {
    const asked = parseRetryAfter(raw, opts.now ?? Date.now());
    if (asked !== null) {
      if (asked > MAX_RETRY_AFTER_MS) return null;
      // `Retry-After: 0` (or a date in the past) still waits the base delay: never a hot loop against the source.
      return Math.max(asked, policy.baseDelayMs);
    }
  }
  return backoffDelay(attempt, policy, opts.random);
}
