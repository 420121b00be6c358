// The screens in the sidebar, in order. A new screen is one entry here (plus its nav.* key in the catalogues).
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.js';
import { Catalog } from './Catalog.js';
import { Dashboard } from './Dashboard.js';
import { Records } from './Records.js';
import { Activity } from './Activity.js';
import { History } from './History.js';
import { Problems } from './Problems.js';
import { Settings } from './Settings.js';

export interface ScreenEntry {
  id: string;
  label: MessageKey;
  /** SVG path, 24×24 view box. */
  icon: string;
  /** `visible` is false while the screen is kept mounted but hidden. */
  render: (visible: boolean) => ReactNode;
}

export const screens: readonly ScreenEntry[] = [
  {
    id: 'dashboard',
    label: 'nav.dashboard',
    icon: 'M3 13h8V3H3v10zm0 8h8v-6H3v6zm10 0h8V11h-8v10zm0-18v6h8V3h-8z',
    render: () => <Dashboard />,
  },
  {
    id: 'catalog',
    label: 'nav.catalog',
    icon: 'M4 6h16M4 12h16M4 18h10',
    render: (visible) => <Catalog visible={visible} />,
  },
  {
    id: 'records',
    label: 'nav.records',
    icon: 'M4 4h16v16H4zM4 9h16M9 9v11',
    render: () => <Records />,
  },
  {
    id: 'problems',
    label: 'nav.problems',
    icon: 'M12 2 1 21h22L12 2zm0 6 1 7h-2l1-7zm-1 9h2v2h-2v-2z',
    render: () => <Problems />,
  },
  {
    id: 'history',
    label: 'nav.history',
    icon: 'M13 3a9 9 0 0 0-9 9H1l4 4 4-4H6a7 7 0 1 1 2 4.9l-1.4 1.4A9 9 0 1 0 13 3zm-1 5v5l4 2.5.8-1.3-3.3-2V8H12z',
    render: () => <History />,
  },
  {
    id: 'activity',
    label: 'nav.activity',
    icon: 'M3 12h4l3-8 4 16 3-8h4',
    render: (visible) => <Activity visible={visible} />,
  },
  {
    id: 'settings',
    label: 'nav.settings',
    icon: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm9 4-2.2-.6-.6-1.5 1.1-2-1.4-1.4-2 1.1-1.5-.6L13.8 3h-2l-.6 2.2-1.5.6-2-1.1-1.4 1.4 1.1 2-.6 1.5L3 10v2l2.2.6.6 1.5-1.1 2 1.4 1.4 2-1.1 1.5.6.6 2.2h2l.6-2.2 1.5-.6 2 1.1 1.4-1.4-1.1-2 .6-1.5L21 12z',
    render: () => <Settings />,
  },
];
