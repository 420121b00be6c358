// Every word the UI shows comes from here, in English (en.ts) and Brazilian Portuguese (pt-BR.ts).
//
// Adding text:
//   1. Add the key to en.ts in your screen's section ('history.filter.status': 'Status'). Keys are
//      'area.thing'; placeholders are {name}; a plural is { one: '{count} run', other: '{count} runs' }.
//   2. Add the same key to pt-BR.ts: `npm run typecheck` fails until both catalogues have the same keys
//      (and test/unit/renderer/i18n.test.ts checks it again at run time).
//   3. In a component: `const t = useT(); t('history.filter.status')`, `t('runs.count', { count: n })`.
//      Numbers, money and dates: `const fmt = useFormat(); fmt.integer(n); fmt.price(v, 'BRL');
//      fmt.since(iso, now)` (past times) / `fmt.until(iso, now)` (future ones); `<RelativeTime>` wraps both.
//   Errors shown to people: `describeRunError()` in lib/errors.ts, `<ErrorText>` in components.
export { I18nProvider, useFormat, useI18n, useT } from './context.js';
export type { I18n } from './context.js';
export { countKeys, createFormat } from './format.js';
export type { CountKey, Format } from './format.js';
export { matchLocale } from './locale.js';
export { catalogueKeys, isLocale, isMessageKey, locales, translate, translator } from './translate.js';
export type { Locale, MessageKey, Params, Translate } from './translate.js';
