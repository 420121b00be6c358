// The two pieces every batch mover shares, pulls from sources and pushes to targets alike:
//   retryFromCheckpoint(stream, opts): runs a stream of batches, retrying transient failures after backoff from the
//     last committed batch; each commit resets the retry count and yields to the event loop (the pace between batches).
//   checkpointedBatch(db, write, checkpoint): one batch and the position it reached commit in one transaction, so a
//     crash resumes after the last committed batch, never loses one and never applies one twice.
// The per-source circuit breaker gates whole runs: see settleBreaker in resilience/circuitBreaker.ts.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Db } from '../store/database.js';
import { retryDelay, type RetryPolicy, type Sleep } from '../resilience/retryPolicy.js';

export interface RetryLoopOptions {
  retry: RetryPolicy;
  sleep: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each backoff wait (attempt is 1-based); the caller logs and counts it. */
  onRetry: (attempt: number, waitMs: number, err: unknown) => void;
}

/**
 * Runs `stream` to its end. `stream` calls `committed()` after each batch it commits; a transient failure waits
 * the policy's backoff and calls `stream` again, which continues from its own last committed position.
 */
export async function retryFromCheckpoint(
  stream: (committed: () => Promise<void>) => Promise<void>,
  opts: RetryLoopOptions,
): Promise<void> {
  let attempt = 0;
  const committed = async (): Promise<void> => {
    attempt = 0;
    // Prefetched batches resolve as microtasks; without a turn of the event loop between them IPC, timers and
    // the UI would wait for several batches in a row.
    await yieldToLoop();
  };
  for (;;) {
    try {
      await stream(committed);
      return;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const wait = retryDelay(err, attempt, opts.retry, { now: Date.now(), ...(opts.random ? { random: opts.random } : {}) });
      if (wait === null) throw err;
      attempt++;
      opts.onRetry(attempt, wait, err);
      await opts.sleep(wait, opts.signal);
    }
  }
}

/** `write` and `checkpoint` in one transaction: the batch and the position it reached commit together or not at all. */
export function checkpointedBatch<A extends unknown[], R>(
  db: Db,
  write: (...args: A) => R,
  checkpoint: (result: R, ...args: A) => void,
): (...args: A) => R {
  return db.transaction((...args: A): R => {
    const result = write(...args);
    checkpoint(result, ...args);
    return result;
  });
}
