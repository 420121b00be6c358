// A destructive action asked twice: the first click turns the button into "<confirm label>" beside a Cancel; the
// second does it. Focus moves to the confirm button so a keyboard user lands on the question.
import { useState } from 'react';
import { useT } from '../i18n/index.js';

export function ConfirmButton(p: { label: string; confirmLabel: string; disabled?: boolean; onConfirm: () => void }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn btn-small btn-ghost" disabled={p.disabled} onClick={() => setAsking(true)}>
        {p.label}
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={p.disabled}
        autoFocus
        onClick={() => {
          setAsking(false);
          p.onConfirm();
        }}
      >
        {p.confirmLabel}
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => setAsking(false)}>
        {t('common.close')}
      </button>
    </>
  );
}
