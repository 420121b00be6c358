// @vitest-environment happy-dom
// Settings → Notifications and Credentials against a real engine (engineBridge.ts): switches land in
// syncflow.yaml, keychain credentials are write-only, weak storage needs the user's consent, and over serve a
// credential becomes a ${file:} reference.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Credentials } from '../../src-renderer/components/Credentials.js';
import { NotificationSettings } from '../../src-renderer/components/NotificationSettings.js';
import { I18nProvider } from '../../src-renderer/i18n/index.js';
import { agentPerTest, ONE_SOURCE } from './engineBridge.js';

const CONFIG = ONE_SOURCE;
const SECRET = 'pk_live_component_42';
const openAgent = agentPerTest();

const ui = (node: React.ReactNode, locale: 'en' | 'pt-BR' = 'en') =>
  render(<I18nProvider locale={locale}>{node}</I18nProvider>);

describe('Settings → Notifications', () => {
  it('mutes all and turns one kind off; both are written to syncflow.yaml with its comments kept', async () => {
    const agent = await openAgent(CONFIG);
    ui(<NotificationSettings />);
    const mute = await screen.findByRole('checkbox', { name: 'Mute all notifications' });
    await waitFor(() => expect((mute as HTMLInputElement).disabled).toBe(false));
    const stale = screen.getByRole('checkbox', { name: /data is stale/ }) as HTMLInputElement;
    expect(stale.checked).toBe(true);

    fireEvent.click(mute);
    await screen.findByTestId('notify-muted');
    await waitFor(() => expect(stale.disabled).toBe(false));
    fireEvent.click(stale);
    await waitFor(() => expect(stale.checked).toBe(false));

    const settings = await agent.engine.getNotificationSettings({});
    expect(settings.mute).toBe(true);
    expect(settings.kinds.stale).toBe(false);
    expect(settings.kinds['run-failed']).toBe(true);
    const file = readFileSync(agent.configFile, 'utf8');
    expect(file).toContain('# kept: the operator wrote this');
    expect(file).toMatch(/notifications:\n {2}mute: true\n {2}kinds:\n[\s\S]*stale: false/);
  });

  it('reads in Portuguese', async () => {
    await openAgent(CONFIG);
    ui(<NotificationSettings />, 'pt-BR');
    expect(await screen.findByRole('checkbox', { name: 'Silenciar todas as notificações' })).toBeTruthy();
  });
});

describe('Settings → Credentials', () => {
  const fill = (name: string, value: string) => {
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: name } });
    fireEvent.change(screen.getByLabelText('Value (never shown again)'), { target: { value } });
  };

  it('desktop, basic_text backend: warns, stores only after consent, lists the name as set, never the value', async () => {
    const agent = await openAgent(CONFIG, { desktop: { backend: 'basic_text' } });
    const { container } = ui(<Credentials />);
    const warning = await screen.findByTestId('weak-storage');
    expect(warning.textContent).toMatch(/every Chromium build shares/);
    fill('ERP_KEY', SECRET);
    const storeButton = screen.getByRole('button', { name: 'Store credential' }) as HTMLButtonElement;
    expect(storeButton.disabled).toBe(true); // no consent yet
    fireEvent.click(within(warning).getByRole('checkbox'));
    expect(storeButton.disabled).toBe(false);
    fireEvent.click(storeButton);

    expect((await screen.findByTestId('secret-ref')).textContent).toContain('${keychain:ERP_KEY}');
    const row = await screen.findByTestId('secret-row');
    expect(within(row).getByText('ERP_KEY')).toBeTruthy();
    expect(within(row).getByText('set')).toBeTruthy();
    expect(agent.store!.get('ERP_KEY')).toBe(SECRET);
    expect(readFileSync(join(agent.dir, 'secrets.json'), 'utf8')).not.toContain(SECRET);
    expect(container.innerHTML).not.toContain(SECRET);
    expect((screen.getByLabelText('Value (never shown again)') as HTMLInputElement).value).toBe('');

    // Delete asks twice, then the row is gone.
    fireEvent.click(within(row).getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Delete ERP_KEY for good' }));
    await waitFor(() => expect(screen.queryByTestId('secret-row')).toBeNull());
    expect(agent.store!.get('ERP_KEY')).toBeUndefined();
  });

  it('desktop with a real keyring: no warning, Replace focuses the value for the same name', async () => {
    const agent = await openAgent(CONFIG, { desktop: { backend: 'gnome_libsecret' } });
    ui(<Credentials />);
    await screen.findByText(/OS keychain \(gnome_libsecret\)/);
    expect(screen.queryByTestId('weak-storage')).toBeNull();
    fill('ERP_KEY', 'first');
    fireEvent.click(screen.getByRole('button', { name: 'Store credential' }));
    const row = await screen.findByTestId('secret-row');
    fill('', '');
    fireEvent.click(within(row).getByRole('button', { name: 'Replace' }));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('ERP_KEY');
    expect(document.activeElement).toBe(screen.getByLabelText('Value (never shown again)'));
    fireEvent.change(screen.getByLabelText('Value (never shown again)'), { target: { value: 'second' } });
    fireEvent.click(screen.getByRole('button', { name: 'Store credential' }));
    await waitFor(() => expect(agent.store!.get('ERP_KEY')).toBe('second'));
  });

  it('serve: no keychain; the value goes to an owner-only file and the ${file:} reference is shown', async () => {
    const agent = await openAgent(CONFIG);
    ui(<Credentials />);
    await screen.findByText(/files only you can read/);
    expect(screen.getByText(/\$\{env:NAME\}.*chmod 600/)).toBeTruthy();
    fill('SHOP_KEY', SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Store credential' }));
    const ref = await screen.findByTestId('secret-ref');
    const file = join(agent.dir, 'secrets', 'SHOP_KEY');
    expect(ref.textContent).toContain(`\${file:${file}}`);
    expect(existsSync(file)).toBe(true);
    expect(screen.queryByTestId('secrets-table')).toBeNull();
  });
});
