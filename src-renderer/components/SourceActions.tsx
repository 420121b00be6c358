import { useState } from 'react';
import { useT } from '../i18n/index.js';
import type { SourceActions as Actions } from '../lib/sourceActions.js';
import { PauseMenu } from './PauseMenu.js';

/**
 * Sync, full sync or stop one source (or one of its segments, picked beside the buttons), and hold (for a while)
 * or release its automatic runs.
 */
export function SourceActions({
  source,
  running,
  paused,
  actions,
  segments = [],
}: {
  source: string;
  running: boolean;
  paused: boolean;
  actions: Actions;
  segments?: readonly { name: string; label: string | null; describe: string }[];
}) {
  const t = useT();
  const [segment, setSegment] = useState('');
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
          {segments.length > 0 ? (
            <select
              className="input input-small"
              aria-label={t('segment.syncFor', { name: source })}
              data-testid="segment-picker"
              value={segment}
              onChange={(e) => setSegment(e.target.value)}
            >
              <option value="">{t('segment.all')}</option>
              {segments.map((s) => (
                <option key={s.name} value={s.name} title={s.describe}>
                  {s.label ?? s.name}
                </option>
              ))}
            </select>
          ) : null}
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('source.sync.label', { source })}
            title={t('source.sync.title')}
            onClick={() => void actions.act(source, 'sync', undefined, segment || undefined)}
          >
            {t('source.sync')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('source.full.label', { source })}
            title={t('source.full.title')}
            onClick={() => void actions.act(source, 'full', undefined, segment || undefined)}
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
