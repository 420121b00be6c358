// Every failure is put in one class, stored on the run and shown in status, so an operator knows whether to wait
// (network, rate-limit, server), fix credentials (auth) or fix the config (configuration).
import { isHTTPError, isRequestError, isTimeoutError } from './http/got.js';
import type { ErrorClass } from '../../src-shared/domain.js';
import { ConfigError } from './config/configError.js';
import { SourceShapeError } from './connectors/restConnector.js';
import { ClassifiedError } from './connectors/dbErrors.js';
import { scrubSecrets } from './config/secrets.js';

export function classifyError(err: unknown): { class: ErrorClass; message: string } {
  const message = scrubSecrets(err instanceof Error ? err.message : String(err));
  if (err instanceof ConfigError) return { class: 'configuration', message };
  if (err instanceof SourceShapeError) return { class: 'validation', message };
  if (err instanceof ClassifiedError) return { class: err.errorClass, message };
  if (isHTTPError(err)) {
    const status = err.response.statusCode;
    const cls: ErrorClass =
      status === 401 || status === 403
        ? 'auth'
        : status === 429
          ? 'rate-limit'
          : status === 408
            ? 'timeout'
            : status >= 500
              ? 'server'
              : 'configuration';
    return { class: cls, message: `${message} (${err.request.requestUrl?.pathname ?? ''})` };
  }
  if (isTimeoutError(err)) return { class: 'timeout', message };
  if (isRequestError(err)) {
    if (err.name === 'AbortError' || err.code === 'ERR_ABORTED') return { class: 'cancelled', message: 'cancelled' };
    if (err.name === 'ParseError') return { class: 'validation', message: `the source sent a page that is not valid JSON: ${message}` };
    return { class: 'network', message };
  }
  if (err instanceof Error && err.name === 'AbortError') return { class: 'cancelled', message: 'cancelled' };
  if (err instanceof Error && err.name === 'SqliteError') return { class: 'database', message };
  return { class: 'unknown', message };
}

/** Transient failures worth another attempt: the network, timeouts, rate limits, 5xx, and a truncated/garbled page. */
export function isRetryable(err: unknown): boolean {
  // The source's pacer already sent it again as often as the retry policy allows.
  if (err instanceof Error && (err as { retriesSpent?: boolean }).retriesSpent) return false;
  if (isRequestError(err) && err.name === 'ParseError') return true;
  // A page cut off or garbled in transit reads as invalid JSON; asking again usually gets the whole page.
  if (err instanceof SourceShapeError && err.message.includes('not valid JSON')) return true;
  const cls = classifyError(err).class;
  return cls === 'network' || cls === 'timeout' || cls === 'rate-limit' || cls === 'server';
}

/** The raw Retry-After header of an HTTP error response, if any. */
export function retryAfterOf(err: unknown): string | undefined {
  if (!isHTTPError(err)) return undefined;
  const value = err.response.headers['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}
