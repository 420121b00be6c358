// Hash routes: the desktop opens the window on a view ('#/problems/conflicts' from a conflict notification or the
// tray) by loading the same page with another hash, so the app follows `location.hash` at start and on change.

export interface Route {
  screen: string;
  /** A part of the screen to bring into view (the element with `data-section` of that name). */
  section: string | null;
}

/** '#/problems/conflicts' → { screen: 'problems', section: 'conflicts' }; null for no or an unknown screen. */
export function parseRoute(hash: string, screens: readonly string[]): Route | null {
  const [screen, section] = hash.replace(/^#\/?/, '').split('/');
  if (!screen || !screens.includes(screen)) return null;
  return { screen, section: section || null };
}

/** Brings a section into view once its screen shows it; its heading takes the focus for keyboard users. */
export function revealSection(section: string, doc: Document = document): boolean {
  const el = doc.querySelector<HTMLElement>(`[data-section="${CSS.escape(section)}"]`);
  if (!el) return false;
  el.scrollIntoView?.({ block: 'start' });
  const heading = el.querySelector<HTMLElement>('h2, h3');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  return true;
}
