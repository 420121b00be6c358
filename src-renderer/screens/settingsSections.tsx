// Extra sections of the Settings screen, in order, after Sources and Credentials.
import type { ReactNode } from 'react';
import { NotificationSettings } from '../components/NotificationSettings.js';
import type { MessageKey } from '../i18n/index.js';

export interface SettingsSection {
  id: string;
  title: MessageKey;
  render: () => ReactNode;
}

export const settingsSections: SettingsSection[] = [
  { id: 'notifications', title: 'prefs.notify', render: () => <NotificationSettings /> },
];
