import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electron = vi.hoisted(() => {
  const state = {
    templates: [] as MenuItemConstructorOptions[][],
    trays: [] as Array<{ image: { path: string }; toolTip: string; destroyed: boolean; setImage: ReturnType<typeof vi.fn>; setContextMenu: ReturnType<typeof vi.fn>; on: ReturnType<typeof vi.fn> }>,
  };
  class Tray {
    toolTip = '';
    destroyed = false;
    setContextMenu = vi.fn();
    setImage = vi.fn((image: { path: string }) => {
      this.image = image;
    });
    setToolTip = vi.fn((text: string) => {
      this.toolTip = text;
    });
    on = vi.fn();
    isDestroyed = () => this.destroyed;
    destroy = vi.fn(() => {
      this.destroyed = true;
    });
    constructor(public image: { path: string }) {
      state.trays.push(this as never);
    }
  }
  return {
    state,
    module: {
      Tray,
      Menu: {
        buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => {
          state.templates.push(template);
          return { template };
        }),
      },
      nativeImage: { createFromPath: vi.fn((p: string) => ({ path: p })) },
    },
  };
});
vi.mock('electron', () => electron.module);

import { EngineEvents } from '../../../src-main/engine/events.js';
import { contractDefaults } from './fakeEngine.js';
import { createTray, trayIconPath } from '../../../src-main/desktop/tray.js';
import { PROBLEMS_ROUTE } from '../../../src-main/desktop/trayMenu.js';
import { formatWhen, pauseUntil, trayTooltip, trayView } from '../../../src-main/desktop/trayState.js';
import { emptyCounts, type AgentStatus, type SourceStatus, type SyncRun } from '../../../src-shared/domain.js';

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
const source = (lastRun: SyncRun | null, o: Partial<SourceStatus> = {}): SourceStatus => ({
  name: lastRun?.source ?? 'ploomes',
  kind: 'ploomes',
  entity: 'products',
  state: 'idle',
  lastRun,
  lastSuccessAt: '2025-01-01T10:00:01.000Z',
  ...o,
});
const paused = (all: boolean, allUntil: string | null = null) => ({
  windowHours: 24,
  sources: [],
  cacheHitRatio: null,
  queue: { depth: 0, running: [], paused: { all, allUntil, sources: [] } },
});
const status = (o: Partial<AgentStatus> = {}): AgentStatus => ({
  version: 't',
  dataDir: '/d',
  demo: false,
  sources: [source(run())],
  catalog: { products: 0 },
  cache: { hits: 0, misses: 0, size: 0 },
  running: [],
  network: { online: true, offlineSince: null, reason: null },
  ...o,
});

describe('trayView: one state from the status', () => {
  const view = (s: AgentStatus, syncing = false) => trayView({ status: s, syncing, updateReady: false });
  it.each([
    ['idle', status()],
    ['syncing', status({ running: [{ runId: 1, source: 'ploomes', phase: 'fetching', pages: 1, fetched: 5, total: null }] })],
    ['paused', status({ metrics: paused(true) })],
    ['offline', status({ network: { online: false, offlineSince: '2025-01-02T08:00:00.000Z', reason: 'x' } })],
    ['error', status({ sources: [source(run({ status: 'failed', error: { class: 'auth', message: 'bad key' } }))] })],
    ['needs-review', status({ sources: [source(run({ status: 'needs_review' }))] })],
    ['needs-review', status({ sources: [source(run())], conflicts: { open: 2 } })],
    ['idle', status({ sources: [source(run())], conflicts: { open: 0 } })],
  ] as const)('%s', (expected, s) => {
    expect(view(s).state).toBe(expected);
  });

  it('offline wins over everything; errors and reviews win over a pause', () => {
    const failed = source(run({ status: 'failed', error: { class: 'network', message: 'x' } }));
    expect(view(status({ sources: [failed], network: { online: false, offlineSince: 'x', reason: 'x' } }), true).state).toBe('offline');
    expect(view(status({ sources: [failed], metrics: paused(true) })).state).toBe('error');
  });

  it('tooltip: state and the last successful sync with its date, not the last attempt', () => {
    const s = status({
      sources: [
        source(run({ status: 'failed', startedAt: '2025-03-05T09:00:00.000Z', error: { class: 'auth', message: 'no' } }), { lastSuccessAt: '2025-03-01T12:30:00.000Z' }),
        source(run({ source: 'erp' }), { name: 'erp', lastSuccessAt: '2025-03-02T07:15:00.000Z' }),
      ],
    });
    const tip = trayTooltip(view(s), 'en-GB');
    expect(tip).toBe(`Syncflow — Error\nlast successful sync: ${formatWhen('2025-03-02T07:15:00.000Z', 'en-GB')}`);
    expect(tip).toMatch(/2025/);
    expect(trayTooltip(view(status({ sources: [source(null, { lastSuccessAt: null })] })))).toMatch(/last successful sync: never$/);
  });

  it('offline tooltip says since when', () => {
    const v = view(status({ network: { online: false, offlineSince: '2025-01-02T08:00:00.000Z', reason: 'x' } }));
    expect(trayTooltip(v, 'en-GB')).toContain(`Offline since ${formatWhen('2025-01-02T08:00:00.000Z', 'en-GB')}`);
  });
});

