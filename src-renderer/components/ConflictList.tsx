// Problems → Conflicts: every catalog record waiting for an operator's pick, newest first (listConflicts), each
// with its per-field choice (ConflictReview). Reloaded live: when a run ends and when a conflict alert opens or
// resolves (the engine raises one as the count of open conflicts grows).
import type { Alert } from '../../src-shared/domain.js';
import { useT } from '../i18n/index.js';
import { useEngineEvent } from '../lib/hooks.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';
import { ConflictReview } from './ConflictReview.js';

const LIMIT = 50;

export function ConflictList(p: { now: number }) {
  const t = useT();
  const conflicts = useReload(() => syncflow.listConflicts({ limit: LIMIT }), []);
  const onAlert = (a: Alert) => {
    if (a.kind === 'conflict') conflicts.reload();
  };
  useEngineEvent('runFinished', conflicts.reload);
  useEngineEvent('alert', onAlert);
  useEngineEvent('alertResolved', onAlert);
  const list = conflicts.value ?? [];
  return (
    <section aria-labelledby="conflicts-title" data-testid="conflicts" data-section="conflicts">
      <h2 id="conflicts-title">{t('conflicts.title')}</h2>
      {list.length > 0 ? (
        <>
          <p className="muted" data-testid="conflicts-total">
            {t('conflicts.count', { count: list.length })}
          </p>
          {list.map((c) => (
            <ConflictReview key={`${c.id}:${c.updatedAt}`} conflict={c} now={p.now} onChanged={conflicts.reload} />
          ))}
        </>
      ) : (
        <p className="empty">{t('conflicts.empty')}</p>
      )}
    </section>
  );
}
