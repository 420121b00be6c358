// Target failures in the sources' error classes (errors.ts), plus what PostgreSQL and bare sockets throw, so a
// push run is retried, backed off and shown exactly like a pull.
import type { ErrorClass } from '../../../src-shared/domain.js';
import { scrubSecrets } from '../config/secrets.js';
import { classifyError, isRetryable } from '../errors.js';

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

export function classifyTargetError(err: unknown): { class: ErrorClass; message: string } {
  const base = classifyError(err);
  if (base.class !== 'unknown') return base;
  const code = (err as { code?: unknown } | null)?.code;
  const message = scrubSecrets(err instanceof Error ? err.message : String(err));
  if (typeof code === 'string') {
    if (networkCodes.has(code)) return { class: 'network', message };
    // SQLSTATE classes: 08 connection, 57 operator intervention (shutdown), 53 resources, 40 serialization/deadlock.
    if (/^(08|57|53|40)/.test(code)) return { class: 'server', message };
    if (/^28/.test(code)) return { class: 'auth', message };
    if (/^(42|22|23|3D|3F)/.test(code)) return { class: 'configuration', message };
  }
  if (/Connection terminated|connect ECONNREFUSED|socket hang up/i.test(message)) return { class: 'network', message };
  return base;
}

export function isTargetRetryable(err: unknown): boolean {
  if (isRetryable(err)) return true;
  const cls = classifyTargetError(err).class;
  return cls === 'network' || cls === 'timeout' || cls === 'rate-limit' || cls === 'server';
}
