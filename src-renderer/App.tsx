import { useCallback, useMemo, useState } from 'react';
import { describeError } from './lib/errors.js';
import { HealthContext } from './lib/health.js';
import type { HealthActions } from './lib/health.js';
import { Catalog } from './screens/Catalog.js';
import { Dashboard } from './screens/Dashboard.js';
import { transportKind } from './transport.js';

type Screen = 'dashboard' | 'catalog';

const screens: { id: Screen; label: string; icon: string }[] = [
  { id: 'dashboard', label: 'Dashboard', icon: 'M3 13h8V3H3v10zm0 8h8v-6H3v6zm10 0h8V11h-8v10zm0-18v6h8V3h-8z' },
  { id: 'catalog', label: 'Catalog', icon: 'M4 6h16M4 12h16M4 18h10' },
];

interface Banner {
  message: string;
  connectivity: boolean;
}

export function App() {
  const [screen, setScreen] = useState<Screen>('dashboard');
  // A screen is mounted on first visit and then kept (hidden), so it keeps its search, paging and subscriptions.
  const [visited, setVisited] = useState<ReadonlySet<Screen>>(() => new Set(['dashboard']));
  const [banner, setBanner] = useState<Banner | null>(null);

  const health = useMemo<HealthActions>(
    () => ({
      report: (err) => setBanner(describeError(err)),
      ok: () => setBanner((current) => (current?.connectivity ? null : current)),
    }),
    [],
  );

  const show = useCallback((next: Screen) => {
    setScreen(next);
    setVisited((prev) => (prev.has(next) ? prev : new Set(prev).add(next)));
  }, []);

  const kind = transportKind();

  return (
    <HealthContext.Provider value={health}>
      <div className="app">
        <nav className="sidebar" aria-label="Main">
          <div className="brand">
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
              <path d="M4 12a8 8 0 0 1 13.7-5.7L20 4v6h-6l2.3-2.3A6 6 0 0 0 6 12H4zm16 0a8 8 0 0 1-13.7 5.7L4 20v-6h6l-2.3 2.3A6 6 0 0 0 18 12h2z" />
            </svg>
            Syncflow
          </div>
          <div className="nav">
            {screens.map((s) => (
              <button
                key={s.id}
                type="button"
                className={`nav-item ${screen === s.id ? 'active' : ''}`}
                aria-current={screen === s.id ? 'page' : undefined}
                onClick={() => show(s.id)}
              >
                <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                  <path d={s.icon} />
                </svg>
                {s.label}
              </button>
            ))}
          </div>
          <div className="sidebar-footer">
            <span className={`dot ${banner?.connectivity ? 'dot-bad' : 'dot-ok'}`} aria-hidden="true" />
            {banner?.connectivity ? 'Disconnected' : 'Connected'}
            <div className="muted small">{kind === 'ipc' ? 'Desktop app' : 'Web (syncflow serve)'}</div>
          </div>
        </nav>

        <main className="main">
          {banner ? (
            <div className={`banner ${banner.connectivity ? 'banner-offline' : ''}`} role="alert" data-testid="error-banner">
              <span className="banner-text">{banner.message}</span>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setBanner(null)}>
                Dismiss
              </button>
            </div>
          ) : null}
          <div className="screens">
            {visited.has('dashboard') ? (
              <div className="screen-host" hidden={screen !== 'dashboard'}>
                <Dashboard />
              </div>
            ) : null}
            {visited.has('catalog') ? (
              <div className="screen-host" hidden={screen !== 'catalog'}>
                <Catalog visible={screen === 'catalog'} />
              </div>
            ) : null}
          </div>
        </main>
      </div>
    </HealthContext.Provider>
  );
}
