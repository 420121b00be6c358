// A conflict waiting for review, from the real engine's catalog hub (match on code, policy review): the desktop
// shows one notification per conflict (not per field, not again per sync while it waits; none when its switch is
// off) whose click opens Problems → Conflicts; the tray turns to "needs review" with a menu line that opens the
// same view, and both clear when the operator resolves it. Only Electron is mocked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electron = vi.hoisted(() => ({
  state: {
    shown: [] as { title: string; body: string }[],
    clicks: [] as (() => void)[],
    menus: [] as MenuItemConstructorOptions[][],
    images: [] as string[],
  },
}));
vi.mock('electron', () => {
  const { state } = electron;
  class Notification {
    static isSupported(): boolean {
      return true;
    }
    private click: () => void = () => {};
    constructor(private readonly opts: { title: string; body: string }) {}
    on(event: string, fn: () => void): void {
      if (event === 'click') this.click = fn;
    }
    show(): void {
      state.shown.push(this.opts);
      state.clicks.push(() => this.click());
    }
  }
  class Tray {
    setContextMenu(): void {}
    setImage(image: { path: string }): void {
      state.images.push(image.path);
    }
    setToolTip(): void {}
    on(): void {}
    isDestroyed = (): boolean => false;
    destroy(): void {}
  }
  return {
    Notification,
    Tray,
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => {
        state.menus.push(template);
        return { template };
      },
    },
    nativeImage: { createFromPath: (p: string) => ({ path: p }) },
  };
});

import type { MappedProduct } from '../../src-shared/domain.js';
import { syncflowConfig } from '../../src-shared/config.js';
import { Engine } from '../../src-main/engine/engine.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { createNotifier, type Notifier } from '../../src-main/desktop/notify.js';
import { createTray, type TrayHandle } from '../../src-main/desktop/tray.js';
import { CONFLICTS_ROUTE } from '../../src-main/desktop/trayMenu.js';
import { tempDir } from '../helpers/tmp.js';
import { hourAt as t, hubProduct as product, unfetchedRest as rest } from '../helpers/hubProducts.js';


describe('a conflict waiting for review on the desktop', () => {
  let tmp: ReturnType<typeof tempDir>;
  let engine: Engine;
  let notifier: Notifier;
  let tray: TrayHandle;
  const opened: (string | undefined)[] = [];

  beforeEach(async () => {
    electron.state.shown.length = 0;
    electron.state.clicks.length = 0;
    electron.state.menus.length = 0;
    opened.length = 0;
    tmp = tempDir();
    engine = await Engine.open({
      dataDir: tmp.dir,
      fileLogs: false,
      config: syncflowConfig.parse({
        syncOnStart: false,
        sources: [rest('erp'), rest('crm')],
        catalog: { products: { match: 'code', policy: 'review' } },
      }),
      networkProbe: async () => true,
    });
    notifier = createNotifier({ engine, open: (r) => opened.push(r), gatherMs: 60_000 });
    tray = createTray({ engine, iconsDir: '/icons', platform: 'linux', open: (r) => opened.push(r), quit: () => {}, loginItem: { get: () => false, set: () => {} }, refreshMs: 0 });
    await tray.refresh();
  });
  afterEach(async () => {
    tray.dispose();
    notifier.dispose();
    await engine.close();
    tmp.cleanup();
  });

  let run = 0;
  const sync = (...items: MappedProduct[]) =>
    engine.hub.applyPage('products', items.map((p) => prepareProduct({ ...p })), null, t(100 + ++run));
  /** Two fields (price, stock) of one record disagree. */
  const disagree = (code = 'X-1', n = 1) => {
    sync(product('erp', `E${n}`, { code }));
    sync(product('crm', `C${n}`, { code }));
    sync(product('erp', `E${n}`, { code, price: 20, stock: 1, sourceUpdatedAt: t(2) }));
    sync(product('crm', `C${n}`, { code, price: 30, stock: 2, sourceUpdatedAt: t(3) }));
  };
  /** The conflict alert is raised after the write, on the next turn of the event loop. */
  const settle = () => new Promise((r) => setImmediate(r));

  it('one notification that opens Problems; the tray needs review until the conflict is resolved', async () => {
    expect(tray.view().state).toBe('idle');
    disagree();
    await settle();
    await notifier.flush();
    // One notification for one conflict of two fields.
    expect(electron.state.shown).toEqual([
      { title: 'Catalog records wait for review', body: expect.stringMatching(/1 catalog record\(s\) wait for review/) },
    ]);
    electron.state.clicks[0]!();
    expect(opened).toEqual([CONFLICTS_ROUTE]);
    expect((await engine.getStatus({})).conflicts).toEqual({ open: 1 });
    await tray.refresh();
    expect(tray.view().state).toBe('needs-review');
    expect(electron.state.images.at(-1)).toBe('/icons/tray-needs-review.png');
    const item = electron.state.menus.at(-1)!.find((i) => i.id === 'conflicts')!;
    expect(item.label).toBe('1 conflict waits for review');
    (item.click as () => void)();
    expect(opened.at(-1)).toBe(CONFLICTS_ROUTE);

    // Syncs while it waits (the CRM changes its price again): no second notification.
    sync(product('crm', 'C1', { price: 31, stock: 2, sourceUpdatedAt: t(4) }));
    sync(product('erp', 'E1', { price: 21, stock: 1, sourceUpdatedAt: t(5) }));
    await settle();
    await notifier.flush();
    expect(electron.state.shown).toHaveLength(1);
    const [waiting] = await engine.listConflicts({ status: 'open', limit: 10 });
    expect(waiting!.fields.find((f) => f.field === 'price')!.candidates.map((c) => c.value).sort()).toEqual([21, 31]);

    // Another record in conflict is another event: one more notification.
    disagree('X-2', 2);
    await settle();
    await notifier.flush();
    expect(electron.state.shown).toHaveLength(2);
    expect(electron.state.shown[1]!.body).toMatch(/2 catalog record\(s\) wait for review/);

    // Resolving both (every field) clears the tray without a run: the resolved alert re-reads the status.
    for (const c of await engine.listConflicts({ status: 'open', limit: 10 })) {
      await engine.resolveConflict({ id: c.id, picks: { price: { source: 'crm' }, stock: { source: 'erp' } } });
    }
    await settle();
    await vi.waitFor(() => expect(tray.view().state).toBe('idle'));
    expect(electron.state.images.at(-1)).toBe('/icons/tray-idle.png');
    expect(electron.state.menus.at(-1)!.some((i) => i.id === 'conflicts')).toBe(false);
    expect((await engine.getProduct({ id: 'E1' }))!.price).toBe(31);
  });

  it('the conflict switch in Settings → Notifications silences it', async () => {
    await engine.setNotificationSettings({ kinds: { conflict: false } });
    disagree();
    await settle();
    await notifier.flush();
    expect(electron.state.shown).toEqual([]);
  });
});
