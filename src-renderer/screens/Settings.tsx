// Settings: sources (add, edit, enable/disable, delete, test connection), schedules, credentials set write-only,
// where the data and logs live, cache sizes. Saved to syncflow.yaml with its comments; applied without a restart.
import { useState } from 'react';
import { formatBytes } from '../../src-shared/units.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { Credentials } from '../components/Credentials.js';
import { SourceEditor } from '../components/SourceEditor.js';
import { useFormat, useT } from '../i18n/index.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';
import { settingsSections } from './settingsSections.js';

type SourceDoc = Record<string, unknown> & { name?: string; kind?: string; entity?: string; enabled?: boolean };

export function Settings() {
  const t = useT();
  const fmt = useFormat();
  const config = useReload(() => syncflow.getConfig({}), []);
  const [editing, setEditing] = useState<{ index: number; initial: SourceDoc | null } | null>(null);
  const view = config.value;
  const sources = ((view?.document['sources'] as SourceDoc[] | undefined) ?? []).filter(
    (s) => typeof s === 'object' && s !== null,
  );

  const { act: change } = useBusyAction(config.reload);

  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
        <p className="subtitle muted small" data-testid="config-file">
          {view?.file ? t('settings.configFile', { file: view.file }) : t('settings.configFile.none')}
        </p>
      </header>
      {view && view.problems.length > 0 ? (
        <ul className="notice text-bad">
          {view.problems.map((p) => (
            <li key={p.path}>
              {p.path}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}

      <h2>{t('settings.sources')}</h2>
      <div className="panel panel-flush table-frame">
        <table className="grid" data-testid="settings-sources">
          <thead>
            <tr>
              <th scope="col">{t('settings.source.name')}</th>
              <th scope="col">{t('settings.source.kind')}</th>
              <th scope="col">{t('settings.source.entity')}</th>
              <th scope="col">{t('settings.source.enabled')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s, i) => (
              <tr key={`${String(s.name)}-${i}`} data-testid="settings-source-row">
                <td className="strong">{String(s.name ?? '')}</td>
                <td>{String(s.kind ?? '')}</td>
                <td>{String(s.entity ?? 'products')}</td>
                <td>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={s.enabled !== false}
                      aria-label={t('settings.source.enabledFor', { name: String(s.name ?? '') })}
                      onChange={(e) =>
                        void change(() =>
                          syncflow.updateConfig({
                            set: [{ path: ['sources', i, 'enabled'], value: e.target.checked ? undefined : false }],
                          }),
                        )
                      }
                    />
                  </label>
                </td>
                <td className="nowrap">
                  <button type="button" className="btn btn-small" onClick={() => setEditing({ index: i, initial: s })}>
                    {t('settings.edit')}
                  </button>
                  <ConfirmButton
                    label={t('settings.delete')}
                    confirmLabel={t('settings.delete.confirm')}
                    onConfirm={() => void change(() => syncflow.updateConfig({ remove: [['sources', i]] }))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setEditing({ index: sources.length, initial: null })}
        >
          {t('settings.source.add')}
        </button>
      </div>
      {editing ? (
        <SourceEditor
          key={`${editing.index}-${String(editing.initial?.name ?? 'new')}`}
          index={editing.index}
          initial={editing.initial}
          onSaved={() => config.reload()}
          onCancel={() => setEditing(null)}
        />
      ) : null}

      <h2>{t('settings.credentials')}</h2>
      <Credentials />

      {settingsSections.map((s) => (
        <div key={s.id}>
          <h2>{t(s.title)}</h2>
          {s.render()}
        </div>
      ))}

      <h2>{t('settings.storage')}</h2>
      <dl className="panel fields" data-testid="settings-storage">
        <div className="field field-wide">
          <dt>{t('settings.dataDir')}</dt>
          <dd className="mono">{view?.dataDir ?? ''}</dd>
        </div>
        <div className="field field-wide">
          <dt>{t('settings.logDir')}</dt>
          <dd className="mono">{view?.logDir ?? ''}</dd>
        </div>
        <div className="field">
          <dt>{t('settings.size.database')}</dt>
          <dd>{view ? formatBytes(view.sizes.databaseBytes) : ''}</dd>
        </div>
        <div className="field">
          <dt>{t('settings.size.httpCache')}</dt>
          <dd>{view ? formatBytes(view.sizes.httpCacheBytes) : ''}</dd>
        </div>
        <div className="field">
          <dt>{t('settings.size.cache')}</dt>
          <dd>
            {view
              ? t('settings.size.cacheEntries', {
                  count: view.sizes.cacheEntries,
                  max: fmt.integer(view.sizes.cacheMaxEntries),
                })
              : ''}
          </dd>
        </div>
      </dl>
    </section>
  );
}
