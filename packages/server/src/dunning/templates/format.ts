import {
  addDays,
  add,
  currencyExponent,
  formatDate,
  formatMoney,
  isKnownCurrency,
  parseDate,
  parseMoney,
  subtract,
  type CurrencyCode,
  type Money,
  type PlainDate,
} from '@quittance/domain';

// Money and dates as a debtor reads them, per locale, from exact inputs: amounts are decimal
// strings parsed to minor units (Intl.NumberFormat then formats the exact decimal string, never a
// float), dates are calendar dates formatted in UTC so that no time zone shifts a day.

/** Thrown when a template hands a filter something it cannot format; the message says what. */
export class TemplateValueError extends Error {
  override readonly name = 'TemplateValueError';
}

export const toCurrency = (code: string): CurrencyCode => {
  if (!isKnownCurrency(code)) throw new TemplateValueError(`unknown currency "${code}"`);
  return code;
};

/** Parses an amount given to a filter: a decimal string, or an integer; never a fraction in a float. */
export const toMoney = (value: unknown, currency: CurrencyCode): Money => {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new TemplateValueError(
        `amounts are decimal strings ("1250.00"), not floating-point numbers (${value})`,
      );
    }
    return parseMoney(String(value), currency);
  }
  if (typeof value === 'bigint') return parseMoney(value.toString(), currency);
  if (typeof value !== 'string') throw new TemplateValueError(`not an amount: ${JSON.stringify(value)}`);
  try {
    return parseMoney(value, currency);
  } catch (error) {
    throw new TemplateValueError((error as Error).message);
  }
};

const numberFormats = new Map<string, Intl.NumberFormat>();
const cachedNumberFormat = (locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
};

// Intl.NumberFormat accepts a decimal string and formats it exactly (ECMA-402, NumberFormat v3);
// the `as` is there because lib.es2023 still types `format` with number | bigint only.
const formatDecimal = (format: Intl.NumberFormat, decimal: string): string =>
  format.format(decimal as unknown as number);

/** `1 250,00 €` (fr-FR), `€1,250.00` (en-GB), `1.250,00 €` (de-DE). */
export const formatMoneyForLocale = (m: Money, locale: string): string =>
  formatDecimal(
    cachedNumberFormat(locale, {
      style: 'currency',
      currency: m.currency,
      minimumFractionDigits: currencyExponent(m.currency),
      maximumFractionDigits: currencyExponent(m.currency),
    }),
    formatMoney(m),
  );

/** The amount without the currency: `1 250,00` (fr-FR), for tables whose header names the currency. */
export const formatAmountForLocale = (m: Money, locale: string): string =>
  formatDecimal(
    cachedNumberFormat(locale, {
      minimumFractionDigits: currencyExponent(m.currency),
      maximumFractionDigits: currencyExponent(m.currency),
    }),
    formatMoney(m),
  );

/** An integer per locale (`1 250` in fr-FR). */
export const formatIntegerForLocale = (n: number, locale: string): string =>
  cachedNumberFormat(locale, { maximumFractionDigits: 0 }).format(n);

/** Exact sum or difference of two decimal amounts, as a decimal string in the currency. */
export const addAmounts = (a: unknown, b: unknown, currency: CurrencyCode): string =>
  formatMoney(add(toMoney(a, currency), toMoney(b, currency)));
export const subtractAmounts = (a: unknown, b: unknown, currency: CurrencyCode): string =>
  formatMoney(subtract(toMoney(a, currency), toMoney(b, currency)));

export const toPlainDate = (value: unknown): PlainDate => {
  if (typeof value !== 'string') throw new TemplateValueError(`not a date: ${JSON.stringify(value)}`);
  try {
    return parseDate(value);
  } catch (error) {
    throw new TemplateValueError((error as Error).message);
  }
};

export type DateStyle = 'long' | 'short' | 'iso';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `5 mars 2025`, `1er mars 2025` (fr), `5. März 2025` (de), `5 March 2025` (en-GB); `short`: `05.03.2025`. */
export const formatDateForLocale = (d: PlainDate, locale: string, style: DateStyle = 'long'): string => {
  if (style === 'iso') return formatDate(d);
  const key = `${locale}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      day: style === 'long' ? 'numeric' : '2-digit',
      month: style === 'long' ? 'long' : '2-digit',
      year: 'numeric',
    });
    dateFormats.set(key, format);
  }
  const text = format.format(new Date(Date.UTC(d.year, d.month - 1, d.day)));
  // French writes the first day of a month as an ordinal: « le 1er mars ».
  if (style === 'long' && d.day === 1 && locale.toLowerCase().startsWith('fr')) {
    return text.replace(/^1(?=\s)/, '1er');
  }
  return text;
};

export const addDaysToIsoDate = (value: unknown, days: unknown): string => {
  const n = typeof days === 'string' ? Number(days) : days;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TemplateValueError(`add_days expects a whole number of days, got ${JSON.stringify(days)}`);
  }
  return formatDate(addDays(toPlainDate(value), n));
};

/** `FR7630006000011234567890189` → `FR76 3000 6000 0112 3456 7890 189`, as printed for people. */
export const formatIban = (iban: string): string =>
  iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');

/** Spaces that an SMS (GSM 03.38) or a plain-text channel cannot carry become plain spaces. */
export const plainSpaces = (text: string): string => text.replace(/[\u00a0\u202f\u2007\u2009]/g, ' ');