describe('pauseUntil', () => {
  const now = new Date(2025, 4, 10, 22, 40, 0);
  it('30 minutes, 1 hour, and the start of tomorrow in local time', () => {
    expect(pauseUntil('30m', now)).toEqual(new Date(2025, 4, 10, 23, 10, 0));
    expect(pauseUntil('1h', now)).toEqual(new Date(2025, 4, 10, 23, 40, 0));
    expect(pauseUntil('tomorrow', now)).toEqual(new Date(2025, 4, 11, 0, 0, 0));
  });
});

describe('trayIconPath', () => {
  it('template images on macOS, .ico on Windows, PNG on Linux; every one is a committed file', async () => {
    const { existsSync } = await import('node:fs');
    const dir = new URL('../../../resources/icons/', import.meta.url).pathname;
    expect(trayIconPath(dir, 'error', 'darwin')).toMatch(/tray-errorTemplate\.png$/);
    expect(trayIconPath(dir, 'error', 'win32')).toMatch(/tray-error\.ico$/);
    expect(trayIconPath(dir, 'error', 'linux')).toMatch(/tray-error\.png$/);
    for (const state of ['idle', 'syncing', 'paused', 'offline', 'error', 'needs-review'] as const) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) expect(existsSync(trayIconPath(dir, state, platform))).toBe(true);
      expect(existsSync(`${dir}tray-${state}@2x.png`)).toBe(true);
      expect(existsSync(`${dir}tray-${state}Template@2x.png`)).toBe(true);
    }
  });
});

