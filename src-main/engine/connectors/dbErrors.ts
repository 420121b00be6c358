// Database drivers throw their own errors; these put them in the run's error classes (errors.ts), so a refused
// connection is retried like a network failure and a wrong password or column fails at once, named.
import type { ErrorClass } from '../../../src-shared/domain.js';

/** An error whose class the connector already knows (classifyError takes it as it is). */
export class ClassifiedError extends Error {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClassifiedError';
  }
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT']);

/** PostgreSQL: node error codes, then SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export function pgErrorClass(err: unknown): ErrorClass {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  if (networkCodes.has(code) || /Connection terminated|connection timeout/i.test(message)) return 'network';
  if (code.startsWith('28')) return 'auth'; // invalid authorization / password
  if (code === '42501') return 'auth'; // insufficient privilege
  if (code === '57014') return 'timeout'; // statement timeout
  if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57P') || code === '40001' || code === '40P01') return 'server';
  if (code.startsWith('42') || code.startsWith('22') || code === '3D000' || code === '3F000') return 'configuration';
  return 'unknown';
}

/** MongoDB: the driver's error names and server codes. */
export function mongoErrorClass(err: unknown): ErrorClass {
  const name = err instanceof Error ? err.name : '';
  const code = (err as { code?: unknown } | null)?.code;
  if (/ServerSelection|Network|PoolCleared|Topology/.test(name)) return 'network';
  if (name === 'MongoOperationTimeoutError' || code === 50) return 'timeout';
  if (code === 18 || code === 13 || /Authentication/.test(name)) return 'auth';
  if (name === 'MongoParseError' || name === 'MongoInvalidArgumentError' || code === 2 || code === 26) return 'configuration';
  if (name === 'MongoServerError') return 'server';
  return 'unknown';
}

/** The driver's error as a classified one, its message prefixed with what was being done. */
export function classified(err: unknown, classOf: (e: unknown) => ErrorClass, doing: string): Error {
  if (err instanceof ClassifiedError || (err instanceof Error && err.name === 'AbortError')) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ClassifiedError(classOf(err), `${doing}: ${message}`, { cause: err });
}
