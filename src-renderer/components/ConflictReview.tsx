// Problems → Conflicts, one catalog record whose linked sources disagree (policy review). Per field: what the
// catalog shows meanwhile and each source's value with its update time at the source; the operator picks one per
// field (or takes every field from one source), may pin a pick, and applies them at once (resolveConflict). Fields
// left unpicked stay in review. Pins already on the record are listed with Unpin.
import { useState } from 'react';
import type { CatalogConflict, ConflictPick, RecordProvenance } from '../../src-shared/hubTypes.js';
import { useFormat, useT } from '../i18n/index.js';
import { fieldLabel, formatChangeValue } from '../lib/history.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';
import { RelativeTime } from './RelativeTime.js';

/** The catalog's own value: "keep what it shows". */
const KEEP = '';
type Choice = { pick: string; pin: boolean };

export function ConflictReview(p: { conflict: CatalogConflict; now: number; onChanged: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const c = p.conflict;
  const ref = { entity: c.entity, id: c.recordId, source: c.recordSource };
  const provenance = useReload<RecordProvenance | null>(() => syncflow.getProvenance(ref), [c.id, c.updatedAt]);
  // Money is shown in the product's currency; other entities have none.
  const product = useReload(
    () => (c.entity === 'products' ? syncflow.getProduct({ id: c.recordId, source: c.recordSource }) : Promise.resolve(null)),
    [c.id],
  );
  const currency = product.value?.currency ?? 'BRL';
  const show = (value: unknown, field: string) => formatChangeValue(value, { fmt, t, currency }, field);
  const { busy, act } = useBusyAction(() => {
    provenance.reload();
    p.onChanged();
  });
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const chosen = Object.entries(choices);
  const set = (field: string, next: Partial<Choice>) =>
    setChoices((prev) => ({ ...prev, [field]: { pick: KEEP, pin: false, ...prev[field], ...next } }));
  const sources = [...new Set(c.fields.flatMap((f) => f.candidates.map((x) => x.source)))];
  const takeAll = (source: string) =>
    setChoices((prev) => {
      const next = { ...prev };
      for (const f of c.fields) {
        if (f.candidates.some((x) => x.source === source)) next[f.field] = { pin: false, ...prev[f.field], pick: source };
      }
      return next;
    });

  const apply = () =>
    act(async () => {
      const picks: Record<string, ConflictPick> = {};
      const pins: { field: string; value: unknown }[] = [];
      for (const [field, ch] of chosen) {
        const f = c.fields.find((x) => x.field === field);
        if (!f) continue;
        const cand = f.candidates.find((x) => x.source === ch.pick);
        picks[field] = cand ? { source: cand.source } : { value: f.current };
        if (ch.pin) pins.push({ field, value: cand ? cand.value : f.current });
      }
      await syncflow.resolveConflict({ id: c.id, picks });
      for (const pin of pins) await syncflow.pinField({ ...ref, field: pin.field, value: pin.value });
      setChoices({});
    });

  const pinned = Object.entries(provenance.value?.pins ?? {});
  return (
    <div className="panel" data-testid="conflict" aria-labelledby={`conflict-${c.id}-title`} role="group">
      <p className="strong" id={`conflict-${c.id}-title`}>
        {t('conflicts.record', { label: c.label ?? c.recordId, entity: c.entity })}
      </p>
      <p className="muted small">
        {t('conflicts.where', { source: c.recordSource, id: c.recordId })} · {t('conflicts.opened')}{' '}
        <RelativeTime iso={c.openedAt} now={p.now} />
      </p>
      {sources.length > 1 ? (
        <div className="toolbar">
          {sources.map((source) => (
            <button key={source} type="button" className="btn btn-small" disabled={busy} onClick={() => takeAll(source)}>
              {t('conflicts.takeAll', { source })}
            </button>
          ))}
        </div>
      ) : null}
      {c.fields.map((f) => {
        const ch = choices[f.field];
        const name = `conflict-${c.id}-${f.field}`;
        return (
          <fieldset key={f.field} className="conflict-field" data-testid="conflict-field" data-field={f.field}>
            <legend className="strong">{fieldLabel(f.field, t)}</legend>
            <label className="check">
              <input type="radio" name={name} checked={ch?.pick === KEEP} onChange={() => set(f.field, { pick: KEEP })} />
              <span>{t('conflicts.keep', { value: show(f.current, f.field) })}</span>
            </label>
            {f.candidates.map((cand) => (
              <label key={cand.source} className="check">
                <input
                  type="radio"
                  name={name}
                  value={cand.source}
                  checked={ch?.pick === cand.source}
                  onChange={() => set(f.field, { pick: cand.source })}
                />
                <span>
                  {t('conflicts.fromSource', { source: cand.source, value: show(cand.value, f.field) })}{' '}
                  {cand.sourceUpdatedAt ? (
                    <span className="muted small">
                      ({t('conflicts.updatedAt', { when: fmt.dateTime(cand.sourceUpdatedAt) })})
                    </span>
                  ) : null}
                </span>
              </label>
            ))}
            <label className="check">
              <input
                type="checkbox"
                checked={ch?.pin ?? false}
                disabled={!ch}
                onChange={(e) => set(f.field, { pin: e.target.checked })}
              />
              <span>{t('conflicts.pin')}</span>
            </label>
          </fieldset>
        );
      })}
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || chosen.length === 0}
          onClick={() => void apply()}
        >
          {t('conflicts.apply', { count: chosen.length })}
        </button>
        {chosen.length > 0 && chosen.length < c.fields.length ? (
          <span className="muted small">{t('conflicts.partial')}</span>
        ) : null}
      </div>
      {pinned.length > 0 ? (
        <div data-testid="conflict-pins">
          <p className="small strong">{t('conflicts.pins')}</p>
          <ul className="plain-list">
            {pinned.map(([field, pin]) => (
              <li key={field} data-testid="pinned-field">
                <span className="strong">{fieldLabel(field, t)}</span>: <span className="mono">{show(pin.value, field)}</span>{' '}
                {pin.disagrees ? (
                  <span className="text-warn small">{t('conflicts.pinDisagrees', { value: show(pin.sourceValue, field) })}</span>
                ) : null}{' '}
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  disabled={busy}
                  onClick={() => void act(() => syncflow.unpinField({ ...ref, field }))}
                  aria-label={t('conflicts.unpinField', { field: fieldLabel(field, t) })}
                >
                  {t('conflicts.unpin')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
