import type { MoneyDto } from '@quittance/api-contract';
import { isDecimal, signOf } from '../lib/decimal';

// Pure formatting helpers; the React layer passes the active locale in. Formatters are cached
// because Intl constructors are comparatively slow and a case list formats hundreds of amounts.

const numberFormats = new Map<string, Intl.NumberFormat | null>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat | null {
  const key = `${locale}|${currency}`;
  if (!numberFormats.has(key)) {
    try {
      numberFormats.set(key, new Intl.NumberFormat(locale, { style: 'currency', currency }));
    } catch {
      numberFormats.set(key, null); // an unknown currency code: fall back to plain text
    }
  }
  return numberFormats.get(key) ?? null;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * Formats an exact decimal string ("1234.50") in a currency. The string is handed to Intl as is
 * (Intl.NumberFormat v3 formats decimal strings exactly), never converted to a float, so
 * "12345678901234567.89" keeps its cents.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const format = isDecimal(amount) ? currencyFormat(locale, currency) : null;
  if (!format) return `${amount} ${currency}`;
  // "-0.00" would print as "-€0.00"; zero has no sign.
  const value = signOf(amount) === 0 ? amount.replace(/^-/, '') : amount;
  return format.format(value as `${number}`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Formats a calendar date (YYYY-MM-DD) without letting the browser's time zone shift the day. */
export function formatDate(isoDate: string, locale: string): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) return isoDate;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return isoDate; // e.g. 2026-02-30
  return dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Formats an instant (ISO 8601 timestamp) as date and time, in the viewer's time zone unless one is given. */
export function formatDateTime(instant: string, locale: string, timeZone?: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  if (timeZone) options.timeZone = timeZone;
  return dateFormat(locale, options).format(date);
}

const PERCENT = /^-?\d+(?:\.(\d+))?$/;

/**
 * Formats a percentage written as a decimal string ("8.15", "12.00") in the locale ("8.15%",
 * "8,15 %"), keeping the decimals it was written with. Handed to Intl as a string, never a float.
 */
export function formatPercent(rate: string, locale: string): string {
  const m = PERCENT.exec(rate);
  if (!m) return `${rate} %`;
  const decimals = Math.min(m[1]?.length ?? 0, 20);
  const format = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return format.format(rate as `${number}`);
}

export function formatInteger(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

function displayName(code: string, locale: string, type: Intl.DisplayNamesType): string {
  try {
    return new Intl.DisplayNames(locale, { type, fallback: 'code' }).of(code) ?? code;
  } catch {
    return code; // not a well-formed code
  }
}

/** "FR" -> "France" (or "France" in French, "Frankreich" in German). */
export function formatCountry(code: string, locale: string): string {
  return displayName(code, locale, 'region');
}

/** "nl" -> "Dutch" / "néerlandais". */
export function formatLanguage(code: string, locale: string): string {
  return displayName(code, locale, 'language');
}

/** The formatters bound to one locale, as components use them. */
export type Formatters = {
  money: (money: MoneyDto) => string;
  date: (isoDate: string) => string;
  dateTime: (instant: string) => string;
  integer: (value: number) => string;
  percent: (rate: string) => string;
  country: (code: string) => string;
  language: (code: string) => string;
};

export function formattersFor(locale: string, timeZone?: string): Formatters {
  return {
    money: (money) => formatMoney(money.amount, money.currency, locale),
    date: (isoDate) => formatDate(isoDate, locale),
    dateTime: (instant) => formatDateTime(instant, locale, timeZone),
    integer: (value) => formatInteger(value, locale),
    percent: (rate) => formatPercent(rate, locale),
    country: (code) => formatCountry(code, locale),
    language: (code) => formatLanguage(code, locale),
  };
}
