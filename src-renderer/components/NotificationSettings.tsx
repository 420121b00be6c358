// Settings → Notifications: which events raise a desktop notification (one switch per kind) and a global mute.
// Stored in syncflow.yaml (`notifications:`), so the same switches hold whether they were set in the desktop app
// or over `syncflow serve`; the desktop app reads them before each notification.
import { useRef, useState } from 'react';
import type { z } from 'zod';
import {
  notificationKinds,
  type NotificationKind,
  type NotificationSettings as Settings,
  type notificationSettingsPatch,
} from '../../src-shared/notifications.js';
import { useT } from '../i18n/index.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';

export function NotificationSettings() {
  const t = useT();
  const settings = useReload(() => syncflow.getNotificationSettings({}), []);
  const { act } = useBusyAction(settings.reload);
  // The switch moves at once; the engine's answer (or a failure, which undoes it) follows.
  const [shown, setShown] = useState<Settings | null>(null);
  const latest = useRef(0);
  const s = shown ?? settings.value;
  const change = (patch: z.input<typeof notificationSettingsPatch>) => {
    if (!s) return;
    setShown({ mute: patch.mute ?? s.mute, kinds: { ...s.kinds, ...patch.kinds } });
    const call = ++latest.current; // only the newest answer is shown when clicks overlap
    void act(async () => {
      try {
        const saved = await syncflow.setNotificationSettings(patch);
        if (call === latest.current) setShown(saved);
      } catch (err) {
        if (call === latest.current) setShown(null);
        throw err;
      }
    });
  };
  const setKind = (kind: NotificationKind, on: boolean) => change({ kinds: { [kind]: on } });

  return (
    <div className="panel" data-testid="notification-settings">
      <p className="small muted">{t('prefs.notify.intro')}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={s?.mute ?? false}
          disabled={!s}
          onChange={(e) => change({ mute: e.target.checked })}
        />
        {t('prefs.notify.mute')}
      </label>
      {s?.mute ? (
        <p className="small text-warn" role="status" data-testid="notify-muted">
          {t('prefs.notify.muted')}
        </p>
      ) : null}
      <fieldset className="check-list">
        <legend>{t('prefs.notify.kinds')}</legend>
        {notificationKinds.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              name={`notify-${kind}`}
              checked={s?.kinds[kind] ?? false}
              disabled={!s}
              onChange={(e) => setKind(kind, e.target.checked)}
            />
            <span>
              {t(`prefs.notify.kind.${kind}`)} <span className="muted small">{t(`prefs.notify.hint.${kind}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
