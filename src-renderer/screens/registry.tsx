// The screens in the sidebar, in order. A new screen is one entry here (plus its nav.* key in the catalogues).
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.js';
import { Catalog } from './Catalog.js';
import { Dashboard } from './Dashboard.js';
import { Records } from './Records.js';

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
];
