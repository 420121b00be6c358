import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electron = vi.hoisted(() => {
  const state = {
    templates: [] as MenuItemConstructorOptions[][],
    trays: [] as Array<Record<string, ReturnType<typeof vi.fn>> & { toolTip: string; destroyed: boolean }>,
    notifications: [] as Array<{ title: string; body: string }>,
  };
  class Tray {
    toolTip = '';
    destroyed = false;
    setContextMenu = vi.fn();
    setToolTip = vi.fn((text: string) => {
      this.toolTip = text;
    });
    on = vi.fn();
    isDestroyed = () => this.destroyed;
    destroy = vi.fn(() => {
      this.destroyed = true;
    });
    constructor(readonly image: unknown) {
      state.trays.push(this as never);
    }
  }
  class Notification {
    static isSupported = () => true;
    constructor(private readonly opts: { title: string; body: string }) {}
    show() {
      state.notifications.push(this.opts);
    }
  }
  return {
    state,
    module: {
      Tray,
      Notification,
      Menu: {
        buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => {
          state.templates.push(template);
          return { template };
        }),
      },
      nativeImage: { createFromPath: vi.fn((p: string) => ({ path: p, setTemplateImage: vi.fn() })) },
    },
  };
});
vi.mock('electron', () => electron.module);

import { EngineEvents } from '../../../src-main/engine/events.js';
import { contractDefaults } from './fakeEngine.js';
import { createTray, createTrayMenuTemplate, trayTooltip } from '../../../src-main/desktop/tray.js';
import { emptyCounts, type AgentStatus, type SyncRun } from '../../../src-shared/domain.js';

function fakeEngine() {
  return {
    events: new EngineEvents(),
    ...contractDefaults(),
    getStatus: vi.fn(async (): Promise<AgentStatus> => ({
      version: 't',
      dataDir: '/d',
      demo: true,
      sources: [],
      catalog: { products: 0 },
      cache: { hits: 0, misses: 0, size: 0 },
      running: [],
    })),
    syncNow: vi.fn(async (): Promise<SyncRun[]> => []),
    search: vi.fn(),
    getProduct: vi.fn(),
    listRuns: vi.fn(),
    tailLogs: vi.fn(),
    cancelSync: vi.fn(),
    pauseSync: vi.fn(),
    resumeSync: vi.fn(),
  };
}

const run = (o: Partial<SyncRun> = {}): SyncRun => ({
  id: 1,
  source: 'ploomes',
  trigger: 'schedule',
  strategy: 'incremental',
  strategyReason: 'checkpoint',
  status: 'succeeded',
  startedAt: '2025-01-01T10:00:00.000Z',
  finishedAt: '2025-01-01T10:00:01.000Z',
  durationMs: 1000,
  pages: 1,
  counts: emptyCounts(),
  requests: 0,
  bytes: 0,
  error: null,
  ...o,
});

