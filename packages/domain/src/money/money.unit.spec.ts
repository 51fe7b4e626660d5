import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error';
import {
  add,
  allocate,
  compare,
  currencyExponent,
  equals,
  formatMoney,
  isKnownCurrency,
  isNegative,
  isPositive,
  isZero,
  money,
  moneyToDto,
  negate,
  parseMoney,
  subtract,
  sum,
  tryParseMoney,
  zero,
  type Money,
} from './money';

const eur = (minor: bigint): Money => money(minor, 'EUR');

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
};

describe('currencies', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['SEK', 2],
    ['HUF', 2],
    ['MAD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['VND', 0],
    ['UGX', 0],
    ['XOF', 0],
    ['XAF', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['OMR', 3],
    ['JOD', 3],
    ['IQD', 3],
    ['LYD', 3],
    ['TND', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isKnownCurrency(code)).toBe(true);
  });

  it('knows every EU/EEA currency', () => {
    for (const code of ['EUR', 'BGN', 'CZK', 'DKK', 'HUF', 'PLN', 'RON', 'SEK', 'ISK', 'NOK', 'CHF']) {
      expect(isKnownCurrency(code)).toBe(true);
    }
  });

  it.each(['XYZ', 'eur', 'EURO', '', 'XAU', 'HRK'])('rejects %j as unknown_currency', (code) => {
    expect(isKnownCurrency(code)).toBe(false);
    expect(codeOf(() => currencyExponent(code))).toBe('unknown_currency');
    expect(codeOf(() => money(1n, code))).toBe('unknown_currency');
    expect(codeOf(() => zero(code))).toBe('unknown_currency');
  });
});

describe('parseMoney', () => {
  it.each([
    ['1234.5', 'EUR', 123450n],
    ['1234.50', 'EUR', 123450n],
    ['1234', 'EUR', 123400n],
    ['-12.30', 'EUR', -1230n],
    ['0.05', 'EUR', 5n],
    ['-0.00', 'EUR', 0n],
    ['  42.1  ', 'EUR', 4210n],
    ['007.5', 'EUR', 750n],
    ['100', 'JPY', 100n],
    ['-7', 'JPY', -7n],
    ['0.001', 'KWD', 1n],
    ['12.5', 'BHD', 12500n],
    ['1.2345', 'CLF', 12345n],
    ['123456789012345678901234567890.99', 'EUR', 12345678901234567890123456789099n],
  ])('parses %j %s as %s minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ amountMinor: minor, currency });
  });

  it.each([
    ['', 'EUR', /empty/],
    ['   ', 'EUR', /empty/],
    ['1,5', 'EUR', /decimal separator/],
    ['1,000.00', 'EUR', /thousands/],
    ['1e3', 'EUR', /exponent/],
    ['1E3', 'EUR', /exponent/],
    ['12.345', 'EUR', /3 decimals but EUR allows at most 2/],
    ['0.0001', 'KWD', /4 decimals but KWD allows at most 3/],
    ['100.5', 'JPY', /JPY has no decimals/],
    ['1 000', 'EUR', /whitespace/],
    ['1\t000', 'EUR', /whitespace/],
    ["1'000", 'EUR', /thousands/],
    ['+5', 'EUR', /"\+"/],
    ['.', 'EUR', /both sides/],
    ['.5', 'EUR', /both sides/],
    ['5.', 'EUR', /both sides/],
    ['1.2.3', 'EUR', /more than one/],
    ['--5', 'EUR', /expected digits/],
    ['abc', 'EUR', /expected digits/],
    ['12€', 'EUR', /expected digits/],
    ['NaN', 'EUR', /expected digits/],
    ['Infinity', 'EUR', /expected digits/],
  ])('rejects %j in %s as invalid_amount (%s)', (text, currency, why) => {
    expect(codeOf(() => parseMoney(text, currency))).toBe('invalid_amount');
    const result = tryParseMoney(text, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(why);
  });

  it('rejects an unknown currency before looking at the amount', () => {
    expect(codeOf(() => parseMoney('1.00', 'ABC'))).toBe('unknown_currency');
    expect(tryParseMoney('1.00', 'ABC')).toEqual({ ok: false, reason: expect.stringMatching(/ABC/) });
  });

  it('tryParseMoney returns the value when valid', () => {
    expect(tryParseMoney('9.99', 'EUR')).toEqual({ ok: true, value: eur(999n) });
  });
});

