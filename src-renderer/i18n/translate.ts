// Looks a key up in the chosen language's catalogue, picks the plural form and fills in {placeholders}.
// Pure (no React, no DOM): screens use it through useT(), tests call it directly.
import { en } from './en.js';
import { ptBR } from './pt-BR.js';

export const locales = ['en', 'pt-BR'] as const;
export type Locale = (typeof locales)[number];

/** A plural message: Intl.PluralRules picks the form from the `count` parameter. */
export interface Plural {
  readonly one: string;
  readonly other: string;
}
export type Message = string | Plural;

export type MessageKey = keyof typeof en;

/** Same keys as the English catalogue, and a plural wherever English has one: the compiler checks both. */
export type Catalogue = {
  readonly [K in MessageKey]: (typeof en)[K] extends string ? string : Plural;
};

export type Params = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: Params) => string;

const catalogues: Record<Locale, Catalogue> = { en, 'pt-BR': ptBR };

/** The Intl locale behind each language: English numbers and dates are US-style, Portuguese are Brazilian. */
export const intlLocale: Record<Locale, string> = { en: 'en-US', 'pt-BR': 'pt-BR' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function cached<T>(map: Map<Locale, T>, locale: Locale, make: () => T): T {
  let value = map.get(locale);
  if (value === undefined) {
    value = make();
    map.set(locale, value);
  }
  return value;
}

/** Fills {name} placeholders; numbers are grouped for the locale ("11.793" in pt-BR). Unknown ones stay. */
function fill(text: string, locale: Locale, params: Params | undefined): string {
  if (!params) return text;
  const numbers = cached(numberFormats, locale, () => new Intl.NumberFormat(intlLocale[locale]));
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const message: Message = catalogues[locale][key];
  if (typeof message === 'string') return fill(message, locale, params);
  const count = typeof params?.['count'] === 'number' ? params['count'] : 0;
  const rules = cached(pluralRules, locale, () => new Intl.PluralRules(intlLocale[locale]));
  return fill(rules.select(count) === 'one' ? message.one : message.other, locale, params);
}

/** A `t` bound to one language. */
export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]).sort();
}
