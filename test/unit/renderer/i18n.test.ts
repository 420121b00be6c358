import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/i18n/en.js';
import { catalogueKeys, locales, matchLocale, translate } from '../../../src-renderer/i18n/index.js';
import { ptBR } from '../../../src-renderer/i18n/pt-BR.js';

describe('message catalogues', () => {
  it('have the same keys in every language', () => {
    const reference = catalogueKeys('en');
    for (const locale of locales) expect(catalogueKeys(locale)).toEqual(reference);
  });

  it('have a plural wherever English has one, and no empty message', () => {
    for (const [key, message] of Object.entries(en)) {
      const other = (ptBR as Record<string, unknown>)[key];
      expect(typeof other, key).toBe(typeof message);
      const texts = typeof message === 'string' ? [message] : Object.values(message);
      for (const text of texts) expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in every language', () => {
    const placeholders = (m: unknown): string[] =>
      [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1] ?? '').sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ptBR[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe('translate', () => {
  it('reads the button in each language', () => {
    expect(translate('en', 'dashboard.syncNow')).toBe('Sync now');
    expect(translate('pt-BR', 'dashboard.syncNow')).toBe('Sincronizar agora');
  });

  it('picks the plural form and groups numbers for the language', () => {
    expect(translate('en', 'alerts.count', { count: 1 })).toBe('1 alert');
    expect(translate('en', 'alerts.count', { count: 11793 })).toBe('11,793 alerts');
    expect(translate('pt-BR', 'alerts.count', { count: 11793 })).toBe('11.793 alertas');
    expect(translate('pt-BR', 'unit.days', { count: 1 })).toBe('1 dia');
  });

  it('leaves an unknown placeholder visible rather than dropping it', () => {
    expect(translate('en', 'dashboard.engine')).toBe('Engine {version}');
  });
});

describe('matchLocale', () => {
  it('reads Portuguese from any region as pt-BR and falls back to English', () => {
    expect(matchLocale(['pt-BR', 'en'])).toBe('pt-BR');
    expect(matchLocale(['pt-PT'])).toBe('pt-BR');
    expect(matchLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(matchLocale(['de'])).toBe('en');
    expect(matchLocale([])).toBe('en');
  });
});
