// @vitest-environment happy-dom
// The one pager of History (total unknown: one row more than shown says there is a next page) and Problems (total
// known), and the busy-action hook behind Problems, Settings and the source editor.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Pager } from '../../src-renderer/components/Pager.js';
import { I18nProvider } from '../../src-renderer/i18n/index.js';
import { HealthContext } from '../../src-renderer/lib/health.js';
import { useBusyAction } from '../../src-renderer/lib/useBusyAction.js';

afterEach(cleanup);

function Paged(p: { total?: number; rows: (offset: number) => number; more?: (offset: number) => boolean }) {
  const [offset, setOffset] = useState(0);
  return (
    <I18nProvider locale="pt-BR">
      <Pager
        offset={offset}
        pageSize={50}
        count={p.rows(offset)}
        {...(p.total !== undefined ? { total: p.total } : {})}
        {...(p.more ? { more: p.more(offset) } : {})}
        onOffset={setOffset}
      />
    </I18nProvider>
  );
}

describe('Pager', () => {
  it('with a known total: ranges, and Next stops at the last page', () => {
    render(<Paged total={1230} rows={(o) => Math.min(50, 1230 - o)} />);
    expect(screen.getByTestId('pager-range').textContent).toBe('1–50 de 1.230');
    const next = screen.getByRole('button', { name: 'Próxima' }) as HTMLButtonElement;
    const prev = screen.getByRole('button', { name: 'Anterior' }) as HTMLButtonElement;
    expect(prev.disabled).toBe(true);
    for (let i = 0; i < 24; i++) fireEvent.click(next);
    expect(screen.getByTestId('pager-range').textContent).toBe('1.201–1.230 de 1.230');
    expect(next.disabled).toBe(true);
    fireEvent.click(prev);
    expect(screen.getByTestId('pager-range').textContent).toBe('1.151–1.200 de 1.230');
  });

  it('with no total: "+" while there is more, the real end on the last page', () => {
    render(<Paged rows={(o) => (o < 1000 ? 50 : 7)} more={(o) => o < 1000} />);
    for (let i = 0; i < 19; i++) fireEvent.click(screen.getByRole('button', { name: 'Próxima' }));
    expect(screen.getByTestId('pager-range').textContent).toBe('951–1.000 de 1.000+');
    fireEvent.click(screen.getByRole('button', { name: 'Próxima' }));
    expect(screen.getByTestId('pager-range').textContent).toBe('1.001–1.007 de 1.007');
    expect((screen.getByRole('button', { name: 'Próxima' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('useBusyAction', () => {
  it('is busy while the action runs, reports a failure to the banner, and reloads after either outcome', async () => {
    const report = vi.fn();
    const after = vi.fn();
    let finish!: (fail: boolean) => void;
    function Button() {
      const { busy, act: run } = useBusyAction(after);
      const work = () =>
        new Promise<void>((resolve, reject) => (finish = (fail) => (fail ? reject(new Error('refused')) : resolve())));
      return (
        <button type="button" disabled={busy} onClick={() => void run(work)}>
          go
        </button>
      );
    }
    render(
      <HealthContext.Provider value={{ report, ok: () => undefined }}>
        <Button />
      </HealthContext.Provider>,
    );
    const button = screen.getByRole('button') as HTMLButtonElement;
    fireEvent.click(button);
    expect(button.disabled).toBe(true);
    await act(async () => finish(true));
    expect(button.disabled).toBe(false);
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ message: 'refused' }));
    expect(after).toHaveBeenCalledTimes(1);
    fireEvent.click(button);
    await act(async () => finish(false));
    expect(report).toHaveBeenCalledTimes(1);
    expect(after).toHaveBeenCalledTimes(2);
  });
});
