import type { SourceActions as Actions } from '../lib/sourceActions.js';

/** Sync, full sync or stop one source, and hold or release its scheduled runs. */
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
  const pending = (a: Parameters<Actions['pending']>[1]): boolean => actions.pending(source, a);
  return (
    <div className="row-actions">
      {running ? (
        <button
          type="button"
          className="btn btn-small btn-danger"
          aria-label={`Stop ${source}`}
          disabled={pending('stop')}
          onClick={() => void actions.act(source, 'stop')}
        >
          {pending('stop') ? 'Stopping…' : 'Stop'}
        </button>
      ) : (
        <>
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Sync ${source}`}
            title="Incremental sync of this source now"
            onClick={() => void actions.act(source, 'sync')}
          >
            Sync
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Full sync ${source}`}
            title="Fetch every record of this source again"
            onClick={() => void actions.act(source, 'full')}
          >
            Full sync
          </button>
        </>
      )}
      {paused ? (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-label={`Resume ${source}`}
          disabled={pending('resume')}
          onClick={() => void actions.act(source, 'resume')}
        >
          Resume
        </button>
      ) : (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-label={`Pause ${source}`}
          title="Hold scheduled and webhook runs of this source"
          disabled={pending('pause')}
          onClick={() => void actions.act(source, 'pause')}
        >
          Pause
        </button>
      )}
    </div>
  );
}