describe('createTray', () => {
  let engine: ReturnType<typeof fakeEngine>;
  let current: AgentStatus;
  let openAtLogin: boolean;
  const open = vi.fn();
  const quit = vi.fn();

  function fakeEngine() {
    return {
      events: new EngineEvents(),
      ...contractDefaults(),
      getStatus: vi.fn(async () => current),
      syncNow: vi.fn(async (): Promise<SyncRun[]> => []),
      pauseSync: vi.fn(async (input: { until?: string }) => {
        current = status({ metrics: paused(true, input.until ?? null) });
        return current.metrics!.queue;
      }),
      resumeSync: vi.fn(async () => {
        current = status({ metrics: paused(false) });
        return current.metrics!.queue;
      }),
    };
  }
  const make = () =>
    createTray({
      engine,
      iconsDir: '/icons',
      platform: 'linux',
      open,
      quit,
      loginItem: { get: () => openAtLogin, set: (on) => void (openAtLogin = on) },
      now: () => new Date('2025-05-10T12:00:00.000Z'),
      refreshMs: 0,
    });
  const menu = () => electron.state.templates.at(-1)!;
  const item = (id: string) => {
    const found = menu().find((i) => i.id === id);
    if (!found) throw new Error(`no menu item ${id} in ${menu().map((i) => i.id).join(',')}`);
    return found;
  };
  const click = (id: string, checked?: boolean) => (item(id).click as unknown as (i: { checked?: boolean }) => void)({ checked });

  beforeEach(() => {
    electron.state.templates.length = 0;
    electron.state.trays.length = 0;
    open.mockClear();
    current = status();
    openAtLogin = false;
    engine = fakeEngine();
  });

  it('menu: Open, Sync now, pauses, last sync, Start at login, Quit; always attached with setContextMenu', async () => {
    const handle = make();
    await handle.refresh();
    expect(menu().map((i) => (i.type === 'separator' ? '---' : i.id))).toEqual([
      'open', 'sync-now', '---', 'pause-30m', 'pause-1h', 'pause-tomorrow', '---', 'last-sync', '---', 'open-at-login', 'quit',
    ]);
    expect(item('last-sync')).toMatchObject({ enabled: false, label: expect.stringMatching(/^Last successful sync: .*2025/) });
    expect(electron.state.trays[0]!.setContextMenu).toHaveBeenLastCalledWith({ template: menu() });
    click('quit');
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('image and menu per state, rebuilt only when the state changes', async () => {
    const handle = make();
    await handle.refresh();
    const tray = electron.state.trays[0]!;
    const builds = electron.state.templates.length;
    await handle.refresh();
    expect(electron.state.templates.length).toBe(builds); // same status: nothing rebuilt

    for (let page = 1; page <= 5; page++) engine.events.emit('progress', { runId: 9, source: 'ploomes', phase: 'fetching', pages: page, fetched: page * 10, total: null });
    expect(tray.image.path).toBe('/icons/tray-syncing.png');
    expect(item('sync-now')).toMatchObject({ label: 'Syncing…', enabled: false });
    expect(electron.state.templates.length).toBe(builds + 1); // five progress events, one rebuild

    current = status({ sources: [source(run({ id: 9, status: 'failed', error: { class: 'auth', message: 'bad key' } }))] });
    engine.events.emit('runFinished', current.sources[0]!.lastRun!);
    await handle.refresh();
    expect(tray.image.path).toBe('/icons/tray-error.png');
    expect(item('last-error').label).toBe('Last error: ploomes: bad key');
    click('last-error');
    expect(open).toHaveBeenLastCalledWith(PROBLEMS_ROUTE);

    current = status({ network: { online: false, offlineSince: '2025-01-02T08:00:00.000Z', reason: 'x' } });
    engine.events.emit('network', current.network!);
    await handle.refresh();
    expect(tray.image.path).toBe('/icons/tray-offline.png');
    expect(item('offline').label).toMatch(/^Offline since /);
    expect(tray.setImage).toHaveBeenCalledTimes(3);
  });

  it('pause items call pauseSync with the right until; the menu then offers Resume', async () => {
    const handle = make();
    await handle.refresh();
    click('pause-30m');
    await handle.settled();
    expect(engine.pauseSync).toHaveBeenLastCalledWith({ until: '2025-05-10T12:30:00.000Z' });
    expect(electron.state.trays[0]!.image.path).toBe('/icons/tray-paused.png');
    expect(item('paused').label).toMatch(/^Paused until /);

    click('resume');
    await handle.settled();
    expect(electron.state.trays[0]!.image.path).toBe('/icons/tray-idle.png');
    click('pause-1h');
    await handle.settled();
    expect(engine.pauseSync).toHaveBeenLastCalledWith({ until: '2025-05-10T13:00:00.000Z' });
    click('resume');
    await handle.settled();
    click('pause-tomorrow');
    await handle.settled();
    expect(engine.pauseSync).toHaveBeenCalledTimes(3);
    const until = new Date(engine.pauseSync.mock.calls[2]![0].until!);
    expect([until.getHours(), until.getMinutes(), until.getTime() > Date.parse('2025-05-10T12:00:00.000Z')]).toEqual([0, 0, true]);
  });

  it('Start at login is a checkbox that sets the login item and shows its new state', async () => {
    const handle = make();
    await handle.refresh();
    expect(item('open-at-login')).toMatchObject({ type: 'checkbox', checked: false });
    click('open-at-login', true);
    expect(openAtLogin).toBe(true);
    expect(item('open-at-login').checked).toBe(true);
  });

  it('Sync now raises no notification of its own and leaves syncing when it settles', async () => {
    let finish!: () => void;
    engine.syncNow.mockImplementation(() => new Promise((r) => (finish = () => r([]))));
    const handle = make();
    const done = handle.syncNow();
    expect(handle.view().state).toBe('syncing');
    finish();
    await done;
    expect(handle.view().state).toBe('idle');
  });

  it('update ready adds a restart line', async () => {
    const install = vi.fn();
    const handle = createTray({ engine, iconsDir: '/i', platform: 'darwin', open, quit, loginItem: { get: () => false, set: () => {} }, installUpdate: install, refreshMs: 0 });
    handle.setUpdateReady(true);
    expect(item('update').label).toBe('Update ready: restart');
    click('update');
    expect(install).toHaveBeenCalledTimes(1);
    expect(electron.state.trays.at(-1)!.image.path).toBe('/i/tray-idleTemplate.png');
  });

  it('dispose stops listening and destroys the tray', () => {
    const handle = make();
    handle.dispose();
    const builds = electron.state.templates.length;
    engine.events.emit('progress', { runId: 1, source: 'p', phase: 'fetching', pages: 1, fetched: 1, total: null });
    expect(electron.state.templates.length).toBe(builds);
    expect(electron.state.trays[0]!.destroyed).toBe(true);
  });
});
