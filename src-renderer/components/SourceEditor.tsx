// Adds or edits one source: the common fields, a schedule with its preview, the rest as JSON; Test connection
// fetches one page and previews the mapping; Save writes syncflow.yaml (the engine applies it without a restart).
import { useEffect, useState } from 'react';
import type { ConfigProblem } from '../../src-shared/config.js';
import type { SchedulePreview, TestSourceResult } from '../../src-shared/opsTypes.js';
import { useFormat, useT } from '../i18n/index.js';
import { describeCron } from '../lib/cronText.js';
import { describeRunError } from '../lib/errors.js';
import { fromDraft, kinds, problemsByField, toDraft, type SimpleField, type SourceDraft } from '../lib/sourceDraft.js';
import { useBusyAction } from '../lib/useBusyAction.js';
import { syncflow } from '../transport.js';
import { ErrorText } from './ErrorText.js';
import { WebhookAddress } from './WebhookAddress.js';

export function SourceEditor(p: {
  index: number;
  initial: Record<string, unknown> | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [draft, setDraft] = useState<SourceDraft>(() => toDraft(p.initial));
  const [problems, setProblems] = useState<ConfigProblem[]>([]);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [test, setTest] = useState<TestSourceResult | null>(null);
  const [preview, setPreview] = useState<SchedulePreview | null>(null);
  const [saved, setSaved] = useState(false);
  const byField = problemsByField(problems, p.index);
  const set = (f: SimpleField) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, simple: { ...draft.simple, [f]: e.target.value } });

  useEffect(() => {
    if (!draft.cron.trim()) return setPreview(null);
    let current = true;
    syncflow
      .previewSchedule({
        cron: draft.cron.trim(),
        ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}),
      })
      .then(
        (r) => current && setPreview(r),
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, [draft.cron, draft.timezone]);

  // Field-level messages while typing: the whole file is validated with this source in it, nothing is written.
  useEffect(() => {
    const r = fromDraft(draft);
    if ('jsonError' in r) return;
    let current = true;
    const timer = setTimeout(() => {
      syncflow.updateConfig({ set: [{ path: ['sources', p.index], value: r.source }], validateOnly: true }).then(
        (v) => current && setProblems(v.problems),
        () => undefined,
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [draft, p.index]);

  const source = (): Record<string, unknown> | null => {
    const r = fromDraft(draft);
    if ('jsonError' in r) {
      setJsonError(r.jsonError);
      return null;
    }
    setJsonError(null);
    return r.source;
  };
  const { busy, act: run } = useBusyAction();
  const testNow = () =>
    run(async () => {
      const s = source();
      if (s) setTest(await syncflow.testSource({ source: s }));
    });
  const save = () =>
    run(async () => {
      const s = source();
      if (!s) return;
      const r = await syncflow.updateConfig({ set: [{ path: ['sources', p.index], value: s }] });
      setProblems(r.problems);
      if (r.ok) {
        setSaved(true);
        p.onSaved();
      }
    });

  const field = (f: SimpleField, label: string, hint?: string) => (
    <label className="form-field">
      <span>{label}</span>
      <input
        className="input"
        name={f}
        value={draft.simple[f]}
        onChange={set(f)}
        aria-invalid={byField.has(f)}
        aria-describedby={byField.has(f) ? `err-${f}` : undefined}
      />
      {hint ? <span className="muted small">{hint}</span> : null}
      {byField.get(f)?.map((m) => (
        <span key={m} id={`err-${f}`} className="text-bad small" role="alert">
          {m}
        </span>
      ))}
    </label>
  );
  const cronWords = draft.cron.trim() ? describeCron(draft.cron, t) : null;

  return (
    <div className="panel source-editor" data-testid="source-editor">
      <h3>
        {p.initial ? t('settings.source.edit', { name: String(p.initial['name'] ?? '') }) : t('settings.source.add')}
      </h3>
      <div className="form-grid">
        {field('name', t('settings.source.name'))}
        <label className="form-field">
          <span>{t('settings.source.kind')}</span>
          <select className="input" value={draft.simple.kind} onChange={set('kind')}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {field('entity', t('settings.source.entity'), t('settings.source.entity.hint'))}
        {field('baseUrl', t('settings.source.baseUrl'))}
        {field('path', t('settings.source.path'))}
        {field('recordSelector', t('settings.source.recordSelector'))}
        {draft.simple.kind === 'ploomes'
          ? field('apiKey', t('settings.source.apiKey'), t('settings.source.apiKey.hint'))
          : null}
        <label className="check">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
          />
          {t('settings.source.enabled')}
        </label>
        {p.initial?.['webhook'] ? <WebhookAddress source={String(p.initial['name'] ?? '')} /> : null}
      </div>
      <fieldset className="form-grid">
        <legend>{t('settings.schedule')}</legend>
        <label className="form-field">
          <span>{t('settings.schedule.cron')}</span>
          <input
            className="input mono"
            name="cron"
            value={draft.cron}
            placeholder="0 */6 * * *"
            onChange={(e) => setDraft({ ...draft, cron: e.target.value })}
            aria-invalid={byField.has('cron') || preview?.ok === false}
          />
          {byField.get('cron')?.map((m) => (
            <span key={m} className="text-bad small" role="alert">
              {m}
            </span>
          ))}
        </label>
        <label className="form-field">
          <span>{t('settings.schedule.timezone')}</span>
          <input
            className="input"
            name="timezone"
            value={draft.timezone}
            placeholder="America/Sao_Paulo"
            onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}
            aria-invalid={byField.has('timezone')}
          />
          {byField.get('timezone')?.map((m) => (
            <span key={m} className="text-bad small" role="alert">
              {m}
            </span>
          ))}
        </label>
        {preview ? (
          <div className="form-field" data-testid="schedule-preview">
            {preview.ok ? (
              <>
                {cronWords ? <span className="strong">{cronWords}</span> : null}
                <span className="small">
                  {t('settings.schedule.next', { times: preview.next.map((x) => fmt.dateTime(x)).join(' · ') })}
                </span>
              </>
            ) : (
              <span className="text-bad small" role="alert">
                {preview.problem}
              </span>
            )}
          </div>
        ) : null}
      </fieldset>
      <label className="form-field">
        <span>{t('settings.source.more')}</span>
        <textarea
          className="input mono"
          rows={10}
          name="rest"
          value={draft.rest}
          onChange={(e) => setDraft({ ...draft, rest: e.target.value })}
          aria-invalid={jsonError !== null || byField.has('rest')}
        />
        <span className="muted small">{t('settings.source.more.hint')}</span>
        {jsonError ? (
          <span className="text-bad small" role="alert">
            {t('settings.source.jsonError', { error: jsonError })}
          </span>
        ) : null}
        {byField.get('rest')?.map((m) => (
          <span key={m} className="text-bad small" role="alert">
            {m}
          </span>
        ))}
      </label>
      {byField.get('')?.map((m) => (
        <p key={m} className="text-bad small" role="alert">
          {m}
        </p>
      ))}
      <div className="toolbar">
        <button type="button" className="btn" disabled={busy} onClick={() => void testNow()}>
          {t('settings.source.test')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>
          {t('settings.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={p.onCancel}>
          {t('common.close')}
        </button>
        {saved ? (
          <span className="text-ok small" role="status">
            {t('settings.saved')}
          </span>
        ) : null}
      </div>
      {test ? <TestResult result={test} name={draft.simple.name} kind={draft.simple.kind} /> : null}
    </div>
  );
}

function TestResult({ result, name, kind }: { result: TestSourceResult; name: string; kind: string }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="test-result" data-testid="test-result" role="status">
      {result.problems.length > 0 ? (
        <ul className="text-bad small">
          {result.problems.map((x) => (
            <li key={x.path}>
              {x.path}: {x.message}
            </li>
          ))}
        </ul>
      ) : result.error ? (
        <ErrorText error={describeRunError(result.error, t, { name: name || t('common.source'), kind })} />
      ) : (
        <>
          <p className="text-ok strong">
            {t('settings.test.ok', { count: result.fetched, ms: fmt.duration(result.durationMs) })}
            {result.total !== null ? ` ${t('settings.test.total', { count: result.total })}` : ''}
          </p>
          <div className="table-frame list-frame" tabIndex={0}>
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('settings.test.raw')}</th>
                  <th scope="col">{t('settings.test.mapped')}</th>
                </tr>
              </thead>
              <tbody>
                {result.preview.map((r, i) => (
                  <tr key={i} data-testid="test-preview-row">
                    <td>
                      <pre className="payload mono" tabIndex={0}>
                        {JSON.stringify(r.raw, null, 1)}
                      </pre>
                    </td>
                    <td>
                      {r.mapped ? (
                        <pre className="payload mono" tabIndex={0}>
                          {JSON.stringify(r.mapped, null, 1)}
                        </pre>
                      ) : (
                        <span className="text-bad small">
                          <span className="error-class">{r.rule}</span> {r.reason}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
