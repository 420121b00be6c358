import { locales, useI18n, type Locale } from '../i18n/index.js';

/** Chooses the UI language; the choice is remembered on this computer. */
export function LanguageSelect({ className }: { className?: string }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className={`language-select ${className ?? ''}`}>
      <span>{t('app.language')}</span>
      <select
        className="input"
        value={locale}
        data-testid="language-select"
        onChange={(e) => setLocale(e.target.value as Locale)}
      >
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
