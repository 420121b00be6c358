// Numbers written as text, read by one rule per source. Guessing the separator per value is what stored "1.234"
// (one thousand two hundred thirty-four in Brazil) as 1.234; a locale settles it, and what fits no rule is refused.
const separators: Record<string, { group: string; decimal: string }> = {
  'pt-BR': { group: '.', decimal: ',' },
  'de-DE': { group: '.', decimal: ',' },
  'es-ES': { group: '.', decimal: ',' },
  'fr-FR': { group: ' ', decimal: ',' },
  'en-US': { group: ',', decimal: '.' },
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A currency symbol or code around the number is not part of it ("R$ 1.234,56", "1,234.56 USD").
const currency = /^\s*(?:R\$|US\$|\$|€|BRL|USD|EUR)?\s*|\s*(?:R\$|\$|€|BRL|USD|EUR)?\s*$/gi;

export type NumberReader = (text: string) => number | null;

/** Null when the text is not a number under the locale (the caller names the field). */
export function localeNumberReader(locale: string | undefined): NumberReader {
  const sep = locale ? separators[locale] : undefined;
  if (!sep) {
    // No locale: a point is the decimal separator; a lone comma is one too unless it could be grouping ("1,234").
    const plain = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;
    const comma = /^[+-]?\d+,(?:\d{1,2}|\d{4,})$/;
    return (text) => {
      const s = text.replace(currency, '');
      if (plain.test(s)) return Number(s);
      if (comma.test(s)) return Number(s.replace(',', '.'));
      return null;
    };
  }
  const g = sep.group === ' ' ? '[ \\u00a0\\u202f]' : escape(sep.group);
  // Groups of exactly three digits after the first: "1.2345" and "12.34" are not pt-BR numbers.
  const re = new RegExp(`^([+-]?)(\\d{1,3}(?:${g}\\d{3})+|\\d+)(?:${escape(sep.decimal)}(\\d+))?$`);
  return (text) => {
    const m = re.exec(text.replace(currency, ''));
    if (!m) return null;
    const whole = m[2]!.replace(/\D/g, '');
    return Number(`${m[1]}${whole}${m[3] ? `.${m[3]}` : ''}`);
  };
}
