// The chosen language for the whole app: provided once in App, read with useT() / useFormat() / useI18n().
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { createFormat, type Format } from './format.js';
import { initialLocale, rememberLocale } from './locale.js';
import { translator, type Locale, type Translate } from './translate.js';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  format: Format;
}

function bundle(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const t = translator(locale);
  return { locale, setLocale, t, format: createFormat(locale, t) };
}

// Outside a provider (a component test that does not care) everything reads English.
const I18nContext = createContext<I18n>(bundle('en', () => undefined));

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale());
  const setLocale = useCallback((next: Locale) => {
    rememberLocale(next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => bundle(locale, setLocale), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function useT(): Translate {
  return useContext(I18nContext).t;
}

export function useFormat(): Format {
  return useContext(I18nContext).format;
}
