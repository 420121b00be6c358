// History: runs filtered by source, status, trigger and dates, page by page, a chart of duration and records,
// and a run's detail page.
import { useState } from 'react';
import { runStatuses, type RunStatus } from '../../src-shared/domain.js';
import { runTriggers } from '../../src-shared/opsApi.js';
import type { RunDetail } from '../../src-shared/opsTypes.js';
import { FilterInput } from '../components/FilterInput.js';
import { FilterSelect } from '../components/FilterSelect.js';
import { Pager } from '../components/Pager.js';
import { RelativeTime } from '../components/RelativeTime.js';
import { RunChart } from '../components/RunChart.js';
import { RunDetailView } from '../components/RunDetailView.js';
import { StatusPill } from '../components/StatusPill.js';
import { useFormat, useT } from '../i18n/index.js';
import { useHealth } from '../lib/health.js';
import { useEngineEvent, useNow } from '../lib/hooks.js';
import { useReload } from '../lib/useReload.js';
import { syncflow } from '../transport.js';

const PAGE = 50;
type Trigger = (typeof runTriggers)[number];

/** A yyyy-mm-dd from a date input as the start of that day in this browser's time zone, ISO. */
const dayStart = (day: string, plusDays = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
};

export function History() {
  const t = useT();
  const fmt = useFormat();
  const now = useNow();
  const health = useHealth();
  const [source, setSource] = useState('');
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [trigger, setTrigger] = useState<Trigger | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const sources = useReload(() => syncflow.getStatus({}), []);
  const runs = useReload(
    () =>
      syncflow.listRuns({
        limit: PAGE + 1,
        offset,
        ...(source ? { source } : {}),
        ...(status ? { status } : {}),
        ...(trigger ? { trigger } : {}),
        ...(from ? { since: dayStart(from) } : {}),
        ...(to ? { until: dayStart(to, 1) } : {}),
      }),
    [source, status, trigger, from, to, offset],
  );
  useEngineEvent('runFinished', runs.reload);
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setOffset(0);
    };
  const open = async (id: number) => {
    try {
      setDetail(await syncflow.getRun({ id }));
    } catch (err) {
      health.report(err);
    }
  };
  const list = (runs.value ?? []).slice(0, PAGE);
  const more = (runs.value?.length ?? 0) > PAGE;

  return (
    <section className="screen" aria-labelledby="history-title">
      <header className="screen-header">
        <h1 id="history-title">{t('history.title')}</h1>
      </header>
      <div className="toolbar filters">
        <FilterSelect
          label={t('common.source')}
          value={source}
          options={(sources.value?.sources ?? []).map((s) => ({ value: s.name, label: s.name }))}
          onChange={filter(setSource)}
        />
        <FilterSelect
          label={t('runs.status')}
          value={status}
          options={runStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={filter(setStatus)}
        />
        <FilterSelect
          label={t('runs.trigger')}
          value={trigger}
          options={runTriggers.map((s) => ({ value: s, label: t(`trigger.${s}`) }))}
          onChange={filter(setTrigger)}
        />
        <FilterInput label={t('history.from')} type="date" value={from} onChange={filter(setFrom)} />
        <FilterInput label={t('history.to')} type="date" value={to} onChange={filter(setTo)} />
      </div>

      {detail ? <RunDetailView detail={detail} onClose={() => setDetail(null)} /> : null}

      <RunChart runs={list} />

      <div className="panel panel-flush table-frame">
        {list.length > 0 ? (
          <table className="grid" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('common.source')}</th>
                <th scope="col">{t('runs.trigger')}</th>
                <th scope="col">{t('runs.status')}</th>
                <th scope="col">{t('runs.started')}</th>
                <th scope="col" className="num">
                  {t('runs.duration')}
                </th>
                <th scope="col">{t('runs.counts')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => (
                <tr key={run.id} data-testid="history-row">
                  <td className="mono">{run.id}</td>
                  <td className="strong">{run.source}</td>
                  <td>{t(`trigger.${run.trigger}`)}</td>
                  <td>
                    <StatusPill status={run.status} />
                  </td>
                  <td title={fmt.dateTime(run.startedAt)}>
                    <RelativeTime iso={run.startedAt} now={now} />
                  </td>
                  <td className="num">{run.status === 'running' ? '…' : fmt.duration(run.durationMs)}</td>
                  <td className="counts">{fmt.counts(run.counts)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => void open(run.id)}
                      aria-label={t('history.open', { id: run.id })}
                    >
                      {t('history.openShort')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="empty">{t('history.empty')}</p>
        )}
      </div>
      <Pager offset={offset} pageSize={PAGE} count={list.length} more={more} onOffset={setOffset} />
    </section>
  );
}
