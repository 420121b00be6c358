import { useT } from '../i18n/index.js';
import type { SourceActions as Actions } from '../lib/sourceActions.js';
import { PauseMenu } from './PauseMenu.js';

/** Sync, full sync or stop one source, and hold (for a while) or release its automatic runs. */
export function SourceActions({
  source,
  running,
  paused,
  actions,
}: {
  source: string;
  running: boolean;
  paused: boolean;
  actions: Actions;
}) {
  const t = useT();
  const pending = (a: Parameters<Actions['pending']>[1]): boolean => actions.pending(source, a);
  return (
    <div className="row-actions">
      {running ? (
        <button
          type="button"
          className="btn btn-small btn-danger"
          aria-label={t('source.stop.label', { source })}
          disabled={pending('stop')}
          onClick={() => void actions.act(source, 'stop')}
        >
          {pending('stop') ? t('source.stopping') : t('source.stop')}
        </button>
      ) : (
        <>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('source.sync.label', { source })}
            title={t('source.sync.title')}
            onClick={() => void actions.act(source, 'sync')}
          >
            {t('source.sync')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('source.full.label', { source })}
            title={t('source.full.title')}
            onClick={() => void actions.act(source, 'full')}
          >
            {t('source.full')}
          </button>
        </>
      )}
      {paused ? (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-label={t('source.resume.label', { source })}
          disabled={pending('resume')}
          onClick={() => void actions.act(source, 'resume')}
        >
          {t('source.resume')}
        </button>
      ) : (
        <PauseMenu
          label={t('source.pause.label', { source })}
          disabled={pending('pause')}
          testId="pause-source"
          onPause={(choice) => void actions.act(source, 'pause', choice)}
        />
      )}
    </div>
  );
}
