import { DomainError } from '../shared/domain-error';
import { currencyExponent, type CurrencyCode } from './currency';

// The currency table lives in its own file; `money` is the one entry point of this folder.
export { currencyExponent, isKnownCurrency, knownCurrencies, type CurrencyCode } from './currency';

/** An exact amount in the currency's minor unit (cents for EUR, yen for JPY, fils for KWD). */
export type Money = { readonly amountMinor: bigint; readonly currency: CurrencyCode };

export type MoneyDto = { amount: string; currency: string };

export type TryParseMoneyResult = { ok: true; value: Money } | { ok: false; reason: string };

/** Builds a Money; throws `unknown_currency` when the currency is not an ISO 4217 code. */
export const money = (amountMinor: bigint, currency: CurrencyCode): Money => {
  currencyExponent(currency);
  return { amountMinor, currency };
};

/** Zero in the given currency. */
export const zero = (currency: CurrencyCode): Money => money(0n, currency);

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

const invalidAmount = (text: string, why: string): DomainError =>
  new DomainError('invalid_amount', `invalid amount "${text}": ${why}`, { text });

// Says why the text is not a plain decimal, most specific reason first, so that a user fixing a
// file learns what to change.
const syntaxProblem = (text: string): string => {
  if (text === '') return 'it is empty';
  if (/\s/.test(text)) return 'it contains whitespace';
  if (text.includes(',')) return 'use "." as the decimal separator, without thousands separators';
  if (text.startsWith('+')) return 'a leading "+" is not allowed';
  if (/[eE]/.test(text)) return 'exponent notation is not allowed';
  if (/'|_/.test(text)) return 'thousands separators are not allowed';
  if ((text.match(/\./g) ?? []).length > 1) return 'more than one "."';
  if (/^-?\./.test(text) || text.endsWith('.')) return 'digits are required on both sides of "."';
  return 'expected digits with an optional leading "-" and a "." before the decimals';
};

/**
 * Parses a plain decimal ("1234.5", "-12.30") into exact minor units. Never rounds: more decimals
 * than the currency has is an `invalid_amount`, as is any other syntax than `-?digits(.digits)?`
 * (surrounding spaces are trimmed).
 */
export const parseMoney = (text: string, currency: CurrencyCode): Money => {
  const exponent = currencyExponent(currency);
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (match === null) throw invalidAmount(text, syntaxProblem(trimmed));
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw invalidAmount(
      text,
      exponent === 0
        ? `${currency} has no decimals`
        : `${fraction.length} decimals but ${currency} allows at most ${exponent}`,
    );
  }
  const magnitude = BigInt(whole + fraction.padEnd(exponent, '0'));
  return { amountMinor: sign === '-' ? -magnitude : magnitude, currency };
};

/** Like `parseMoney`, returning the reason instead of throwing. */
export const tryParseMoney = (text: string, currency: CurrencyCode): TryParseMoneyResult => {
  try {
    return { ok: true, value: parseMoney(text, currency) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, reason: error.message };
    throw error;
  }
};

/** Plain decimal with exactly the currency's number of decimals: "1234.50", "-0.05", "100" (JPY). */
export const formatMoney = (m: Money): string => {
  const exponent = currencyExponent(m.currency);
  const negative = m.amountMinor < 0n;
  const digits = (negative ? -m.amountMinor : m.amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
};

const assertSameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) {
    throw new DomainError('currency_mismatch', `cannot combine ${a.currency} with ${b.currency}`, {
      left: a.currency,
      right: b.currency,
    });
  }
};

/** a + b; throws `currency_mismatch` when the currencies differ. */
export const add = (a: Money, b: Money): Money => {
  assertSameCurrency(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
};

/** a - b; throws `currency_mismatch` when the currencies differ. */
export const subtract = (a: Money, b: Money): Money => {
  assertSameCurrency(a, b);
  return { amountMinor: a.amountMinor - b.amountMinor, currency: a.currency };
};

/** -m, same currency. */
export const negate = (m: Money): Money => ({ amountMinor: -m.amountMinor, currency: m.currency });

/** Orders two amounts of the same currency; throws `currency_mismatch` otherwise. */
export const compare = (a: Money, b: Money): -1 | 0 | 1 => {
  assertSameCurrency(a, b);
  if (a.amountMinor < b.amountMinor) return -1;
  return a.amountMinor > b.amountMinor ? 1 : 0;
};

/** Same currency and same amount (never throws). */
export const equals = (a: Money, b: Money): boolean =>
  a.currency === b.currency && a.amountMinor === b.amountMinor;

export const isZero = (m: Money): boolean => m.amountMinor === 0n;
export const isNegative = (m: Money): boolean => m.amountMinor < 0n;
export const isPositive = (m: Money): boolean => m.amountMinor > 0n;

/** Total of the items, zero for none; every item must be in `currency` (else `currency_mismatch`). */
export const sum = (items: readonly Money[], currency: CurrencyCode): Money =>
  items.reduce((total, item) => add(total, item), zero(currency));

/**
 * Splits `total` in parts proportional to `ratios` by largest remainder: the parts add up to
 * exactly `total`, each within one minor unit of its exact share, leftover units going to the
 * largest remainders and, on ties, to the earliest index. A negative total is split as its
 * absolute value, then negated. Ratios must be >= 0 and not all zero (`invalid_ratios`).
 */
export const allocate = (total: Money, ratios: readonly bigint[]): Money[] => {
  if (ratios.length === 0) throw new DomainError('invalid_ratios', 'at least one ratio is required');
  if (ratios.some((ratio) => ratio < 0n))
    throw new DomainError('invalid_ratios', 'ratios must not be negative');
  const ratioSum = ratios.reduce((acc, ratio) => acc + ratio, 0n);
  if (ratioSum === 0n) throw new DomainError('invalid_ratios', 'ratios must not all be zero');

  const negative = total.amountMinor < 0n;
  const magnitude = negative ? -total.amountMinor : total.amountMinor;
  const shares = ratios.map((ratio, index) => ({
    index,
    floor: (magnitude * ratio) / ratioSum,
    remainder: (magnitude * ratio) % ratioSum,
  }));
  let leftover = magnitude - shares.reduce((acc, share) => acc + share.floor, 0n);
  const byRemainder = [...shares].sort((x, y) =>
    x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1,
  );
  const parts = shares.map((share) => share.floor);
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    parts[share.index] = share.floor + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => ({ amountMinor: negative ? -part : part, currency: total.currency }));
};

/** The wire form: `{ amount: "1234.50", currency: "EUR" }`. */
export const moneyToDto = (m: Money): MoneyDto => ({ amount: formatMoney(m), currency: m.currency });
