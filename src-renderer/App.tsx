import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorText } from './components/ErrorText.js';
import { LanguageSelect } from './components/LanguageSelect.js';
import { useT } from './i18n/index.js';
import { describeError, isConnectivity, type DescribedError } from './lib/errors.js';
import { HealthContext } from './lib/health.js';
import { parseRoute, revealSection } from './lib/route.js';
import type { HealthActions } from './lib/health.js';
import { screens } from './screens/registry.js';
import { transportKind } from './transport.js';

export function App() {
  const t = useT();
  const [screen, setScreen] = useState<string>(screens[0]?.id ?? '');
  // A screen is mounted on first visit and then kept (hidden), so it keeps its search, paging and subscriptions.
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set([screens[0]?.id ?? '']));
  // The error is kept raw and described at render time, so it follows a change of language.
  const [failure, setFailure] = useState<unknown>(null);
  const banner: DescribedError | null = failure === null ? null : describeError(failure, t);

  const health = useMemo<HealthActions>(
    () => ({
      report: (err) => setFailure(err ?? new Error(String(err))),
      ok: () => setFailure((current: unknown) => (isConnectivity(current) ? null : current)),
    }),
    [],
  );

  const show = useCallback((next: string) => {
    setScreen(next);
    setVisited((prev) => (prev.has(next) ? prev : new Set(prev).add(next)));
  }, []);

  // '#/problems/conflicts' (desktop notifications, tray): that screen, scrolled to that section.
  const [section, setSection] = useState<string | null>(null);
  useEffect(() => {
    const follow = () => {
      const route = parseRoute(window.location.hash, screens.map((s) => s.id));
      if (!route) return;
      show(route.screen);
      setSection(route.section);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [show]);
  useEffect(() => {
    if (section && revealSection(section)) setSection(null);
  });

  const kind = transportKind();

  return (
    <HealthContext.Provider value={health}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="app">
        <nav className="sidebar" aria-label={t('app.nav')}>
          <div className="brand">
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
              <path d="M4 12a8 8 0 0 1 13.7-5.7L20 4v6h-6l2.3-2.3A6 6 0 0 0 6 12H4zm16 0a8 8 0 0 1-13.7 5.7L4 20v-6h6l-2.3 2.3A6 6 0 0 0 18 12h2z" />
            </svg>
            <span className="brand-name">Syncflow</span>
          </div>
          <div className="nav">
            {screens.map((s) => (
              <button
                key={s.id}
                type="button"
                className={`nav-item ${screen === s.id ? 'active' : ''}`}
                aria-current={screen === s.id ? 'page' : undefined}
                data-screen={s.id}
                title={t(s.label)}
                onClick={() => show(s.id)}
              >
                <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                  <path d={s.icon} />
                </svg>
                <span className="nav-label">{t(s.label)}</span>
              </button>
            ))}
          </div>
          <div className="sidebar-footer">
            <div className="connection">
              <span className={`dot ${banner?.connectivity ? 'dot-bad' : 'dot-ok'}`} aria-hidden="true" />
              <span className="nav-label">{banner?.connectivity ? t('app.disconnected') : t('app.connected')}</span>
            </div>
            <div className="muted small nav-label">{kind === 'ipc' ? t('app.face.ipc') : t('app.face.http')}</div>
            <LanguageSelect />
          </div>
        </nav>

        <main className="main" id="main" tabIndex={-1}>
          {banner ? (
            <div
              className={`banner ${banner.connectivity ? 'banner-offline' : ''}`}
              role="alert"
              data-testid="error-banner"
            >
              <ErrorText error={banner} className="banner-text" />
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setFailure(null)}>
                {t('common.dismiss')}
              </button>
            </div>
          ) : null}
          <div className="screens">
            {screens.map((s) =>
              visited.has(s.id) ? (
                <div key={s.id} className="screen-host" hidden={screen !== s.id}>
                  {s.render(screen === s.id)}
                </div>
              ) : null,
            )}
          </div>
        </main>
      </div>
    </HealthContext.Provider>
  );
}
