// Turns a failed call into the one line the error banner shows.
import { ApiInputError } from '../../src-shared/api.js';
import { ApiCallError } from '../transport.js';

export interface DescribedError {
  message: string;
  /** Connectivity problems clear themselves once a later call succeeds; other errors wait to be dismissed. */
  connectivity: boolean;
}

export function describeError(err: unknown): DescribedError {
  if (err instanceof ApiCallError) {
    switch (err.kind) {
      case 'unreachable':
        return { message: `Engine unreachable: ${err.message}`, connectivity: true };
      case 'unauthorized':
        return {
          message: `Not authorized: ${err.message}. Open the address printed by "syncflow serve"; it carries the access token.`,
          connectivity: true,
        };
      case 'protocol':
        return { message: `Unexpected answer from the engine (${err.method}): ${err.message}`, connectivity: false };
      case 'rejected': {
        const issues = err.issues.length > 0 ? ` (${err.issues.join('; ')})` : '';
        return { message: `${err.method} failed: ${err.message}${issues}`, connectivity: false };
      }
    }
  }
  if (err instanceof ApiInputError) return { message: err.message, connectivity: false };
  return { message: err instanceof Error ? err.message : String(err), connectivity: false };
}