describe('formatMoney', () => {
  it.each([
    [123450n, 'EUR', '1234.50'],
    [-5n, 'EUR', '-0.05'],
    [0n, 'EUR', '0.00'],
    [-100n, 'EUR', '-1.00'],
    [100n, 'JPY', '100'],
    [-100n, 'JPY', '-100'],
    [1n, 'KWD', '0.001'],
    [-12345n, 'KWD', '-12.345'],
    [5n, 'CLF', '0.0005'],
  ])('formats %s %s as %j', (minor, currency, text) => {
    expect(formatMoney(money(minor, currency))).toBe(text);
  });

  it('gives the wire form', () => {
    expect(moneyToDto(eur(-1230n))).toEqual({ amount: '-12.30', currency: 'EUR' });
  });
});

describe('arithmetic', () => {
  it('adds, subtracts and negates', () => {
    expect(add(eur(150n), eur(-50n))).toEqual(eur(100n));
    expect(subtract(eur(150n), eur(200n))).toEqual(eur(-50n));
    expect(negate(eur(7n))).toEqual(eur(-7n));
  });

  it('compares and tests sign', () => {
    expect(compare(eur(1n), eur(2n))).toBe(-1);
    expect(compare(eur(2n), eur(2n))).toBe(0);
    expect(compare(eur(3n), eur(2n))).toBe(1);
    expect(equals(eur(2n), eur(2n))).toBe(true);
    expect(equals(eur(2n), money(2n, 'USD'))).toBe(false);
    expect([isZero(zero('EUR')), isNegative(eur(-1n)), isPositive(eur(1n))]).toEqual([true, true, true]);
    expect([isZero(eur(1n)), isNegative(eur(0n)), isPositive(eur(0n))]).toEqual([false, false, false]);
  });

  it('refuses to mix currencies', () => {
    const usd = money(1n, 'USD');
    expect(codeOf(() => add(eur(1n), usd))).toBe('currency_mismatch');
    expect(codeOf(() => subtract(eur(1n), usd))).toBe('currency_mismatch');
    expect(codeOf(() => compare(eur(1n), usd))).toBe('currency_mismatch');
    expect(codeOf(() => sum([eur(1n), usd], 'EUR'))).toBe('currency_mismatch');
    expect(codeOf(() => sum([eur(1n)], 'USD'))).toBe('currency_mismatch');
  });

  it('sums, zero for no items', () => {
    expect(sum([eur(1n), eur(2n), eur(-4n)], 'EUR')).toEqual(eur(-1n));
    expect(sum([], 'JPY')).toEqual(zero('JPY'));
  });
});

describe('allocate', () => {
  const parts = (total: Money, ratios: bigint[]): string[] => allocate(total, ratios).map(formatMoney);

  it('splits 100.00 in three with the extra cent first', () => {
    expect(parts(eur(10000n), [1n, 1n, 1n])).toEqual(['33.34', '33.33', '33.33']);
  });

  it('splits a negative total symmetrically', () => {
    expect(parts(eur(-10000n), [1n, 1n, 1n])).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('gives leftover units to the largest remainders', () => {
    // exact shares in cents: 1.67, 3.33, 5 -> the first has the largest remainder
    expect(parts(eur(10n), [1n, 2n, 3n])).toEqual(['0.02', '0.03', '0.05']);
    // exact shares 0.5, 1, 1.5: the tie between the first and the last goes to the first
    expect(parts(eur(3n), [1n, 2n, 3n])).toEqual(['0.01', '0.01', '0.01']);
    // exact shares 0.5, 2.5: tie again, earliest wins
    expect(parts(eur(3n), [1n, 5n])).toEqual(['0.01', '0.02']);
    expect(parts(eur(10n), [3n, 7n])).toEqual(['0.03', '0.07']);
    expect(parts(eur(5n), [1n, 1n, 1n, 1n])).toEqual(['0.02', '0.01', '0.01', '0.01']);
  });

  it('gives nothing to a zero ratio', () => {
    expect(parts(eur(101n), [0n, 1n, 1n])).toEqual(['0.00', '0.51', '0.50']);
  });

  it('works in currencies without decimals', () => {
    expect(parts(money(100n, 'JPY'), [1n, 2n])).toEqual(['33', '67']);
  });

  it.each([
    ['no', []],
    ['all-zero', [0n, 0n]],
    ['negative', [1n, -1n]],
  ])('rejects %s ratios', (_label, ratios) => {
    expect(codeOf(() => allocate(eur(100n), ratios))).toBe('invalid_ratios');
  });
});
