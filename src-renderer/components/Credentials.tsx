// Settings → Credentials, write-only. In the desktop app they go to the OS keychain (safeStorage, served by the
// Electron main process): listed by name as "set", never read back, replaced or deleted; a running agent uses a
// new value from its next run. Where only `basic_text` storage exists (Linux without a keyring) the user must
// confirm the weaker protection first. Over `syncflow serve` there is no keychain: the value goes to a file only
// this user can read and the screen says which ${file:…} reference to write (or how to use ${env:…}).
import { useRef, useState } from 'react';
import type { SecretsInfo } from '../../src-shared/secrets.js';
import { useT } from '../i18n/index.js';
import { useNow } from '../lib/hooks.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';
import { ConfirmButton } from './ConfirmButton.js';
import { RelativeTime } from './RelativeTime.js';

/** The desktop app serves listSecrets with a real backend; a headless agent answers `none`. */
export const hasKeychain = (info: SecretsInfo | null): boolean => info !== null && info.backend !== 'none';

export function Credentials() {
  const t = useT();
  const now = useNow();
  const secrets = useReload(() => syncflow.listSecrets({}), []);
  const { busy, act } = useBusyAction(secrets.reload);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [weakOk, setWeakOk] = useState(false);
  const [stored, setStored] = useState<{ ref: string; where: string } | null>(null);
  const valueInput = useRef<HTMLInputElement>(null);
  const info = secrets.value;
  const keychain = hasKeychain(info);
  const weak = keychain && info!.weak;
  const ready = name.trim() !== '' && value !== '' && (!weak || weakOk) && (!keychain || info!.available);

  const store = () =>
    act(async () => {
      const n = name.trim();
      if (keychain) {
        await syncflow.setSecret({ name: n, value, allowWeakStorage: weak && weakOk });
        setStored({ ref: `\${keychain:${n}}`, where: t('prefs.secrets.where.keychain', { backend: info!.backend }) });
      } else {
        const r = await syncflow.storeCredential({ name: n, value });
        setStored({ ref: r.ref, where: r.where });
      }
      setValue('');
    });
  const replace = (n: string) => {
    setName(n);
    setValue('');
    setStored(null);
    valueInput.current?.focus();
  };

  return (
    <div className="panel" data-testid="credentials">
      <p className="small">
        {!info ? '' : keychain ? t('prefs.secrets.keychain', { backend: info.backend }) : t('settings.credentials.file')}
      </p>
      {keychain && !info!.available ? (
        <p className="notice text-bad small" role="alert">
          {t('prefs.secrets.unavailable')}
        </p>
      ) : null}
      {weak ? (
        <div className="notice small" role="alert" data-testid="weak-storage">
          <p>{t('prefs.secrets.weak')}</p>
          <label className="check">
            <input type="checkbox" checked={weakOk} onChange={(e) => setWeakOk(e.target.checked)} />
            {t('prefs.secrets.weak.confirm')}
          </label>
        </div>
      ) : null}
      {keychain && info!.secrets.length > 0 ? (
        <div className="table-frame">
          <table className="grid" data-testid="secrets-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.credentials.name')}</th>
                <th scope="col">{t('prefs.secrets.state')}</th>
                <th scope="col">{t('prefs.secrets.updated')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {info!.secrets.map((s) => (
                <tr key={s.name} data-testid="secret-row">
                  <td className="mono">{s.name}</td>
                  <td>{t('prefs.secrets.set')}</td>
                  <td>
                    <RelativeTime iso={s.updatedAt} now={now} />
                  </td>
                  <td className="nowrap">
                    <button type="button" className="btn btn-small" onClick={() => replace(s.name)}>
                      {t('prefs.secrets.replace')}
                    </button>
                    <ConfirmButton
                      label={t('settings.delete')}
                      confirmLabel={t('prefs.secrets.delete.confirm', { name: s.name })}
                      disabled={busy}
                      onConfirm={() => void act(() => syncflow.deleteSecret({ name: s.name }))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="toolbar">
        <label className="form-field">
          <span>{t('settings.credentials.name')}</span>
          <input
            className="input mono"
            value={name}
            placeholder="PLOOMES_USER_KEY"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="form-field">
          <span>{t('settings.credentials.value')}</span>
          <input
            ref={valueInput}
            className="input"
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <button type="button" className="btn" disabled={busy || !ready} onClick={() => void store()}>
          {t('settings.credentials.store')}
        </button>
      </div>
      {stored ? (
        <p className="text-ok small" role="status" data-testid="secret-ref">
          {t('settings.credentials.stored', { ref: stored.ref, where: stored.where })}
        </p>
      ) : null}
      <p className="muted small">{keychain ? t('prefs.secrets.applied') : t('prefs.secrets.headless')}</p>
    </div>
  );
}
