// Errors for people: every failure becomes a sentence and a next step in the chosen language; the raw text stays
// available behind "Details".
import { ApiInputError } from '../../src-shared/api.js';
import type { ErrorClass } from '../../src-shared/domain.js';
import { isMessageKey, type Translate } from '../i18n/index.js';
import { ApiCallError } from '../transport.js';

export interface PeopleError {
  /** What happened, in one sentence. */
  sentence: string;
  /** What to do about it. */
  next: string;
  /** The engine's own text, for the details. */
  raw: string;
}

export interface DescribedError extends PeopleError {
  /** Connectivity problems clear themselves once a later call succeeds; other errors wait to be dismissed. */
  connectivity: boolean;
}

/** Unreachable or refused engine: clears itself once a later call succeeds. */
export function isConnectivity(err: unknown): boolean {
  return err instanceof ApiCallError && (err.kind === 'unreachable' || err.kind === 'unauthorized');
}

/** A failed call to the engine (the app's banner). */
export function describeError(err: unknown, t: Translate): DescribedError {
  if (err instanceof ApiCallError) {
    const raw =
      err.kind === 'rejected' && err.issues.length > 0
        ? `${err.method}: ${err.message} (${err.issues.join('; ')})`
        : `${err.method}: ${err.message}`;
    return {
      sentence: t(`error.call.${err.kind}`),
      next: t(`error.call.${err.kind}.next`),
      raw,
      connectivity: isConnectivity(err),
    };
  }
  if (err instanceof ApiInputError) {
    return { sentence: t('error.call.input'), next: t('error.call.input.next'), raw: err.message, connectivity: false };
  }
  return {
    sentence: t('error.other'),
    next: t('error.other.next'),
    raw: err instanceof Error ? err.message : String(err),
    connectivity: false,
  };
}

/**
 * A run's error: "Ploomes refused the User-Key." + "Check the key in Settings → Sources.". A source kind may have
 * its own sentence (`error.class.auth.ploomes`); otherwise the class's sentence names the source.
 */
export function describeRunError(
  error: { class: ErrorClass; message: string },
  t: Translate,
  source?: { name: string; kind?: string },
): PeopleError {
  const specific = source?.kind ? `error.class.${error.class}.${source.kind}` : '';
  const sentence = isMessageKey(specific)
    ? t(specific)
    : t(`error.class.${error.class}`, { source: source?.name ?? t('common.source') });
  return { sentence, next: t(`error.class.${error.class}.next`), raw: `[${error.class}] ${error.message}` };
}
