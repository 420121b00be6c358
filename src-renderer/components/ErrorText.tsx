import type { PeopleError } from '../lib/errors.js';
import { useT } from '../i18n/index.js';

/** A sentence, what to do next, and the raw text folded away behind "Details". */
export function ErrorText({ error, className }: { error: PeopleError; className?: string }) {
  const t = useT();
  return (
    <div className={`people-error ${className ?? ''}`} data-testid="people-error">
      <span className="people-error-sentence">{error.sentence}</span>{' '}
      <span className="people-error-next">{error.next}</span>
      <details className="people-error-details">
        <summary>{t('common.details')}</summary>
        <code className="mono">{error.raw}</code>
      </details>
    </div>
  );
}