const item = (template: MenuItemConstructorOptions[] | undefined, id: string) => {
  const found = template?.find((i) => i.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
};
const lastTemplate = () => electron.state.templates.at(-1);
const click = (menuItem: MenuItemConstructorOptions) => (menuItem.click as unknown as () => void | undefined)?.();

describe('createTrayMenuTemplate', () => {
  const handlers = { onSyncNow: vi.fn(), onOpen: vi.fn(), onQuit: vi.fn() };

  it('has Sync now, Open Syncflow, a separator and Quit, in that order', () => {
    const template = createTrayMenuTemplate({ ...handlers, syncing: false });
    expect(template.map((i) => (i.type === 'separator' ? '---' : i.label))).toEqual([
      'Sync now',
      'Open Syncflow',
      '---',
      'Quit',
    ]);
    expect(item(template, 'sync-now').enabled).toBe(true);
  });

  it('disables Sync now while syncing', () => {
    expect(item(createTrayMenuTemplate({ ...handlers, syncing: true }), 'sync-now').enabled).toBe(false);
  });

  it('wires the click handlers', () => {
    const template = createTrayMenuTemplate({ ...handlers, syncing: false });
    click(item(template, 'sync-now'));
    click(item(template, 'open'));
    click(item(template, 'quit'));
    expect(handlers.onSyncNow).toHaveBeenCalledTimes(1);
    expect(handlers.onOpen).toHaveBeenCalledTimes(1);
    expect(handlers.onQuit).toHaveBeenCalledTimes(1);
  });
});

describe('createTray', () => {
  let engine: ReturnType<typeof fakeEngine>;
  const onOpen = vi.fn();
  const onQuit = vi.fn();

  beforeEach(() => {
    electron.state.templates.length = 0;
    electron.state.trays.length = 0;
    electron.state.notifications.length = 0;
    engine = fakeEngine();
  });

  it('loads the tray icon from the icons dir', () => {
    createTray({ engine, iconsDir: '/app/icons', onOpen, onQuit });
    expect(electron.module.nativeImage.createFromPath).toHaveBeenCalledWith(
      expect.stringMatching(/icons[\\/]tray\.png$/),
    );
  });

  it('"Sync now" calls engine.syncNow({ full: false }) and is disabled until it settles', async () => {
    let finish!: (runs: SyncRun[]) => void;
    engine.syncNow.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const handle = createTray({ engine, iconsDir: '/i', onOpen, onQuit });
    click(item(lastTemplate(), 'sync-now'));
    expect(engine.syncNow).toHaveBeenCalledWith({ full: false });
    expect(item(lastTemplate(), 'sync-now').enabled).toBe(false);

    // A second click while in flight does not start another sync.
    await handle.syncNow();
    expect(engine.syncNow).toHaveBeenCalledTimes(1);

    finish([]);
    await vi.waitFor(() => expect(item(lastTemplate(), 'sync-now').enabled).toBe(true));
  });

  it('disables Sync now while progress arrives and re-enables it when the run finishes', () => {
    createTray({ engine, iconsDir: '/i', onOpen, onQuit });
    expect(item(lastTemplate(), 'sync-now').enabled).toBe(true);
    const built = electron.state.templates.length;

    engine.events.emit('progress', {
      runId: 5,
      source: 'ploomes',
      phase: 'fetching',
      pages: 1,
      fetched: 100,
      total: 1000,
    });
    expect(item(lastTemplate(), 'sync-now').enabled).toBe(false);
    expect(electron.state.trays[0]?.toolTip).toMatch(/syncing ploomes: 100 records/);

    // Further pages update the tooltip but do not rebuild the native menu.
    engine.events.emit('progress', {
      runId: 5,
      source: 'ploomes',
      phase: 'fetching',
      pages: 2,
      fetched: 200,
      total: 1000,
    });
    expect(electron.state.templates.length).toBe(built + 1);
    expect(electron.state.trays[0]?.toolTip).toMatch(/200 records/);

    engine.events.emit(
      'runFinished',
      run({ id: 5, status: 'failed', error: { class: 'network', message: 'ECONNRESET' } }),
    );
    expect(item(lastTemplate(), 'sync-now').enabled).toBe(true);
    expect(electron.state.trays[0]?.toolTip).toMatch(/last sync of ploomes failed/);
  });

  it('logs and notifies when Sync now fails, then re-enables it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    engine.syncNow.mockRejectedValue(new Error('source ploomes is not configured'));
    const handle = createTray({ engine, iconsDir: '/i', onOpen, onQuit });
    await handle.syncNow();
    expect(electron.state.notifications).toEqual([{ title: 'Sync failed', body: 'source ploomes is not configured' }]);
    expect(error).toHaveBeenCalled();
    expect(item(lastTemplate(), 'sync-now').enabled).toBe(true);
    error.mockRestore();
  });

  it('Open and Quit call their handlers', () => {
    createTray({ engine, iconsDir: '/i', onOpen, onQuit });
    click(item(lastTemplate(), 'open'));
    click(item(lastTemplate(), 'quit'));
    expect(onOpen).toHaveBeenCalled();
    expect(onQuit).toHaveBeenCalled();
  });

  it('seeds the tooltip with the last run known to the engine', async () => {
    engine.getStatus.mockResolvedValue({
      ...(await engine.getStatus()),
      sources: [
        {
          name: 'a',
          kind: 'rest',
          entity: 'product',
          state: 'idle',
          lastRun: run({ source: 'a', startedAt: '2025-01-01T09:00:00.000Z' }),
          lastSuccessAt: null,
        },
        {
          name: 'b',
          kind: 'rest',
          entity: 'product',
          state: 'idle',
          lastRun: run({ source: 'b', startedAt: '2025-01-01T11:00:00.000Z' }),
          lastSuccessAt: null,
        },
      ],
    });
    createTray({ engine, iconsDir: '/i', onOpen, onQuit });
    await vi.waitFor(() => expect(electron.state.trays[0]?.toolTip).toMatch(/last sync of b succeeded/));
  });

  it('dispose stops listening and destroys the tray', () => {
    const handle = createTray({ engine, iconsDir: '/i', onOpen, onQuit });
    handle.dispose();
    expect(electron.state.trays[0]?.destroy).toHaveBeenCalled();
    const built = electron.state.templates.length;
    engine.events.emit('progress', { runId: 9, source: 'x', phase: 'fetching', pages: 1, fetched: 1, total: null });
    expect(electron.state.templates.length).toBe(built);
  });
});

describe('trayTooltip', () => {
  it('says when nothing has synced yet', () => {
    expect(trayTooltip({ running: [], lastRun: null })).toBe('Syncflow — no sync yet');
  });
  it('counts concurrent runs', () => {
    const p = { runId: 1, source: 'a', phase: 'fetching' as const, pages: 1, fetched: 3, total: null };
    expect(trayTooltip({ running: [p, { ...p, runId: 2, source: 'b' }], lastRun: null })).toMatch(/\(\+1 more\)/);
  });
});
