// Extra sections of the Settings screen, in order. Notification settings (desktop) add an entry here.
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.js';

export interface SettingsSection {
  id: string;
  title: MessageKey;
  render: () => ReactNode;
}

export const settingsSections: SettingsSection[] = [];
