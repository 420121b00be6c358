// Which language to show: the operator's remembered choice, else the browser's (in Electron: the OS's) locale.
import { isLocale, type Locale } from './translate.js';

const STORAGE_KEY = 'syncflow.locale';

/** Portuguese in any region reads the pt-BR catalogue; everything else gets English. */
export function matchLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage can be disabled; the choice then lasts for the session
  }
}

export function initialLocale(): Locale {
  const saved = storage()?.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return matchLocale(nav ? (nav.languages.length > 0 ? nav.languages : [nav.language]) : []);
}

export function rememberLocale(locale: Locale): void {
  storage()?.setItem(STORAGE_KEY, locale);
}
